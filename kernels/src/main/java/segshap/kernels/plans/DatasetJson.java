package segshap.kernels.plans;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import segshap.kernels.InputException;

/**
 * The parts of an nnU-Net {@code dataset.json} that inference reads: input channels, labels and the file
 * ending. Only label-based (softmax) models are supported; region-based models (a label mapped to a list
 * of several values) are rejected.
 *
 * <p>Output channel {@code i} of the network corresponds to the {@code i}-th smallest distinct label value
 * ({@link #outputLabelValues()}), background 0 included, the {@code ignore} label excluded. Example:
 * labels {@code {"background": 0, "liver": 1, "tumor": 2}} → 3 heads, channel 2 ↔ label 2 "tumor".
 *
 * @param source       the file path, used in error messages
 * @param channelNames input channel names in channel order ({@code channel_names["0"]}, …; legacy {@code modality})
 * @param labels       label name → value in file order, {@code ignore} excluded; contains {@code background → 0}
 * @param ignoreLabel  the {@code ignore} label value (greater than every other label), or {@code null}
 * @param fileEnding   image file ending, e.g. {@code .nii.gz}
 */
public record DatasetJson(String source, List<String> channelNames, Map<String, Integer> labels, Integer ignoreLabel,
                          String fileEnding) {

    public DatasetJson {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(fileEnding, "fileEnding");
        channelNames = List.copyOf(channelNames);
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        if (channelNames.isEmpty()) {
            throw new InputException(source + ": channel_names is empty; a model needs at least one input channel");
        }
        Integer bg = labels.get("background");
        if (bg == null || bg != 0) {
            throw new InputException(source + ": labels must declare \"background\": 0, found "
                    + (bg == null ? "no background label" : "background = " + bg));
        }
        for (Map.Entry<String, Integer> e : labels.entrySet()) {
            if (e.getValue() < 0) {
                throw new InputException(source + ": labels." + e.getKey() + " = " + e.getValue()
                        + "; label values must be >= 0");
            }
        }
        if (ignoreLabel != null) {
            int max = Collections.max(labels.values());
            if (ignoreLabel != max + 1) {
                // nnU-Net's LabelManager asserts ignore == max(labels) + 1
                throw new InputException(source + ": labels.ignore = " + ignoreLabel + " but the ignore label must be "
                        + "the highest value, max(other labels) + 1 = " + (max + 1));
            }
        }
    }

    /**
     * Reads and validates {@code dataset.json}.
     *
     * @throws InputException if the file is missing or malformed, background is not 0, the ignore label is
     *                        not the highest, or the model is region-based
     */
    public static DatasetJson read(Path file) {
        JsonNode root = JsonFields.parse(file, "expected nnU-Net's dataset.json (copied into the model folder by training)");
        JsonFields f = new JsonFields(file.toString());

        String channelsKey = root.has("channel_names") ? "channel_names" : "modality"; // modality: legacy name
        JsonNode channels = f.object(root, channelsKey, channelsKey);
        List<String> channelNames = new ArrayList<>();
        for (int c = 0; c < channels.size(); c++) {
            JsonNode n = channels.get(Integer.toString(c));
            if (n == null) {
                throw f.error(channelsKey, "channel keys must be \"0\"…\"" + (channels.size() - 1) + "\", found "
                        + JsonFields.describe(channels));
            }
            if (!n.isTextual()) throw f.error(channelsKey + "." + c, "expected a string, found " + JsonFields.describe(n));
            channelNames.add(n.asText());
        }

        JsonNode labelsNode = f.object(root, "labels", "labels");
        Map<String, Integer> labels = new LinkedHashMap<>();
        Integer ignore = null;
        Iterator<Map.Entry<String, JsonNode>> it = labelsNode.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = "labels." + e.getKey();
            JsonNode v = e.getValue();
            if (e.getKey().equals("ignore")) {
                if (!v.isIntegralNumber()) throw f.error(path, "the ignore label must be an integer, found " + JsonFields.describe(v));
                ignore = f.integer(v, path);
                continue;
            }
            if (v.isArray()) {
                // nnU-Net treats a one-element list as a plain label; more than one value makes it a region
                if (v.size() != 1) {
                    throw f.error(path, "maps to the list " + JsonFields.describe(v)
                            + ": region-based models are not supported yet (only label-based softmax models)");
                }
                v = v.get(0);
            }
            labels.put(e.getKey(), f.integer(v, path));
        }
        String fileEnding = f.string(root, "file_ending", "file_ending");
        return new DatasetJson(file.toString(), channelNames, labels, ignore, fileEnding);
    }

    /** Number of input channels (files {@code _0000}, {@code _0001}, …). */
    public int inputChannelCount() {
        return channelNames.size();
    }

    /** Distinct label values in ascending order, ignore excluded: output channel {@code i} ↔ value {@code [i]}. */
    public int[] outputLabelValues() {
        return new TreeSet<>(labels.values()).stream().mapToInt(Integer::intValue).toArray();
    }

    /** Number of network output channels (softmax heads), background included. */
    public int numHeads() {
        return new TreeSet<>(labels.values()).size();
    }

    /** The first label name (in file order) with value {@code value}, or {@code null}. */
    public String labelName(int value) {
        for (Map.Entry<String, Integer> e : labels.entrySet()) {
            if (e.getValue() == value) return e.getKey();
        }
        return null;
    }
}

package segshap.kernels.predict;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import segshap.kernels.checkpoint.SafetensorsReader;
import segshap.kernels.tensor.FloatTensor;

/**
 * A two-channel nnU-Net model folder derived from the single-channel TinyCT fixture, for multi-channel tests (no
 * genuine multi-channel fixture exists): plans.json with one normalisation scheme per channel (channel 1 reuses
 * channel 0's CT intensity statistics), dataset.json with two channel names, and {@code fold_0/network_weights.safetensors}
 * whose first convolution reads only one of the two channels: the fixture's weights on {@code usedChannel}, exact zeros on
 * the other. Our convolution sums its products in ascending (channel, tap) order with fused multiply-adds, and adding
 * {@code 0·x} is exact, so such a model gives bit for bit the fixture's logits for the image fed to {@code usedChannel}.
 * Public because the engine's command-line tests use it too.
 */
public final class TwoChannelModel {
    /** The first convolution of the fixture's PlainConvUNet, weight (4, 1, 1, 3, 3). */
    static final String FIRST_CONV = "encoder.stages.0.0.convs.0.conv.weight";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TwoChannelModel() {}

    /**
     * Writes the model folder {@code dir/<fixture folder name>}.
     *
     * @param fixtureModel the TinyCT model folder (plans.json, dataset.json, fold_0/network_weights.safetensors)
     * @param schemes      plans.json normalisation scheme names for channels 0 and 1, e.g. ZScoreNormalization, CTNormalization
     * @param channelNames dataset.json channel names for channels 0 and 1
     * @param usedChannel  the channel the network reads (0 or 1)
     * @return the new model folder
     */
    public static Path write(Path fixtureModel, Path dir, List<String> schemes, List<String> channelNames, int usedChannel)
            throws IOException {
        Path out = dir.resolve(fixtureModel.getFileName());
        Files.createDirectories(out.resolve("fold_0"));

        ObjectNode plans = (ObjectNode) JSON.readTree(fixtureModel.resolve("plans.json").toFile());
        Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> configs = plans.get("configurations").properties().iterator();
        while (configs.hasNext()) {
            ObjectNode c = (ObjectNode) configs.next().getValue();
            if (!c.has("normalization_schemes")) continue;
            ArrayNode s = c.putArray("normalization_schemes");
            schemes.forEach(s::add);
            c.putArray("use_mask_for_norm").add(false).add(false);
        }
        ObjectNode intensities = (ObjectNode) plans.get("foreground_intensity_properties_per_channel");
        intensities.set("1", intensities.get("0").deepCopy());
        JSON.writeValue(out.resolve("plans.json").toFile(), plans);

        ObjectNode dataset = (ObjectNode) JSON.readTree(fixtureModel.resolve("dataset.json").toFile());
        ObjectNode names = dataset.putObject("channel_names");
        names.put("0", channelNames.get(0));
        names.put("1", channelNames.get(1));
        JSON.writeValue(out.resolve("dataset.json").toFile(), dataset);

        Map<String, FloatTensor> weights = new LinkedHashMap<>(
                SafetensorsReader.read(fixtureModel.resolve("fold_0/network_weights.safetensors")).tensors());
        weights.put(FIRST_CONV, spreadOverTwoChannels(weights.get(FIRST_CONV), usedChannel));
        try (OutputStream o = Files.newOutputStream(out.resolve("fold_0/network_weights.safetensors"))) {
            writeSafetensors(o, weights);
        }
        return out;
    }

    /** (O, 1, kz, ky, kx) → (O, 2, kz, ky, kx): the weights on {@code used}, zeros on the other channel. */
    static FloatTensor spreadOverTwoChannels(FloatTensor w, int used) {
        int[] s = w.shape();
        int o = s[0], taps = s[2] * s[3] * s[4];
        float[] src = w.data();
        float[] dst = new float[o * 2 * taps];
        for (int i = 0; i < o; i++) System.arraycopy(src, i * taps, dst, (i * 2 + used) * taps, taps);
        return new FloatTensor(new int[] {o, 2, s[2], s[3], s[4]}, dst);
    }

    /** The safetensors layout: u64 header length, JSON header (padded with spaces to 8 bytes), then F32 data. */
    static void writeSafetensors(OutputStream out, Map<String, FloatTensor> tensors) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Map.Entry<String, FloatTensor> e : tensors.entrySet()) {
            FloatTensor t = e.getValue();
            ObjectNode h = header.putObject(e.getKey());
            h.put("dtype", "F32");
            ArrayNode shape = h.putArray("shape");
            for (int d : t.shape()) shape.add(d);
            long start = data.size();
            ByteBuffer b = ByteBuffer.allocate(t.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(t.data());
            data.writeBytes(b.array());
            h.putArray("data_offsets").add(start).add(data.size());
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        byte[] head = (new String(json, StandardCharsets.UTF_8) + " ".repeat(padded - json.length)).getBytes(StandardCharsets.UTF_8);
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(head.length).array());
        out.write(head);
        out.write(data.toByteArray());
    }
}

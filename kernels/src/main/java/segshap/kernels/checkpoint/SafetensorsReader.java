package segshap.kernels.checkpoint;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import segshap.kernels.InputException;
import segshap.kernels.backend.ModelWeights;
import segshap.kernels.tensor.Float16;
import segshap.kernels.tensor.FloatTensor;

/**
 * Reads a {@code .safetensors} file into float32 {@link ModelWeights}.
 *
 * <p>Layout: 8 bytes little-endian header length {@code N}; {@code N} bytes of UTF-8 JSON mapping each
 * tensor name to {@code {"dtype", "shape", "data_offsets": [begin, end]}} (offsets relative to the byte
 * after the header, {@code end} exclusive), plus an optional {@code "__metadata__"} string map; then the
 * little-endian, row-major data. Floating-point dtypes {@code F32, F16, BF16, F64} are converted to
 * float32; any other dtype is rejected. As the reference reader does, the header is capped at 100 MB and
 * the data ranges must tile the buffer exactly: contiguous, non-overlapping, inside the file.
 *
 * <pre>{@code
 * ModelWeights w = SafetensorsReader.read(Path.of("fold_0/network_weights.safetensors"));
 * FloatTensor k = w.require("encoder.stages.0.0.convs.0.conv.weight", 32, 1, 3, 3, 3);
 * }</pre>
 */
public final class SafetensorsReader {
    /** The reference implementation's cap on the JSON header. */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    /** Duplicate tensor names are an error, not "last one wins". */
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private SafetensorsReader() {}

    /**
     * Reads every tensor of the file as float32, keyed by its name.
     *
     * @param file a safetensors file
     * @return the weights, {@code source} = the file path
     * @throws InputException if the file cannot be read, its header is malformed, a data range is out of
     *                        the file, overlapping or leaves a gap, or a tensor has a non-float dtype
     */
    public static ModelWeights read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileBytes = ch.size();
            if (fileBytes < 8) {
                throw new InputException(file + ": not a safetensors file: " + fileBytes
                        + " bytes, shorter than the 8-byte header length");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerBytes = lenBuf.getLong(0);
            if (headerBytes < 2 || headerBytes > MAX_HEADER_BYTES) {
                throw new InputException(file + ": safetensors header length " + Long.toUnsignedString(headerBytes)
                        + " bytes is outside [2, " + MAX_HEADER_BYTES + "]; the file is corrupt or not safetensors");
            }
            if (8 + headerBytes > fileBytes) {
                throw new InputException(file + ": safetensors header of " + headerBytes + " bytes runs past the end of the "
                        + fileBytes + "-byte file; the file is truncated");
            }
            ByteBuffer headerBuf = ByteBuffer.allocate((int) headerBytes);
            readFully(ch, headerBuf, 8);
            JsonNode header;
            try {
                header = JSON.readTree(new String(headerBuf.array(), StandardCharsets.UTF_8));
            } catch (JsonProcessingException e) {
                throw new InputException(file + ": safetensors header is not valid JSON (" + e.getOriginalMessage() + ")", e);
            }
            if (header == null || !header.isObject()) {
                throw new InputException(file + ": safetensors header must be a JSON object of tensor entries");
            }
            long dataStart = 8 + headerBytes;
            List<Entry> entries = parseEntries(file, header);
            checkRanges(file, entries, fileBytes - dataStart);
            Map<String, FloatTensor> tensors = new LinkedHashMap<>();
            for (Entry e : entries) {
                tensors.put(e.name, decode(ch, dataStart, e));
            }
            return new ModelWeights(file.toString(), tensors);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read safetensors file (" + e.getMessage() + ")", e);
        }
    }

    private record Entry(String name, String dtype, int bytesPerElement, int[] shape, long begin, long end) {}

    private static List<Entry> parseEntries(Path file, JsonNode header) {
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> f : header.properties()) {
            String name = f.getKey();
            if (name.equals("__metadata__")) continue;
            JsonNode v = f.getValue();
            String where = file + ": tensor '" + name + "'";
            if (!v.isObject() || !v.path("dtype").isTextual() || !v.path("shape").isArray()
                    || !v.path("data_offsets").isArray() || v.path("data_offsets").size() != 2) {
                throw new InputException(where + ": header entry must have \"dtype\" (string), \"shape\" (array) and"
                        + " \"data_offsets\" ([begin, end]), found " + v);
            }
            String dtype = v.get("dtype").asText();
            int width = switch (dtype) {
                case "F32" -> 4;
                case "F16", "BF16" -> 2;
                case "F64" -> 8;
                default -> throw new InputException(where + " has dtype " + dtype
                        + "; only F32, F16, BF16 and F64 weights are supported; convert the checkpoint to float");
            };
            JsonNode shapeNode = v.get("shape");
            int[] shape = new int[shapeNode.size()];
            long numel = 1;
            for (int i = 0; i < shape.length; i++) {
                JsonNode d = shapeNode.get(i);
                if (!d.canConvertToInt() || d.asInt() < 0) {
                    throw new InputException(where + ": shape " + shapeNode + " must hold non-negative integers");
                }
                shape[i] = d.asInt();
                numel *= shape[i];
                if (numel > Integer.MAX_VALUE) {
                    throw new InputException(where + ": shape " + shapeNode + " has more than 2^31-1 elements");
                }
            }
            JsonNode offs = v.get("data_offsets");
            if (!offs.get(0).canConvertToLong() || !offs.get(1).canConvertToLong()) {
                throw new InputException(where + ": data_offsets " + offs + " must be two integers");
            }
            long begin = offs.get(0).asLong();
            long end = offs.get(1).asLong();
            if (begin < 0 || end < begin) {
                throw new InputException(where + ": data_offsets " + offs + " must satisfy 0 <= begin <= end");
            }
            if (end - begin != numel * width) {
                throw new InputException(where + ": data_offsets " + offs + " span " + (end - begin) + " bytes but "
                        + dtype + " shape " + shapeNode + " needs " + numel * width);
            }
            entries.add(new Entry(name, dtype, width, shape, begin, end));
        }
        return entries;
    }

    /** Ranges sorted by begin must start at 0, follow each other without gap or overlap and end at the file's end. */
    private static void checkRanges(Path file, List<Entry> entries, long bufferBytes) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        String previous = "the start of the data buffer";
        for (Entry e : sorted) {
            if (e.begin != expected) {
                throw new InputException(file + ": tensor '" + e.name + "' data starts at byte " + e.begin + " but "
                        + previous + " ends at " + expected + " ("
                        + (e.begin < expected ? "overlapping" : "gap between") + " data ranges); the file is corrupt");
            }
            expected = e.end;
            previous = "tensor '" + e.name + "'";
        }
        if (expected != bufferBytes) {
            throw new InputException(file + ": tensor data ends at byte " + expected + " of a " + bufferBytes
                    + "-byte data buffer (" + (expected > bufferBytes ? "out of range; the file is truncated"
                    : "trailing bytes; the file is corrupt") + ")");
        }
    }

    private static FloatTensor decode(FileChannel ch, long dataStart, Entry e) throws IOException {
        int n = (int) ((e.end - e.begin) / e.bytesPerElement);
        float[] out = new float[n];
        if (n == 0) return new FloatTensor(e.shape, out);
        ByteBuffer buf = ch.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin, e.end - e.begin)
                .order(ByteOrder.LITTLE_ENDIAN);
        switch (e.dtype) {
            case "F32" -> buf.asFloatBuffer().get(out);
            case "F64" -> {
                for (int i = 0; i < n; i++) out[i] = (float) buf.getDouble(i * 8);
            }
            case "F16" -> {
                for (int i = 0; i < n; i++) out[i] = Float16.toFloat(buf.getShort(i * 2));
            }
            // bfloat16 is the upper half of a float32
            case "BF16" -> {
                for (int i = 0; i < n; i++) out[i] = Float.intBitsToFloat((buf.getShort(i * 2) & 0xffff) << 16);
            }
            default -> throw new AssertionError(e.dtype);
        }
        return new FloatTensor(e.shape, out);
    }

    private static void readFully(FileChannel ch, ByteBuffer dst, long position) throws IOException {
        long pos = position;
        while (dst.hasRemaining()) {
            int r = ch.read(dst, pos);
            if (r < 0) throw new IOException("unexpected end of file at byte " + pos);
            pos += r;
        }
    }
}

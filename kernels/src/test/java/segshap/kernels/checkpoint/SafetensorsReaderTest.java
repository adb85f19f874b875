package segshap.kernels.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.kernels.InputException;
import segshap.kernels.backend.ModelWeights;
import segshap.kernels.tensor.FloatTensor;

class SafetensorsReaderTest {
    private static final Path MODEL = Path.of(
            "src/test/resources/fixtures/nnunet-v2/models/Dataset901_TinyCT/nnUNetTrainer__nnUNetPlans__3d_fullres");
    /** The manifest's sums are float64 sums of the same float32 values, in another order. */
    private static final double SUM_ABS_TOL = 1e-9;

    @TempDir
    Path tmp;

    @Test
    void readsEveryCanonicalFixtureTensorWithManifestShapesAndValues() throws IOException {
        ModelWeights w = SafetensorsReader.read(MODEL.resolve("fold_0/network_weights.safetensors"));
        assertEquals(68, w.tensors().size()); // 188 state-dict keys over 68 storages; the file keeps canonical names
        JsonNode manifest = new ObjectMapper().readTree(MODEL.resolve("checkpoint_manifest.json").toFile());
        Map<String, JsonNode> byKey = new HashMap<>();
        for (JsonNode e : manifest.get("network_weights")) byKey.put(e.get("key").asText(), e);
        for (Map.Entry<String, FloatTensor> t : w.tensors().entrySet()) {
            JsonNode e = byKey.get(t.getKey());
            assertTrue(e != null, "manifest lacks " + t.getKey());
            int[] shape = new int[e.get("shape").size()];
            for (int i = 0; i < shape.length; i++) shape[i] = e.get("shape").get(i).asInt();
            assertArrayEquals(shape, t.getValue().shape(), t.getKey());
            float[] data = t.getValue().data();
            for (int i = 0; i < e.get("first_values").size(); i++) {
                assertEquals((float) e.get("first_values").get(i).asDouble(), data[i], t.getKey() + "[" + i + "]");
            }
            double sum = 0;
            for (float v : data) sum += v;
            assertEquals(e.get("sum").asDouble(), sum, SUM_ABS_TOL, t.getKey());
        }
        assertTrue(w.source().endsWith("network_weights.safetensors"));
    }

    @Test
    void convertsF16Bf16AndF64ToFloat32() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(4 + 4 + 16).order(ByteOrder.LITTLE_ENDIAN);
        data.putShort((short) 0x3C00).putShort((short) 0xC100);   // F16 1.0, -2.5
        data.putShort((short) 0x3F80).putShort((short) 0x4040);   // BF16 1.0, 3.0
        data.putDouble(0.1).putDouble(-7.25);                     // F64
        Path f = write("mixed.safetensors", "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2,1],\"data_offsets\":[4,8]},"
                + "\"d\":{\"dtype\":\"F64\",\"shape\":[1,2],\"data_offsets\":[8,24]},"
                + "\"__metadata__\":{\"format\":\"pt\"}}", data.array());
        ModelWeights w = SafetensorsReader.read(f);
        assertArrayEquals(new float[] {1f, -2.5f}, w.tensors().get("h").data());
        assertArrayEquals(new float[] {1f, 3f}, w.tensors().get("b").data());
        assertArrayEquals(new int[] {2, 1}, w.tensors().get("b").shape());
        assertArrayEquals(new float[] {0.1f, -7.25f}, w.tensors().get("d").data());
    }

    @Test
    void overlappingRangesAreRejected() throws IOException {
        Path f = write("overlap.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8]);
        assertRejected(f, "overlapping");
    }

    @Test
    void gapBetweenRangesIsRejected() throws IOException {
        Path f = write("gap.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", new byte[12]);
        assertRejected(f, "gap");
    }

    @Test
    void rangeBeyondTheFileIsRejected() throws IOException {
        Path f = write("short.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", new byte[8]);
        assertRejected(f, "truncated");
    }

    @Test
    void trailingBytesAreRejected() throws IOException {
        Path f = write("trailing.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[8]);
        assertRejected(f, "trailing");
    }

    @Test
    void rangeThatDisagreesWithTheShapeIsRejected() throws IOException {
        Path f = write("size.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]);
        assertRejected(f, "needs 12");
    }

    @Test
    void duplicateTensorNameIsRejected() throws IOException {
        Path f = write("dup.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8]);
        assertRejected(f, "Duplicate field 'a'");
    }

    @Test
    void integerDtypeIsRejectedWithItsName() throws IOException {
        Path f = write("int.safetensors", "{\"step\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", new byte[8]);
        assertRejected(f, "'step' has dtype I64");
    }

    @Test
    void headerLongerThanTheCapIsRejected() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(SafetensorsReader.MAX_HEADER_BYTES + 1).putLong(0);
        Path f = tmp.resolve("huge.safetensors");
        Files.write(f, b.array());
        assertRejected(f, "header length");
    }

    @Test
    void malformedJsonAndShortFilesAreRejected() throws IOException {
        assertRejected(write("bad.safetensors", "{\"a\": [", new byte[0]), "not valid JSON");
        Path tiny = tmp.resolve("tiny.safetensors");
        Files.write(tiny, new byte[] {1, 2, 3});
        assertRejected(tiny, "shorter than the 8-byte header length");
        assertRejected(tmp.resolve("absent.safetensors"), "cannot read");
    }

    private void assertRejected(Path f, String fragment) {
        InputException e = assertThrows(InputException.class, () -> SafetensorsReader.read(f));
        assertTrue(e.getMessage().contains(f.toString()), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(fragment), "says '" + fragment + "': " + e.getMessage());
    }

    private Path write(String name, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        Path f = tmp.resolve(name);
        Files.write(f, b.array());
        return f;
    }
}

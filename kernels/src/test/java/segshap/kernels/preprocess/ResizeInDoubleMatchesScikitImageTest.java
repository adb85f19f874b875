package segshap.kernels.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * scikit-image 0.19.3 {@code resize(x, shape, order, mode='edge', anti_aliasing=False)} on float64 data, compared
 * in double before any float32 rounding (references: tools/make_resampling_refs.py, "doubleResize").
 */
class ResizeInDoubleMatchesScikitImageTest {
    /** Same operations in the same order as scipy; ~2 ulps (values ~100) in case a platform pow() differs. */
    static final double DOUBLE_ABS_TOL = 3e-14;

    static Stream<JsonNode> cases() throws IOException {
        JsonNode root = new ObjectMapper().readTree(ResamplingMatchesNnunetTest.DIR.resolve("cases.json").toFile());
        List<JsonNode> list = new ArrayList<>();
        root.get("doubleResize").forEach(list::add);
        return list.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void doubleResultMatchesScikitImage(JsonNode c) throws IOException {
        String name = c.get("name").asText();
        double[] input = readFloat64(ResamplingMatchesNnunetTest.DIR.resolve(name + ".input.npy"));
        double[] expected = readFloat64(ResamplingMatchesNnunetTest.DIR.resolve(name + ".expected.npy"));
        double[] actual = Resampling.resize(input, ResamplingMatchesNnunetTest.ints(c.get("shape")),
                ResamplingMatchesNnunetTest.ints(c.get("newShape")), c.get("order").asInt());
        assertEquals(expected.length, actual.length);
        int exact = 0;
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            if (actual[i] == expected[i]) exact++;
            max = Math.max(max, Math.abs(actual[i] - expected[i]));
        }
        System.out.printf("%-28s %5d/%5d bit-exact in double, max |diff| %.3g%n", name, exact, expected.length, max);
        assertEquals(0.0, max, DOUBLE_ABS_TOL, name);
    }

    /** Little-endian C-order float64 .npy (the shared Npy reader converts to float32). */
    static double[] readFloat64(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen = Short.toUnsignedInt(buf.getShort(8));
        String header = new String(bytes, 10, headerLen, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (bytes[6] != 1 || !header.contains("'<f8'") || !header.contains("'fortran_order': False")) {
            throw new IOException(file + ": expected a version-1 little-endian C-order float64 .npy, header " + header);
        }
        int start = 10 + headerLen;
        double[] out = new double[(bytes.length - start) / 8];
        buf.position(start);
        buf.slice().order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(out);
        return out;
    }
}

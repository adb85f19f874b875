package segshap.kernels.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import segshap.kernels.tensor.FloatTensor;
import segshap.kernels.tensor.Npy;

/**
 * Resampling against references made by tools/make_resampling_refs.py with scikit-image 0.19.3 / scipy 1.10.1
 * (nnU-Net's own resize call, and its separate-z logic re-written from the spec).
 */
class ResamplingMatchesNnunetTest {
    static final Path DIR = Path.of("src/test/resources/preprocess/resampling");
    /** Double computation replays scipy's operation order; what is left is float32 (or fp16) rounding of ties. */
    static final double RESAMPLING_ABS_TOL = 1e-6;
    /** Relative part, for values up to ~2000: one float32 ulp there is 1.2e-4. */
    static final double RESAMPLING_REL_TOL = 1e-7;

    private static final List<String> SUMMARY = new ArrayList<>();

    static Stream<JsonNode> cases() throws IOException {
        JsonNode root = new ObjectMapper().readTree(DIR.resolve("cases.json").toFile());
        List<JsonNode> list = new ArrayList<>();
        root.get("cases").forEach(list::add);
        return list.stream();
    }

    static double[] doubles(JsonNode n) {
        double[] out = new double[n.size()];
        for (int i = 0; i < out.length; i++) out[i] = n.get(i).asDouble();
        return out;
    }

    static int[] ints(JsonNode n) {
        int[] out = new int[n.size()];
        for (int i = 0; i < out.length; i++) out[i] = n.get(i).asInt();
        return out;
    }

    static FloatTensor run(JsonNode c, FloatTensor input) {
        Boolean force = c.get("forceSeparateZ").isNull() ? null : c.get("forceSeparateZ").asBoolean();
        Resampling.Storage storage = c.get("dtype").asText().equals("float16") ? Resampling.Storage.FLOAT16 : Resampling.Storage.FLOAT32;
        return Resampling.resampleDataOrSegToShape(input, ints(c.get("newShapeZyx")), doubles(c.get("currentSpacingZyx")),
                doubles(c.get("newSpacingZyx")), c.get("isSeg").asBoolean(), c.get("order").asInt(), c.get("orderZ").asInt(),
                force, storage);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void resampledVolumeMatchesScikitImageAndNnunetLogic(JsonNode c) {
        String name = c.get("name").asText();
        FloatTensor input = Npy.read(DIR.resolve(name + ".input.npy"));
        FloatTensor expected = Npy.read(DIR.resolve(name + ".expected.npy"));
        FloatTensor actual = run(c, input);
        assertArrayEquals(expected.shape(), actual.shape(), name + ": shape");

        float[] e = expected.data(), a = actual.data();
        int exact = 0, worst = -1, failures = 0;
        double maxDiff = 0;
        StringBuilder first = new StringBuilder();
        for (int i = 0; i < e.length; i++) {
            double d = Math.abs((double) a[i] - e[i]);
            if (a[i] == e[i]) exact++;
            if (d > maxDiff) {
                maxDiff = d;
                worst = i;
            }
            if (d > RESAMPLING_ABS_TOL + RESAMPLING_REL_TOL * Math.abs(e[i]) && failures++ < 5) {
                first.append(String.format(" [%s] %s vs %s;", index(expected.shape(), i), a[i], e[i]));
            }
        }
        SUMMARY.add(String.format("%-40s %6d/%6d bit-exact, max |diff| %.3g", name, exact, e.length, maxDiff));
        assertEquals(0, failures, name + ": " + failures + " voxels beyond tolerance, max |diff| " + maxDiff
                + " at (c,z,y,x) " + (worst < 0 ? "-" : index(expected.shape(), worst)) + "; first:" + first);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void separateZDecisionMatchesNnunet(JsonNode c) {
        Boolean force = c.get("forceSeparateZ").isNull() ? null : c.get("forceSeparateZ").asBoolean();
        Resampling.SeparateZ sep = Resampling.determineDoSeparateZAndAxis(force, doubles(c.get("currentSpacingZyx")),
                doubles(c.get("newSpacingZyx")));
        assertEquals(c.get("expectDoSeparateZ").asBoolean(), sep.doSeparateZ(), c.get("name").asText());
        assertEquals(c.get("expectAxis").asInt(), sep.axis(), c.get("name").asText());
    }

    @Test
    void resultDoesNotDependOnTheNumberOfThreads() throws Exception {
        JsonNode big = cases().filter(c -> c.get("name").asText().equals("plain_order3_12x20x18_to_30x16x25")).findFirst().orElseThrow();
        JsonNode sep = cases().filter(c -> c.get("name").asText().equals("sepz_current_order3_orderz1")).findFirst().orElseThrow();
        for (JsonNode c : List.of(big, sep)) {
            FloatTensor input = Npy.read(DIR.resolve(c.get("name").asText() + ".input.npy"));
            ForkJoinPool one = new ForkJoinPool(1), four = new ForkJoinPool(4);
            try {
                FloatTensor single = one.submit(() -> run(c, input)).get();
                FloatTensor multi = four.submit(() -> run(c, input)).get();
                assertEquals(single, multi, c.get("name").asText());
            } finally {
                one.shutdown();
                four.shutdown();
            }
        }
    }

    @AfterAll
    static void printSummary() {
        SUMMARY.forEach(System.out::println);
    }

    static String index(int[] shape, int flat) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        assertTrue(flat == 0);
        return java.util.Arrays.toString(idx);
    }
}

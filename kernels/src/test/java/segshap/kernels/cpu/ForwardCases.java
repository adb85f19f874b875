package segshap.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import segshap.kernels.backend.Architecture;
import segshap.kernels.backend.NetworkSpec;
import segshap.kernels.tensor.FloatTensor;

/** Networks and references shared by the CPU forward tests, and the tolerance-reporting comparison. */
final class ForwardCases {
    static final Path FIXTURE = Path.of("src/test/resources/fixtures/nnunet-v2");
    static final Path FIXTURE_WEIGHTS = FIXTURE.resolve(
            "models/Dataset901_TinyCT/nnUNetTrainer__nnUNetPlans__3d_fullres/fold_0/network_weights.safetensors");
    static final Path SINGLE_PATCH = FIXTURE.resolve("single_patch/plain");
    static final Path FORWARD = Path.of("src/test/resources/forward");

    private ForwardCases() {}

    /** The fixture model's 3d_fullres network (plans.json of Dataset901_TinyCT). */
    static NetworkSpec fixtureSpec() {
        return new NetworkSpec(Architecture.PLAIN_CONV_UNET, 1, 3, new int[] {4, 8, 16, 32},
                new int[][] {{1, 3, 3}, {3, 3, 3}, {3, 3, 3}, {3, 3, 3}},
                new int[][] {{1, 1, 1}, {1, 2, 2}, {2, 2, 2}, {2, 2, 2}},
                new int[] {2, 2, 2, 2}, new int[] {2, 2, 2}, true, 1e-5, 0.01);
    }

    /** The spec.json written by tools/make_forward_refs.py. */
    static NetworkSpec readSpec(Path specJson) {
        try {
            JsonNode j = new ObjectMapper().readTree(specJson.toFile());
            return new NetworkSpec(Architecture.valueOf(j.get("architecture").asText()), j.get("inputChannels").asInt(),
                    j.get("numHeads").asInt(), ints(j.get("featuresPerStage")), triples(j.get("kernelSizesZyx")),
                    triples(j.get("stridesZyx")), ints(j.get("blocksPerStage")), ints(j.get("convsPerStageDecoder")),
                    j.get("convBias").asBoolean(), j.get("normEps").asDouble(), j.get("leakySlope").asDouble());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + specJson + "; re-run tools/make_forward_refs.py", e);
        }
    }

    private static int[] ints(JsonNode a) {
        int[] r = new int[a.size()];
        for (int i = 0; i < r.length; i++) r[i] = a.get(i).asInt();
        return r;
    }

    private static int[][] triples(JsonNode a) {
        int[][] r = new int[a.size()][];
        for (int i = 0; i < r.length; i++) r[i] = ints(a.get(i));
        return r;
    }

    /** Tile extent {@code (Z, Y, X)} of a {@code (B, C, Z, Y, X)} tensor. */
    static int[] tileZyx(FloatTensor bczyx) {
        return new int[] {bczyx.dim(2), bczyx.dim(3), bczyx.dim(4)};
    }

    /**
     * Asserts |actual − expected| ≤ tol element-wise over a {@code (C, Z, Y, X)} block, reporting the largest
     * difference with its {@code (c,z,y,x)} position and the first few mismatches.
     */
    static void assertClose(String what, FloatTensor expected, float[] actual, int offset, int[] shapeCzyx, float tol) {
        int n = shapeCzyx[0] * shapeCzyx[1] * shapeCzyx[2] * shapeCzyx[3];
        if (expected.size() != n) {
            fail(what + ": reference has " + expected.size() + " elements, ours " + n);
        }
        int[] expectedShape = expected.shape();
        int[] tail = new int[] {expectedShape[expectedShape.length - 4], expectedShape[expectedShape.length - 3],
                expectedShape[expectedShape.length - 2], expectedShape[expectedShape.length - 1]};
        assertArrayEquals(tail, shapeCzyx, what + ": shape (c,z,y,x)");
        float[] e = expected.data();
        double maxDiff = -1;
        int worst = -1;
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float a = actual[offset + i];
            double d = Math.abs((double) a - e[i]);
            if (!(d <= maxDiff) || Double.isNaN(d)) {
                maxDiff = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(maxDiff, d);
                worst = i;
            }
            if ((!(d <= tol)) && mismatches.size() < 5) {
                mismatches.add(position(i, shapeCzyx) + " ours " + a + " ref " + e[i]);
            }
        }
        if (!mismatches.isEmpty()) {
            fail(what + ": max |diff| " + maxDiff + " at (c,z,y,x) " + position(worst, shapeCzyx) + " exceeds " + tol
                    + "; first mismatches: " + String.join("; ", mismatches));
        }
    }

    private static String position(int i, int[] s) {
        int x = i % s[3];
        int y = (i / s[3]) % s[2];
        int z = (i / (s[3] * s[2])) % s[1];
        int c = i / (s[3] * s[2] * s[1]);
        return "(" + c + "," + z + "," + y + "," + x + ")";
    }
}

package segshap.kernels.window;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import segshap.kernels.backend.Architecture;
import segshap.kernels.backend.ModelWeights;
import segshap.kernels.backend.NetworkSpec;
import segshap.kernels.checkpoint.SafetensorsReader;
import segshap.kernels.cpu.CpuBackend;
import segshap.kernels.tensor.Float16;
import segshap.kernels.tensor.FloatTensor;

/**
 * The sliding window with the Java CPU backend on nnU-Net's case {@code cases/main} (40×70×60, 48 tiles,
 * mirroring off) against nnU-Net's own volume logits.
 */
class SlidingWindowFixtureTest {
    /** fp32 accumulation: the fixture README's achievable bound (backend summation order differs from torch's). */
    static final double FP32_ABS_TOL = 1e-4;
    /**
     * fp16 accumulation: tile logits that differ from torch's by ~1e-5 flip some binary16 roundings (one fp16 ulp
     * is 2^-6 for |z| in [16, 32), more where the Gaussian weight sum is tiny). Replaying nnU-Net's fusion in
     * torch with ±1e-5 noise on the tile logits gave max |diff| 0.016 and 99.7 % bit-equal values; exact torch
     * tile logits give 100 % (the fp16 emulation itself is checked bit for bit by SlidingWindowTorchReferenceTest).
     */
    static final double FP16_ABS_TOL = 0.0625;
    static final double FP16_MIN_BIT_EQUAL_FRACTION = 0.999; // measured 0.9996 (196 of 504,000 differ)

    static final Path FIXTURES = Path.of("src/test/resources/fixtures/nnunet-v2");
    static final Path WEIGHTS = FIXTURES.resolve(
            "models/Dataset901_TinyCT/nnUNetTrainer__nnUNetPlans__3d_fullres/fold_0/network_weights.safetensors");
    static final int[] PATCH = {16, 32, 32};
    static final NetworkSpec SPEC = new NetworkSpec(Architecture.PLAIN_CONV_UNET, 1, 3, new int[] {4, 8, 16, 32},
            new int[][] {{1, 3, 3}, {3, 3, 3}, {3, 3, 3}, {3, 3, 3}},
            new int[][] {{1, 1, 1}, {1, 2, 2}, {2, 2, 2}, {2, 2, 2}},
            new int[] {2, 2, 2, 2}, new int[] {2, 2, 2}, true, 1e-5, 0.01);

    private static FloatTensor predict(AccumulationMode mode) {
        ModelWeights weights = SafetensorsReader.read(WEIGHTS);
        FloatTensor input = WindowTestData.fixture("cases/main/preprocessed_czyx.npy");
        try (CpuBackend backend = new CpuBackend(SPEC, weights, 2, CpuBackend.DEFAULT_MEMORY_BUDGET_BYTES)) {
            return new SlidingWindowPredictor(backend, new SlidingWindowPredictor.Options(4, new int[0], mode,
                    TileGrid.DEFAULT_TILE_STEP_SIZE)).predictLogits(input, PATCH, TileProgress.NONE);
        }
    }

    @Test
    void float32FusionMatchesNnunetsFloat32AccumulatedLogits() {
        FloatTensor expected = WindowTestData.fixture("cases/main/plain/logits_fp32acc.npy");
        WindowTestData.assertClose(expected, predict(AccumulationMode.FLOAT32), FP32_ABS_TOL, 0, "fp32 volume logits");
    }

    @Test
    void float16FusionReproducesNnunetsGenuineLogits() {
        FloatTensor expected = WindowTestData.fixture("cases/main/plain/logits_nnunet_fp16acc.npy");
        FloatTensor actual = predict(AccumulationMode.NNUNET_FLOAT16);
        WindowTestData.assertClose(expected, actual, FP16_ABS_TOL, 0, "fp16 volume logits");
        float[] e = expected.data(), a = actual.data();
        int equal = 0;
        for (int i = 0; i < e.length; i++) if (e[i] == a[i]) equal++;
        double fraction = (double) equal / e.length;
        System.out.printf("fp16 emulation: %d of %d logits bit-equal to nnU-Net's (%.4f)%n", equal, e.length, fraction);
        assertTrue(fraction >= FP16_MIN_BIT_EQUAL_FRACTION,
                "only " + equal + " of " + e.length + " fp16 logits bit-equal to nnU-Net's (" + fraction + ")");
        float[] rounded = new float[a.length];
        for (int i = 0; i < a.length; i++) rounded[i] = Float16.round(a[i]);
        assertTrue(Arrays.equals(a, rounded), "fp16 mode produced values that are not binary16");
    }
}

package segshap.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each op of the backend against a direct loop-for-loop transcription of its formula in double, on odd shapes
 * that hit every code path: kernels 1/2/3/5, anisotropic strides, several position blocks and im2col chunks,
 * channel counts that are not multiples of the 3-row register block.
 */
class OpsMatchNaiveLoopsTest {
    /** Inputs ~N(0,1), weights ~N(0,1/K): outputs are O(1); fp32 fused multiply-adds over up to ~2000 taps. */
    static final double OP_ABS_TOL = 2e-5;

    static Stream<Arguments> convCases() {
        return Stream.of(
                // inC, outC, input zyx, kernel zyx, stride zyx, threads
                Arguments.of(1, 4, new int[] {5, 7, 9}, new int[] {3, 3, 3}, new int[] {1, 1, 1}, 1),
                Arguments.of(2, 5, new int[] {4, 6, 20}, new int[] {1, 3, 3}, new int[] {1, 2, 2}, 2),
                Arguments.of(5, 7, new int[] {6, 5, 7}, new int[] {3, 3, 3}, new int[] {2, 2, 2}, 3),
                Arguments.of(3, 3, new int[] {3, 4, 5}, new int[] {1, 1, 1}, new int[] {1, 1, 1}, 2),
                Arguments.of(4, 8, new int[] {9, 8, 30}, new int[] {3, 5, 3}, new int[] {1, 1, 1}, 2),
                Arguments.of(70, 10, new int[] {4, 8, 8}, new int[] {3, 3, 3}, new int[] {1, 1, 1}, 2),
                Arguments.of(2, 6, new int[] {7, 9, 11}, new int[] {3, 3, 1}, new int[] {2, 1, 1}, 1),
                Arguments.of(3, 4, new int[] {6, 6, 6}, new int[] {2, 2, 2}, new int[] {2, 2, 2}, 1),
                Arguments.of(1, 2, new int[] {1, 1, 1}, new int[] {3, 3, 3}, new int[] {1, 1, 1}, 1));
    }

    @ParameterizedTest(name = "conv in {0} out {1} zyx {2} k {3} s {4} threads {5}")
    @MethodSource("convCases")
    void convolutionMatchesTheDefinition(int inC, int outC, int[] inZyx, int[] k, int[] s, int threads) {
        SplittableRandom rng = new SplittableRandom(inC * 1000L + outC);
        int taps = k[0] * k[1] * k[2];
        float[] w = gaussian(rng, outC * inC * taps, 1.0 / Math.sqrt(inC * taps));
        float[] bias = gaussian(rng, outC, 0.5);
        int inOffset = 3; // the network input comes at an offset inside a batch array
        float[] in = gaussian(rng, inOffset + inC * inZyx[0] * inZyx[1] * inZyx[2], 1.0);
        Conv3dForward conv = new Conv3dForward(w, bias, outC, inC, k, s);
        int[] o = conv.outputZyx(inZyx);
        float[] out = new float[outC * o[0] * o[1] * o[2]];
        try (ParallelFor par = new ParallelFor(threads)) {
            conv.forward(in, inOffset, inZyx, out, par, scratch(threads, conv.accRows()));
        }
        int[] p = {(k[0] - 1) / 2, (k[1] - 1) / 2, (k[2] - 1) / 2};
        int i = 0;
        for (int oc = 0; oc < outC; oc++) {
            for (int z = 0; z < o[0]; z++) {
                for (int y = 0; y < o[1]; y++) {
                    for (int x = 0; x < o[2]; x++) {
                        double sum = bias[oc];
                        for (int c = 0; c < inC; c++) {
                            for (int a = 0; a < k[0]; a++) {
                                for (int b = 0; b < k[1]; b++) {
                                    for (int d = 0; d < k[2]; d++) {
                                        int zi = z * s[0] + a - p[0], yi = y * s[1] + b - p[1], xi = x * s[2] + d - p[2];
                                        if (zi < 0 || yi < 0 || xi < 0 || zi >= inZyx[0] || yi >= inZyx[1] || xi >= inZyx[2]) continue;
                                        sum += (double) w[(((oc * inC + c) * k[0] + a) * k[1] + b) * k[2] + d]
                                                * in[inOffset + ((c * inZyx[0] + zi) * inZyx[1] + yi) * inZyx[2] + xi];
                                    }
                                }
                            }
                        }
                        assertEquals(sum, out[i++], OP_ABS_TOL, "out (o,z,y,x) " + oc + "," + z + "," + y + "," + x);
                    }
                }
            }
        }
    }

    static Stream<Arguments> transposedCases() {
        return Stream.of(
                Arguments.of(5, 4, new int[] {3, 4, 5}, new int[] {1, 2, 2}, 1),
                Arguments.of(7, 3, new int[] {2, 3, 2}, new int[] {2, 2, 2}, 3),
                Arguments.of(4, 5, new int[] {8, 16, 16}, new int[] {2, 2, 2}, 2));
    }

    @ParameterizedTest(name = "transposed conv in {0} out {1} zyx {2} s {3} threads {4}")
    @MethodSource("transposedCases")
    void transposedConvolutionMatchesTheDefinition(int inC, int outC, int[] inZyx, int[] s, int threads) {
        SplittableRandom rng = new SplittableRandom(inC * 77L + outC);
        int taps = s[0] * s[1] * s[2];
        float[] w = gaussian(rng, inC * outC * taps, 1.0 / Math.sqrt(inC));
        float[] bias = gaussian(rng, outC, 0.5);
        float[] in = gaussian(rng, inC * inZyx[0] * inZyx[1] * inZyx[2], 1.0);
        ConvTranspose3dForward up = new ConvTranspose3dForward(w, bias, inC, outC, s);
        int[] o = up.outputZyx(inZyx);
        float[] out = new float[outC * o[0] * o[1] * o[2]];
        try (ParallelFor par = new ParallelFor(threads)) {
            Scratch[] sc = new Scratch[threads];
            for (int t = 0; t < threads; t++) sc[t] = new Scratch(Math.max(Scratch.BLOCK_ROWS, up.colRows()), up.accRows());
            up.forward(in, inZyx, out, par, sc);
        }
        int i = 0;
        for (int oc = 0; oc < outC; oc++) {
            for (int z = 0; z < o[0]; z++) {
                for (int y = 0; y < o[1]; y++) {
                    for (int x = 0; x < o[2]; x++) {
                        double sum = bias[oc];
                        int t = ((z % s[0]) * s[1] + y % s[1]) * s[2] + x % s[2];
                        for (int c = 0; c < inC; c++) {
                            sum += (double) w[(c * outC + oc) * taps + t]
                                    * in[((c * inZyx[0] + z / s[0]) * inZyx[1] + y / s[1]) * inZyx[2] + x / s[2]];
                        }
                        assertEquals(sum, out[i++], OP_ABS_TOL, "out (o,z,y,x) " + oc + "," + z + "," + y + "," + x);
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "avg pool stride {0}")
    @MethodSource("poolStrides")
    void averagePoolingMatchesTheDefinition(int[] s) {
        int[] inZyx = {4, 6, 8};
        int channels = 3;
        float[] in = gaussian(new SplittableRandom(5), channels * 4 * 6 * 8, 1.0);
        AvgPool3d pool = new AvgPool3d(s);
        int[] o = pool.outputZyx(inZyx);
        float[] out = new float[channels * o[0] * o[1] * o[2]];
        try (ParallelFor par = new ParallelFor(2)) {
            pool.forward(in, channels, inZyx, out, par);
        }
        int i = 0;
        for (int c = 0; c < channels; c++) {
            for (int z = 0; z < o[0]; z++) {
                for (int y = 0; y < o[1]; y++) {
                    for (int x = 0; x < o[2]; x++) {
                        double sum = 0;
                        for (int a = 0; a < s[0]; a++) {
                            for (int b = 0; b < s[1]; b++) {
                                for (int d = 0; d < s[2]; d++) {
                                    sum += in[((c * 4 + z * s[0] + a) * 6 + y * s[1] + b) * 8 + x * s[2] + d];
                                }
                            }
                        }
                        assertEquals(sum / (s[0] * s[1] * s[2]), out[i++], 1e-6);
                    }
                }
            }
        }
    }

    static Stream<int[]> poolStrides() {
        return Stream.of(new int[] {2, 2, 2}, new int[] {1, 2, 2}, new int[] {2, 1, 1});
    }

    static Stream<Arguments> normCases() {
        // slope, leaky, residual, channel mean (a large mean with a small spread checks the variance numerics)
        return Stream.of(
                Arguments.of(0.01, true, false, 0.0),
                Arguments.of(0.01, true, true, 5.0),
                Arguments.of(0.2, false, true, -3.0),
                Arguments.of(1.5, true, false, 100.0));
    }

    @ParameterizedTest(name = "norm slope {0} leaky {1} residual {2} mean {3}")
    @MethodSource("normCases")
    void instanceNormMatchesTheDefinition(double slope, boolean leaky, boolean withResidual, double mean) {
        SplittableRandom rng = new SplittableRandom(11);
        int channels = 4;
        int positions = 1001;
        float[] x = gaussian(rng, channels * positions, 0.1);
        for (int i = 0; i < x.length; i++) x[i] += (float) mean;
        float[] residual = withResidual ? gaussian(rng, x.length, 1.0) : null;
        float[] gamma = gaussian(rng, channels, 1.0);
        float[] beta = gaussian(rng, channels, 1.0);
        double eps = 1e-5;
        InstanceNormLeakyRelu norm = new InstanceNormLeakyRelu(gamma, beta, eps, slope);
        float[] out = new float[x.length];
        try (ParallelFor par = new ParallelFor(3)) {
            norm.apply(x, residual, out, positions, leaky, par);
        }
        for (int c = 0; c < channels; c++) {
            double m = 0;
            for (int i = 0; i < positions; i++) m += x[c * positions + i];
            m /= positions;
            double v = 0;
            for (int i = 0; i < positions; i++) v += Math.pow(x[c * positions + i] - m, 2);
            v /= positions;
            for (int i = 0; i < positions; i++) {
                int j = c * positions + i;
                double y = (x[j] - m) / Math.sqrt(v + eps) * gamma[c] + beta[c] + (residual == null ? 0 : residual[j]);
                if (leaky && y < 0) y *= slope;
                // float32 input: x − mean has ~1e-7·|mean| absolute error before scaling by γ/σ (σ ≈ 0.1)
                assertEquals(y, out[j], 1e-4 + 1e-5 * Math.abs(mean) * Math.abs(gamma[c]) / 0.1, "channel " + c + " index " + i);
            }
        }
    }

    private static Scratch[] scratch(int threads, int accRows) {
        Scratch[] s = new Scratch[threads];
        for (int t = 0; t < threads; t++) s[t] = new Scratch(Scratch.BLOCK_ROWS, accRows);
        return s;
    }

    private static float[] gaussian(SplittableRandom rng, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (rng.nextGaussian() * scale);
        return a;
    }
}

package segshap.kernels.window;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.Arrays;
import segshap.kernels.tensor.FloatTensor;
import segshap.kernels.tensor.Npy;

/** Test resources of this package and a comparison that reports where arrays differ. */
final class WindowTestData {
    private WindowTestData() {}

    /** References written by tools/make_window_refs.py. */
    static FloatTensor window(String name) {
        return Npy.read(Path.of("src/test/resources/window", name));
    }

    static FloatTensor fixture(String relative) {
        return Npy.read(Path.of("src/test/resources/fixtures/nnunet-v2", relative));
    }

    /** Fails unless |actual − expected| ≤ abs + rel·|expected| everywhere; reports max diff and first mismatches. */
    static void assertClose(FloatTensor expected, FloatTensor actual, double abs, double rel, String what) {
        if (!Arrays.equals(expected.shape(), actual.shape())) {
            fail(what + ": shape " + Arrays.toString(actual.shape()) + " vs expected " + Arrays.toString(expected.shape()));
        }
        float[] e = expected.data(), a = actual.data();
        double maxDiff = 0;
        int maxAt = -1, bad = 0;
        StringBuilder first = new StringBuilder();
        for (int i = 0; i < e.length; i++) {
            double d = Math.abs((double) a[i] - e[i]);
            boolean ok = d <= abs + rel * Math.abs(e[i]) && !Float.isNaN(a[i]);
            if (d > maxDiff || (Float.isNaN(a[i]) && maxAt < 0)) {
                maxDiff = d;
                maxAt = i;
            }
            if (!ok && bad++ < 5) {
                first.append("\n  at ").append(Arrays.toString(position(expected.shape(), i))).append(": ")
                        .append(a[i]).append(" vs ").append(e[i]);
            }
        }
        if (bad > 0) {
            fail(what + ": " + bad + " of " + e.length + " values differ; max |diff| " + maxDiff + " at "
                    + Arrays.toString(position(expected.shape(), maxAt)) + "; first:" + first);
        }
    }

    static void assertBitEqual(FloatTensor expected, FloatTensor actual, String what) {
        assertClose(expected, actual, 0, 0, what);
    }

    static int[] position(int[] shape, int flat) {
        int[] p = new int[shape.length];
        for (int a = shape.length - 1; a >= 0; a--) {
            p[a] = flat % shape[a];
            flat /= shape[a];
        }
        return p;
    }

    /** A seeded volume (c, z, y, x) of normal values times 1.5. */
    static FloatTensor randomVolume(long seed, int... shapeCzyx) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        float[] d = new float[Math.toIntExact(FloatTensor.numel(shapeCzyx))];
        for (int i = 0; i < d.length; i++) {
            // Box–Muller from two uniforms; any smooth spread of values will do
            double u = 1 - r.nextDouble(), v = r.nextDouble();
            d[i] = (float) (1.5 * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
        }
        return new FloatTensor(shapeCzyx, d);
    }
}

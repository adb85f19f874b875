package segshap.kernels.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import segshap.kernels.tensor.Float16;
import segshap.kernels.tensor.FloatTensor;

class GaussianImportanceMapTest {

    @Test
    void float16MapEqualsNnunetsFixtureBitForBit() {
        FloatTensor expected = WindowTestData.fixture("gaussian/gaussian_16x32x32_fp16_as_f32.npy");
        GaussianImportanceMap g = GaussianImportanceMap.nnunetFloat16(new int[] {16, 32, 32});
        WindowTestData.assertBitEqual(expected, new FloatTensor(new int[] {16, 32, 32}, g.values()), "fp16 Gaussian");
        // the 73 corner voxels that underflow to fp16 zero now hold the smallest subnormal 2^-24
        float[] f32 = GaussianImportanceMap.float32(new int[] {16, 32, 32}).values();
        float[] f16 = g.values();
        int underflowed = 0;
        for (int i = 0; i < f32.length; i++) {
            if (Float16.round(f32[i]) == 0) {
                underflowed++;
                assertEquals(0x1p-24f, f16[i]);
            }
        }
        assertEquals(73, underflowed);
    }

    @Test
    void float32MapEqualsNnunetsFixtureBitForBit() {
        FloatTensor expected = WindowTestData.fixture("gaussian/gaussian_16x32x32_fp32.npy");
        GaussianImportanceMap g = GaussianImportanceMap.float32(new int[] {16, 32, 32});
        WindowTestData.assertBitEqual(expected, new FloatTensor(new int[] {16, 32, 32}, g.values()), "fp32 Gaussian");
    }

    /** Further patches (one with odd extents and a kernel radius beyond the centre) from tools/make_window_refs.py. */
    @ParameterizedTest(name = "{0}x{1}x{2}")
    @CsvSource({"8,16,16", "5,12,20"})
    void mapsEqualScipyReferencesForOtherPatches(int z, int y, int x) {
        int[] p = {z, y, x};
        String tag = z + "x" + y + "x" + x;
        WindowTestData.assertBitEqual(WindowTestData.window("gaussian_" + tag + "_fp16_as_f32.npy"),
                new FloatTensor(p, GaussianImportanceMap.nnunetFloat16(p).values()), "fp16 " + tag);
        WindowTestData.assertBitEqual(WindowTestData.window("gaussian_" + tag + "_fp32.npy"),
                new FloatTensor(p, GaussianImportanceMap.float32(p).values()), "fp32 " + tag);
    }

    @Test
    void maximumIsTenAtTheUpperMiddleAndNoValueIsZero() {
        for (AccumulationMode mode : AccumulationMode.values()) {
            GaussianImportanceMap g = GaussianImportanceMap.of(new int[] {16, 32, 32}, mode);
            assertEquals(10f, g.valueAt(8, 16, 16));
            float max = 0;
            for (float v : g.values()) {
                assertTrue(v > 0, "zero weight in " + mode);
                max = Math.max(max, v);
            }
            assertEquals(10f, max);
        }
    }

    /** Sums numpy 1.24 printed for these arrays ({@code a.sum().hex()}); a plain loop gives other doubles. */
    @Test
    void pairwiseSumEqualsNumpysSum() {
        double[] a33 = new double[33];
        for (int i = 0; i < a33.length; i++) a33[i] = 1.0 / ((i + 1) * 3.0 + 0.1);
        assertEquals(0x1.586d688cb5cbdp+0, GaussianImportanceMap.pairwiseSum(a33, 0, 33), 0.0); // loop: ...cbcp+0
        double[] a300 = new double[300];
        for (int i = 0; i < a300.length; i++) a300[i] = 1.0 / (i + 1);
        assertEquals(0x1.92172a3e6965ap+2, GaussianImportanceMap.pairwiseSum(a300, 0, 300), 0.0); // loop: ...658p+2
    }
}

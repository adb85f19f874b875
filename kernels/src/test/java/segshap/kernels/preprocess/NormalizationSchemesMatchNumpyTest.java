package segshap.kernels.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import segshap.kernels.InputException;
import segshap.kernels.tensor.FloatTensor;
import segshap.kernels.tensor.Npy;

/** nnU-Net's other normalisation schemes and the non-zero mask vs numpy/scipy (tools/make_normalization_refs.py). */
class NormalizationSchemesMatchNumpyTest {
    static final Path DIR = Path.of("src/test/resources/preprocess/normalization");

    private static final FloatTensor CASE = Npy.read(DIR.resolve("case.input.npy")); // (2, 9, 31, 27)
    private static final int VOLUME = 9 * 31 * 27;

    private static float[] channel(int c) {
        return java.util.Arrays.copyOfRange(CASE.data(), c * VOLUME, (c + 1) * VOLUME);
    }

    private static void assertBitExact(String name, float[] actual) {
        float[] expected = Npy.read(DIR.resolve(name + ".expected.npy")).data();
        int mismatches = 0;
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(actual[i]) != Float.floatToRawIntBits(expected[i])) mismatches++;
            max = Math.max(max, Math.abs(actual[i] - expected[i]));
        }
        assertEquals(0, mismatches, name + ": voxels differing from numpy, max |diff| " + max);
    }

    @Test
    void zScoreMatchesNumpyFloat32MeanAndStd() {
        float[] a = channel(0);
        new ZScoreNormalization(false).run(a, 0, a.length, null);
        assertBitExact("zscore", a);
    }

    @Test
    void zScoreWithMaskUsesAndChangesOnlyTheFilledNonzeroMask() {
        boolean[] mask = CropToNonzero.createNonzeroMask(CASE);
        float[] a = channel(0);
        ZScoreNormalization z = new ZScoreNormalization(true);
        assertTrue(z.needsNonzeroMask());
        z.run(a, 0, a.length, mask);
        assertBitExact("zscore_masked", a);
    }

    @Test
    void nonzeroMaskFillsEnclosedHolesLikeScipy() {
        boolean[] mask = CropToNonzero.createNonzeroMask(CASE);
        float[] expected = Npy.read(DIR.resolve("case.mask.npy")).data();
        int filledHoles = 0;
        for (int i = 0; i < VOLUME; i++) {
            assertEquals(expected[i] != 0f, mask[i], "mask voxel " + i);
            if (mask[i] && CASE.data()[i] == 0f && CASE.data()[VOLUME + i] == 0f) filledHoles++;
        }
        assertEquals(3 * 5 * 4, filledHoles, "the enclosed 3×5×4 hole is filled, the open cavity is not");
    }

    @Test
    void rescaleTo01MatchesNumpy() {
        float[] a = channel(0);
        new RescaleTo01Normalization().run(a, 0, a.length, null);
        assertBitExact("rescale_to_01", a);
    }

    @Test
    void rgbTo01MatchesNumpyAndRejectsValuesOutsideTheByteRange() {
        float[] a = channel(1);
        new RgbTo01Normalization().run(a, 0, a.length, null);
        assertBitExact("rgb_to_01", a);
        InputException e = assertThrows(InputException.class,
                () -> new RgbTo01Normalization().run(new float[] {3f, 256f}, 0, 2, null));
        assertTrue(e.getMessage().contains("256.0"), e.getMessage());
    }

    @Test
    void noNormalizationLeavesValuesAlone() {
        float[] a = channel(0);
        new NoNormalization().run(a, 0, a.length, null);
        assertEquals(java.util.Arrays.hashCode(channel(0)), java.util.Arrays.hashCode(a));
    }

    @Test
    void numpyPairwiseSumDiffersFromANaiveLoopButMatchesNumpy() {
        float[] a = channel(0);
        float naive = 0f;
        for (float v : a) naive += v;
        float pairwise = NumpyFloat32Sum.pairwiseSum(a, 0, a.length);
        // the reference z-score above is bit-exact only with the pairwise tree; the naive sum is visibly different
        assertTrue(naive != pairwise, "naive " + naive + " vs pairwise " + pairwise);
    }
}

package segshap.kernels.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import segshap.kernels.InputException;
import segshap.kernels.plans.ConfigurationPlan;
import segshap.kernels.plans.NormalizationScheme;
import segshap.kernels.plans.ResamplingSpec;
import segshap.kernels.tensor.Box;
import segshap.kernels.tensor.FloatTensor;

class PreprocessorTest {

    @Test
    void fixtureCaseGivesNnunetsPreprocessedVolumeBitExactly() {
        FloatTensor ct = Fixture.channel0(Fixture.inputCzyx());
        PreprocessedCase c = new Preprocessor(Fixture.plan(new int[] {0, 1, 2})).runCase(List.of(ct), Fixture.SPACING_ZYX_MM);

        assertEquals(Fixture.preprocessedCzyx(), c.dataCzyx(), "preprocessed_czyx.npy, bit for bit");
        assertArrayEquals(new int[] {40, 70, 60}, c.shapeBeforeCroppingZyx());
        assertEquals(new Box(0, 0, 0, 40, 70, 60), c.bboxUsedForCropping(), "no zero border: no crop");
        assertArrayEquals(new int[] {40, 70, 60}, c.shapeAfterCroppingBeforeResamplingZyx());
        assertArrayEquals(Fixture.SPACING_ZYX_MM, c.spacingZyxMm());
        assertArrayEquals(Fixture.targetSpacing(), c.targetSpacingZyxMm());
        assertArrayEquals(new int[] {40, 70, 60}, c.shapeZyx(), "target spacing = case spacing: no resampling");
    }

    @Test
    void configurationPlanIsAcceptedDirectly() {
        ConfigurationPlan plan = new ConfigurationPlan("3d_fullres", new int[] {16, 32, 32}, Fixture.targetSpacing(),
                new int[] {0, 1, 2}, new int[] {0, 1, 2}, List.of(NormalizationScheme.CT), List.of(false),
                List.of(Fixture.intensityProperties()), Fixture.spec("resampling_fn_data"),
                Fixture.spec("resampling_fn_probabilities"), null);
        PreprocessedCase c = Preprocessor.of(plan).runCase(List.of(Fixture.channel0(Fixture.inputCzyx())), Fixture.SPACING_ZYX_MM);
        assertEquals(Fixture.preprocessedCzyx(), c.dataCzyx());
    }

    @Test
    void transposedPlansBringAPermutedCaseToTheSameNetworkGrid() {
        // the fixture CT stored with its axes reversed, and plans whose transpose_forward [2, 1, 0] undoes that
        FloatTensor reversed = Transpose.transposeZyx(Fixture.channel0(Fixture.inputCzyx()), new int[] {2, 1, 0});
        double[] spacingAsRead = {Fixture.SPACING_ZYX_MM[2], Fixture.SPACING_ZYX_MM[1], Fixture.SPACING_ZYX_MM[0]};
        PreprocessedCase c = new Preprocessor(Fixture.plan(new int[] {2, 1, 0})).runCase(List.of(reversed), spacingAsRead);

        assertEquals(Fixture.preprocessedCzyx(), c.dataCzyx());
        assertArrayEquals(spacingAsRead, c.spacingZyxMm(), "properties keep the spacing as read");
        assertArrayEquals(Fixture.SPACING_ZYX_MM, c.spacingTransposedZyxMm());
        assertArrayEquals(new int[] {40, 70, 60}, c.shapeBeforeCroppingZyx(), "shape before cropping is after transposing");
    }

    @Test
    void zeroBorderIsCroppedAndResampledToTheTargetSpacing() {
        // 6×8×10 at (3.0, 1.0, 1.0) mm, zero except z 1..4, y 2..7, x 0..9; target (1.5, 1.0, 1.0) mm
        FloatTensor ct = FloatTensor.zeros(6, 8, 10);
        for (int z = 1; z < 5; z++) for (int y = 2; y < 8; y++) for (int x = 0; x < 10; x++) ct.data()[(z * 8 + y) * 10 + x] = 100f + z + y + x;
        PreprocessingPlan plan = new PreprocessingPlan(new int[] {0, 1, 2}, new double[] {1.5, 1.0, 1.0},
                List.of(NormalizationScheme.NONE), List.of(false), List.of(),
                new ResamplingSpec(Resampling.RESAMPLE_TO_SHAPE, false, 3, 0, null));
        PreprocessedCase c = new Preprocessor(plan).runCase(List.of(ct), new double[] {3.0, 1.0, 1.0});

        assertEquals(new Box(1, 2, 0, 5, 8, 10), c.bboxUsedForCropping());
        assertArrayEquals(new int[] {4, 6, 10}, c.shapeAfterCroppingBeforeResamplingZyx());
        assertArrayEquals(new int[] {8, 6, 10}, c.shapeZyx(), "z doubles: 3.0 / 1.5 · 4 = 8");
        // in-plane unchanged, z by order-3 zoom (3/1 is not > 3: no separate-z): compare with Resampling itself
        FloatTensor cropped = CropToNonzero.crop(new FloatTensor(new int[] {1, 6, 8, 10}, ct.data()), c.bboxUsedForCropping());
        assertEquals(Resampling.resampleDataOrSegToShape(cropped, new int[] {8, 6, 10}, new double[] {3, 1, 1},
                new double[] {1.5, 1, 1}, false, 3, 0, null, Resampling.Storage.FLOAT32), c.dataCzyx());
    }

    @Test
    void zScoreWithMaskNormalisesOnlyInsideTheNonzeroMaskOfTheCroppedCase() {
        FloatTensor img = FloatTensor.zeros(5, 5, 5);
        for (int z = 1; z < 4; z++) for (int y = 1; y < 4; y++) for (int x = 1; x < 4; x++) img.data()[(z * 5 + y) * 5 + x] = z * 10 + y + x;
        img.data()[(2 * 5 + 2) * 5 + 2] = 0f; // an enclosed zero: inside the filled mask
        PreprocessingPlan plan = new PreprocessingPlan(new int[] {0, 1, 2}, new double[] {1, 1, 1},
                List.of(NormalizationScheme.ZSCORE), List.of(true), List.of(),
                new ResamplingSpec(Resampling.RESAMPLE_TO_SHAPE, false, 3, 0, null));
        PreprocessedCase c = new Preprocessor(plan).runCase(List.of(img), new double[] {1, 1, 1});
        assertEquals(new Box(1, 1, 1, 4, 4, 4), c.bboxUsedForCropping());
        float[] v = c.dataCzyx().data();
        double sum = 0, sumSq = 0;
        for (float f : v) {
            sum += f;
            sumSq += f * f;
        }
        assertEquals(0.0, sum / v.length, 1e-6, "27 voxels, all in the filled mask: mean 0");
        assertEquals(1.0, sumSq / v.length, 1e-5, "and unit variance");
    }

    @Test
    void channelCountAndShapeMismatchesAreInputErrors() {
        Preprocessor pre = new Preprocessor(Fixture.plan(new int[] {0, 1, 2}));
        FloatTensor a = FloatTensor.zeros(4, 5, 6);
        InputException count = assertThrows(InputException.class, () -> pre.runCase(List.of(a, a), new double[] {1, 1, 1}));
        assertTrue(count.getMessage().contains("normalization_schemes"), count.getMessage());
        InputException spacing = assertThrows(InputException.class, () -> pre.runCase(List.of(a), new double[] {1, 0, 1}));
        assertTrue(spacing.getMessage().contains("spacing"), spacing.getMessage());
    }

    @Test
    void unsupportedResamplingInThePlanFailsAtConstructionNamingTheField() {
        PreprocessingPlan torch = new PreprocessingPlan(new int[] {0, 1, 2}, new double[] {1, 1, 1},
                List.of(NormalizationScheme.NONE), List.of(false), List.of(),
                new ResamplingSpec("resample_torch_fornnunet", false, 3, 0, null));
        InputException e = assertThrows(InputException.class, () -> new Preprocessor(torch));
        assertTrue(e.getMessage().contains("resampling_fn_data") && e.getMessage().contains("resample_torch_fornnunet"), e.getMessage());
    }

    @Test
    void noResamplingHackKeepsTheCroppedGrid() {
        PreprocessingPlan plan = new PreprocessingPlan(new int[] {0, 1, 2}, new double[] {1, 1, 1},
                List.of(NormalizationScheme.NONE), List.of(false), List.of(),
                new ResamplingSpec(Resampling.NO_RESAMPLING, false, 3, 0, null));
        FloatTensor img = FloatTensor.zeros(3, 4, 5);
        java.util.Arrays.fill(img.data(), 2f);
        PreprocessedCase c = new Preprocessor(plan).runCase(List.of(img), new double[] {2, 2, 2});
        assertArrayEquals(new int[] {3, 4, 5}, c.shapeZyx(), "new shape would be 6×8×10, but the hack returns the data");
    }
}

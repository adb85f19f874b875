package segshap.kernels.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import segshap.kernels.InputException;
import segshap.kernels.plans.IntensityProperties;
import segshap.kernels.plans.NormalizationScheme;
import segshap.kernels.tensor.FloatTensor;

class CtNormalizationTest {

    @Test
    void fixtureNormalisesBitExactlyLikeNnunet() {
        FloatTensor input = Fixture.inputCzyx();
        FloatTensor expected = Fixture.preprocessedCzyx();
        float[] a = input.data().clone();
        CtNormalization.of(Fixture.intensityProperties()).run(a, 0, a.length, null);
        int mismatches = 0;
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(expected.data()[i])) mismatches++;
        }
        assertEquals(0, mismatches, "voxels differing from nnU-Net's preprocessed_czyx.npy");
    }

    @Test
    void statisticsAreRoundedToFloat32AndStdHasAFloor() {
        CtNormalization n = CtNormalization.of(new IntensityProperties(0.1, 0.0, -1.0000000001, 2.5, 0, 0));
        assertEquals((float) 0.1, n.mean());
        assertEquals((float) 1e-8, n.std());
        assertEquals((float) -1.0000000001, n.lowerBound());
    }

    @Test
    void clipsThenSubtractsThenDivides() {
        CtNormalization n = new CtNormalization(-100f, 200f, 50f, 3f);
        float[] v = {-1000f, 0f, 1000f, Float.NaN};
        n.run(v, 0, v.length, null);
        assertArrayEquals(new float[] {(-100f - 50f) / 3f, (0f - 50f) / 3f, (200f - 50f) / 3f, Float.NaN}, v);
        // division, not multiplication by 1/std: the two differ in float32 for this value
        assertEquals((7f - 50f) / 3f, n.normalize(7f));
        org.junit.jupiter.api.Assertions.assertNotEquals((7f - 50f) * (1f / 3f), n.normalize(7f));
    }

    @Test
    void ctSchemeWithoutIntensityPropertiesIsAnInputError() {
        InputException e = assertThrows(InputException.class,
                () -> ImageNormalization.of(NormalizationScheme.CT, false, null, "plans.json foreground_intensity_properties_per_channel[\"0\"]"));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("foreground_intensity_properties_per_channel"));
    }
}

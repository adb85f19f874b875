package segshap.kernels.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import segshap.kernels.InputException;
import segshap.kernels.plans.ResamplingSpec;
import segshap.kernels.tensor.FloatTensor;

class ResamplingTest {

    @Test
    void equalShapeReturnsTheInputItself() {
        FloatTensor t = FloatTensor.zeros(1, 3, 4, 5);
        assertSame(t, Resampling.resampleDataOrSegToShape(t, new int[] {3, 4, 5}, new double[] {5, 1, 1},
                new double[] {1, 1, 1}, false, 3, 0, null, Resampling.Storage.FLOAT16));
    }

    @Test
    void nearestAlongTheThickAxisRoundsTiesUp() {
        // 12 → 30 slices: coordinate 0.4·(o + 0.5) − 0.5, source floor(c + 0.5) → 0,0,1,1,1,2,2,3,3,3,…
        FloatTensor t = FloatTensor.zeros(1, 12, 1, 1);
        for (int z = 0; z < 12; z++) t.data()[z] = z;
        FloatTensor r = Resampling.resampleDataOrSegToShape(t, new int[] {30, 1, 1}, new double[] {5, 1, 1},
                new double[] {2, 1, 1}, false, 3, 0, null, Resampling.Storage.FLOAT32);
        assertArrayEquals(new float[] {0, 0, 1, 1, 1, 2, 2, 3, 3, 3, 4, 4, 5, 5, 5, 6, 6, 7, 7, 7, 8, 8, 9, 9, 9, 10, 10, 11, 11, 11},
                r.data());
    }

    @Test
    void unknownResamplingFunctionIsAnInputErrorNamingTheField() {
        InputException e = assertThrows(InputException.class, () -> Resampling.checkSupported(
                new ResamplingSpec("resample_torch_simple", false, 1, 0, null), "plans.json resampling_fn_probabilities"));
        assertTrue(e.getMessage().startsWith("plans.json resampling_fn_probabilities: unsupported resampling function 'resample_torch_simple'"),
                e.getMessage());
    }

    @Test
    void ordersOtherThanZeroOneThreeAreInputErrors() {
        InputException order = assertThrows(InputException.class, () -> Resampling.checkSupported(
                new ResamplingSpec(Resampling.RESAMPLE_TO_SHAPE, false, 2, 0, null), "resampling_fn_data"));
        assertEquals("resampling_fn_data_kwargs.order is 2; supported spline orders are 0, 1 and 3", order.getMessage());
        InputException orderZ = assertThrows(InputException.class, () -> Resampling.resample(FloatTensor.zeros(1, 2, 2, 2),
                new int[] {3, 3, 3}, new double[] {1, 1, 1}, new double[] {1, 1, 1},
                new ResamplingSpec(Resampling.RESAMPLE_TO_SHAPE, false, 3, 5, null), Resampling.Storage.FLOAT32));
        assertTrue(orderZ.getMessage().contains("order_z is 5"), orderZ.getMessage());
    }

    @Test
    void cubicResultsAreClippedToTheInputRange() {
        // a step overshoots with cubic splines; skimage clips to [min, max] of the input
        FloatTensor t = FloatTensor.zeros(1, 1, 1, 8);
        for (int x = 4; x < 8; x++) t.data()[x] = 1f;
        FloatTensor r = Resampling.resampleDataOrSegToShape(t, new int[] {1, 1, 21}, new double[] {1, 1, 1},
                new double[] {1, 1, 1}, false, 3, 0, null, Resampling.Storage.FLOAT32);
        for (float v : r.data()) assertTrue(v >= 0f && v <= 1f, "value " + v);
        double[] raw = SplineInterpolation.zoom(new double[] {0, 0, 0, 0, 1, 1, 1, 1}, new int[] {1, 8}, new int[] {1, 21}, 3, false);
        double min = java.util.Arrays.stream(raw).min().orElseThrow();
        assertTrue(min < 0, "without the clip the spline undershoots: " + min);
    }
}

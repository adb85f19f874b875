package segshap.kernels.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import segshap.kernels.tensor.Float16;

class HalfPrecisionTest {

    @Test
    void agreesWithFloat16OnEveryFloat32Input() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            float f = Float.intBitsToFloat(rnd.nextInt());
            if (Float.isNaN(f)) continue;
            assertEquals(Float.floatToIntBits(Float16.round(f)), Float.floatToIntBits(HalfPrecision.roundToHalf(f)), "input " + f);
        }
        assertEquals(Float.POSITIVE_INFINITY, HalfPrecision.roundToHalf(65520.0));
        assertEquals(65504f, HalfPrecision.roundToHalf(65519.99));
        assertEquals(0x1p-24f, HalfPrecision.roundToHalf(0x1.8p-25), "subnormal halfway rounds to even (1)");
    }

    @Test
    void roundsADoubleOnceWhereGoingThroughFloat32WouldRoundTwice() {
        // 1 + 2^-11 is halfway between the halves 1 and 1 + 2^-10; 2^-30 above it float32 rounds back onto the
        // midpoint (ties to even → 1.0), while numpy's direct float64 → float16 cast gives 1 + 2^-10
        double d = 1.0 + 0x1p-11 + 0x1p-30;
        assertEquals(1.0f, Float16.round((float) d));
        assertEquals(1.0f + 0x1p-10f, HalfPrecision.roundToHalf(d));
        assertEquals(-1.0f - 0x1p-10f, HalfPrecision.roundToHalf(-d));
    }
}

package segshap.kernels.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Float16RoundDoubleTest {

    @Test
    void agreesWithFloat16OnEveryFloat32Input() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            float f = Float.intBitsToFloat(rnd.nextInt());
            if (Float.isNaN(f)) continue;
            assertEquals(Float.floatToIntBits(Float16.round(f)), Float.floatToIntBits(Float16.roundDouble(f)), "input " + f);
        }
        assertEquals(Float.POSITIVE_INFINITY, Float16.roundDouble(65520.0));
        assertEquals(65504f, Float16.roundDouble(65519.99));
        assertEquals(0x1p-24f, Float16.roundDouble(0x1.8p-25), "subnormal halfway rounds to even (1)");
    }

    @Test
    void roundsADoubleOnceWhereGoingThroughFloat32WouldRoundTwice() {
        // 1 + 2^-11 is halfway between the halves 1 and 1 + 2^-10; 2^-30 above it float32 rounds back onto the
        // midpoint (ties to even → 1.0), while numpy's direct float64 → float16 cast gives 1 + 2^-10
        double d = 1.0 + 0x1p-11 + 0x1p-30;
        assertEquals(1.0f, Float16.round((float) d));
        assertEquals(1.0f + 0x1p-10f, Float16.roundDouble(d));
        assertEquals(-1.0f - 0x1p-10f, Float16.roundDouble(-d));
    }
}

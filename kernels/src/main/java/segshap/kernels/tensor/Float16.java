package segshap.kernels.tensor;

/**
 * IEEE 754 binary16 conversions (Java 17 has no {@code Float.float16ToFloat}).
 *
 * <p>{@link #round(float)} rounds a float32 to the nearest binary16 value, ties to even, with subnormals,
 * overflow to infinity and NaN preserved: exactly what {@code torch.Tensor.half()} does. It is what
 * emulating nnU-Net's fp16 accumulators needs.
 */
public final class Float16 {
    private static final double HALF_OVERFLOW = 65520.0; // midpoint between 65504 (largest half) and 2^16
    private static final double HALF_MIN_NORMAL = 0x1p-14;

    private Float16() {}

    /** The float32 value of binary16 bits {@code h}. */
    public static float toFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        if (exp == 0) {
            float v = mant * 0x1p-24f; // subnormal: mant · 2^-24, exact in float32
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /** binary16 bits of {@code f}, rounded to nearest, ties to even. */
    public static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int abs = bits & 0x7fffffff;
        if (abs >= 0x7f800000) { // inf or NaN
            return (short) (sign | 0x7c00 | (abs > 0x7f800000 ? 0x200 | ((abs >>> 13) & 0x3ff) : 0));
        }
        if (abs >= 0x477ff000) return (short) (sign | 0x7c00); // ≥ 65520 rounds to infinity
        if (abs < 0x38800000) { // below the smallest normal half (2^-14): subnormal or zero
            // value / 2^-24 rounded half to even; float arithmetic is exact here (power-of-two scaling)
            float scaled = Float.intBitsToFloat(abs) * 0x1p24f;
            int m = (int) Math.rint(scaled);
            return (short) (sign | m);
        }
        int exp = (abs >>> 23) - 112;
        int mant = abs & 0x7fffff;
        int half = (exp << 10) | (mant >>> 13);
        int rest = mant & 0x1fff;
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) half++; // carry into the exponent is correct
        return (short) (sign | half);
    }

    /** {@code f} rounded to the nearest binary16 value, returned as float32. */
    public static float round(float f) {
        return toFloat(fromFloat(f));
    }

    /**
     * {@code d} rounded straight to the nearest binary16 value (ties to even), returned as float32 (exact): what
     * numpy's float64 → float16 cast does when nnU-Net stores resampled logits in a float16 array. Going through
     * float32 first ({@code round((float) d)}) would round twice and differ in about one value in 10⁴.
     */
    public static float roundDouble(double d) {
        if (Double.isNaN(d)) return Float.NaN;
        double abs = Math.abs(d);
        double rounded;
        if (abs >= HALF_OVERFLOW) {
            rounded = Double.POSITIVE_INFINITY;
        } else if (abs < HALF_MIN_NORMAL) {
            rounded = Math.rint(abs * 0x1p24) * 0x1p-24; // subnormal grid 2^-24; scaling by 2^k is exact
        } else {
            double ulp = Math.scalb(1.0, Math.getExponent(abs) - 10); // 10 fraction bits
            rounded = Math.rint(abs / ulp) * ulp;
        }
        return (float) Math.copySign(rounded, d);
    }
}

package segshap.kernels.preprocess;

/**
 * Rounding a double straight to IEEE binary16 (ties to even), as numpy's float64 → float16 cast does when
 * nnU-Net stores resampled logits in a float16 array. Going through float32 first ({@code Float16.round((float) d)})
 * would round twice and differ in about one value in 10⁴.
 */
final class HalfPrecision {
    private static final double HALF_OVERFLOW = 65520.0; // midpoint between 65504 (largest half) and 2^16
    private static final double HALF_MIN_NORMAL = 0x1p-14;

    private HalfPrecision() {}

    /** {@code d} rounded to the nearest binary16 value, returned as float32 (exact). */
    static float roundToHalf(double d) {
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

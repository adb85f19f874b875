package segshap.kernels.preprocess;

import segshap.kernels.plans.IntensityProperties;

/**
 * nnU-Net's {@code CTNormalization}, bit-exact: in float32, clip to {@code [percentile_00_5, percentile_99_5]},
 * subtract the mean, then divide by the std (a division, not a multiplication by 1/std).
 *
 * <p>All four statistics are rounded to float32 first, as numpy does when a float32 array meets a Python float.
 * Example (the fixture Dataset901): bounds [−109.558884, 200.94458], mean 99.326447, std 92.98027, so air
 * (−1000 HU) becomes (−109.558884 − 99.326447) / 92.98027 = −2.2465.
 *
 * @param lowerBound f32(percentile_00_5)
 * @param upperBound f32(percentile_99_5)
 * @param mean       f32(mean)
 * @param std        f32(max(std, 1e-8))
 */
public record CtNormalization(float lowerBound, float upperBound, float mean, float std) implements ImageNormalization {
    /** nnU-Net's epsilon for a float32 target. */
    static final double STD_EPSILON = 1e-8;

    public CtNormalization {
        if (!(lowerBound <= upperBound)) {
            throw new IllegalArgumentException("lowerBound " + lowerBound + " > upperBound " + upperBound);
        }
    }

    /** The normaliser for one channel's foreground intensity properties. */
    public static CtNormalization of(IntensityProperties p) {
        return new CtNormalization((float) p.percentile00_5(), (float) p.percentile99_5(), (float) p.mean(),
                (float) Math.max(p.std(), STD_EPSILON));
    }

    @Override
    public void run(float[] volumeZyx, int offset, int length, boolean[] nonzeroMask) {
        for (int i = offset, end = offset + length; i < end; i++) {
            volumeZyx[i] = normalize(volumeZyx[i]);
        }
    }

    /** One voxel: {@code f32(f32(clip(v) − mean) / std)}. */
    public float normalize(float v) {
        float clipped = v < lowerBound ? lowerBound : (v > upperBound ? upperBound : v); // NaN stays NaN
        return (clipped - mean) / std;
    }
}

package segshap.kernels.cpu;

/**
 * nnU-Net's {@code InstanceNorm3d(affine=True, track_running_stats=False)}, optionally followed by a
 * residual add and {@code LeakyReLU}, in one pass over each channel.
 *
 * <p>{@code y = act( (x − mean_c) · γ_c / sqrt(var_c + eps) + β_c + residual )}, mean and biased variance over
 * the channel's voxels of the current tile (trap 7 of the spec: never running statistics).
 * Statistics are summed in double in a fixed order (four interleaved partial sums, combined in index order)
 * by the one task that owns the channel, so they do not depend on the thread count.
 */
final class InstanceNormLeakyRelu {
    private final float[] gamma;
    private final float[] beta;
    private final double eps;
    private final float slope;

    InstanceNormLeakyRelu(float[] gamma, float[] beta, double eps, double slope) {
        if (gamma.length != beta.length) throw new IllegalArgumentException("gamma and beta lengths differ");
        this.gamma = gamma.clone();
        this.beta = beta.clone();
        this.eps = eps;
        this.slope = (float) slope;
    }

    int channels() {
        return gamma.length;
    }

    /**
     * @param src       {@code (C, P)}
     * @param residual  {@code (C, P)} added after the norm, or {@code null}
     * @param dst       {@code (C, P)}; may be {@code src} or {@code residual}
     * @param leaky     whether LeakyReLU follows
     */
    void apply(float[] src, float[] residual, float[] dst, int positions, boolean leaky, ParallelFor par) {
        par.run(gamma.length, (c, worker) -> applyChannel(src, residual, dst, c, positions, leaky));
    }

    private void applyChannel(float[] src, float[] residual, float[] dst, int c, int positions, boolean leaky) {
        int base = c * positions;
        int end = base + positions;
        double mean = plainSum(src, base, end) / positions;
        double var = squaredDeviationSum(src, base, end, mean) / positions; // biased, as torch
        double inv = 1.0 / Math.sqrt(var + eps);
        float scale = (float) (gamma[c] * inv);
        float shift = (float) (beta[c] - mean * gamma[c] * inv);
        float a = slope;
        if (residual == null) {
            if (!leaky) {
                for (int i = base; i < end; i++) dst[i] = src[i] * scale + shift;
            } else if (a >= 0f && a <= 1f) { // max(y, a·y) is LeakyReLU for 0 ≤ a ≤ 1, and vectorises
                for (int i = base; i < end; i++) {
                    float y = src[i] * scale + shift;
                    dst[i] = Math.max(y, a * y);
                }
            } else {
                for (int i = base; i < end; i++) {
                    float y = src[i] * scale + shift;
                    dst[i] = y >= 0f ? y : a * y;
                }
            }
        } else {
            if (!leaky) {
                for (int i = base; i < end; i++) dst[i] = src[i] * scale + shift + residual[i];
            } else if (a >= 0f && a <= 1f) {
                for (int i = base; i < end; i++) {
                    float y = src[i] * scale + shift + residual[i];
                    dst[i] = Math.max(y, a * y);
                }
            } else {
                for (int i = base; i < end; i++) {
                    float y = src[i] * scale + shift + residual[i];
                    dst[i] = y >= 0f ? y : a * y;
                }
            }
        }
    }

    private static double plainSum(float[] x, int base, int end) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = base;
        for (; i + 4 <= end; i += 4) {
            s0 += x[i];
            s1 += x[i + 1];
            s2 += x[i + 2];
            s3 += x[i + 3];
        }
        for (; i < end; i++) s0 += x[i];
        return (s0 + s1) + (s2 + s3);
    }

    private static double squaredDeviationSum(float[] x, int base, int end, double mean) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = base;
        for (; i + 4 <= end; i += 4) {
            double d0 = x[i] - mean, d1 = x[i + 1] - mean, d2 = x[i + 2] - mean, d3 = x[i + 3] - mean;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < end; i++) {
            double d = x[i] - mean;
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }
}

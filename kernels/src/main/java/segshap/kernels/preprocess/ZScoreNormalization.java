package segshap.kernels.preprocess;

/**
 * nnU-Net's {@code ZScoreNormalization}: {@code (v − mean) / max(std, 1e-8)} with the channel's own mean and
 * (population) std, in float32 as numpy computes them.
 *
 * <p>With {@code useMaskForNorm} the statistics come from the voxels inside the non-zero mask and only those
 * voxels change; the others keep their value. Mean and std reproduce numpy's float32 {@code mean()}/{@code std()}:
 * pairwise summation ({@link NumpyFloat32Sum}), the sum divided by the count in float64, the variance from
 * squared deviations around {@code f32(sum / f32(count))}.
 *
 * @param useMaskForNorm plans {@code use_mask_for_norm[c]}
 */
public record ZScoreNormalization(boolean useMaskForNorm) implements ImageNormalization {

    @Override
    public boolean needsNonzeroMask() {
        return useMaskForNorm;
    }

    @Override
    public void run(float[] volumeZyx, int offset, int length, boolean[] nonzeroMask) {
        float[] values;
        int valuesOffset;
        int n;
        if (useMaskForNorm) {
            if (nonzeroMask == null || nonzeroMask.length < length) {
                throw new IllegalArgumentException("ZScoreNormalization with use_mask_for_norm needs the non-zero mask of the channel");
            }
            n = 0;
            for (int i = 0; i < length; i++) if (nonzeroMask[i]) n++;
            values = new float[n];
            for (int i = 0, k = 0; i < length; i++) if (nonzeroMask[i]) values[k++] = volumeZyx[offset + i];
            valuesOffset = 0;
        } else {
            values = volumeZyx;
            valuesOffset = offset;
            n = length;
        }
        float sum = NumpyFloat32Sum.pairwiseSum(values, valuesOffset, n);
        float mean = (float) ((double) sum / n);
        float meanForVariance = sum / (float) n; // numpy _var divides a float32 array by the count in float32
        float sumSq = NumpyFloat32Sum.pairwiseSumOfSquaredDeviations(values, valuesOffset, n, meanForVariance);
        float variance = (float) ((double) sumSq / n);
        float std = (float) Math.sqrt(variance); // correctly rounded float32 sqrt
        float divisor = (float) Math.max((double) std, CtNormalization.STD_EPSILON);
        for (int i = 0; i < length; i++) {
            if (!useMaskForNorm || nonzeroMask[i]) {
                volumeZyx[offset + i] = (volumeZyx[offset + i] - mean) / divisor;
            }
        }
    }
}

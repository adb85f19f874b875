package segshap.kernels.preprocess;

/**
 * nnU-Net's {@code RescaleTo01Normalization} in float32: subtract the channel minimum, then divide by the
 * maximum of the shifted values (at least 1e-8).
 */
public record RescaleTo01Normalization() implements ImageNormalization {
    @Override
    public void run(float[] volumeZyx, int offset, int length, boolean[] nonzeroMask) {
        if (length == 0) return;
        float min = Float.POSITIVE_INFINITY;
        for (int i = offset, end = offset + length; i < end; i++) min = Math.min(min, volumeZyx[i]);
        float max = Float.NEGATIVE_INFINITY;
        for (int i = offset, end = offset + length; i < end; i++) {
            volumeZyx[i] -= min;
            max = Math.max(max, volumeZyx[i]);
        }
        float divisor = (float) Math.max((double) max, CtNormalization.STD_EPSILON);
        for (int i = offset, end = offset + length; i < end; i++) volumeZyx[i] /= divisor;
    }
}

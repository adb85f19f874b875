package segshap.kernels.preprocess;

import segshap.kernels.InputException;

/** nnU-Net's {@code RGBTo01Normalization}: {@code f32(v / 255)}; values must lie in [0, 255]. */
public record RgbTo01Normalization() implements ImageNormalization {
    @Override
    public void run(float[] volumeZyx, int offset, int length, boolean[] nonzeroMask) {
        for (int i = offset, end = offset + length; i < end; i++) {
            float v = volumeZyx[i];
            if (!(v >= 0f && v <= 255f)) {
                throw new InputException("RGBTo01Normalization: value " + v + " at voxel " + (i - offset)
                        + " is outside [0, 255]; RGB images must be 8-bit (or choose another normalization scheme in plans.json)");
            }
        }
        for (int i = offset, end = offset + length; i < end; i++) volumeZyx[i] /= 255f;
    }
}

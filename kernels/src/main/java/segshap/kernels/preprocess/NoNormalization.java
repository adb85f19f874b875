package segshap.kernels.preprocess;

/** nnU-Net's {@code NoNormalization}: the float32 values as they are. */
public record NoNormalization() implements ImageNormalization {
    @Override
    public void run(float[] volumeZyx, int offset, int length, boolean[] nonzeroMask) {
        // data are float32 already: nothing to do
    }
}

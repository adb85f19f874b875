package segshap.kernels.cpu;

/**
 * Debug hook: sees each named intermediate activation of a forward as it is produced, so tests can compare
 * every stage with the reference without a second copy of the network. Names follow the fixtures:
 * {@code encoder_stem} (ResEnc), {@code encoder_stage<s>}, {@code decoder_transpconv<s>}, {@code decoder_stage<s>}.
 * The buffer is reused afterwards: copy what you keep.
 */
@FunctionalInterface
interface ActivationListener {
    /**
     * @param data       {@code (C, Z, Y, X)} from {@code offset}
     * @param shapeCzyx  {@code (C, Z, Y, X)}
     */
    void activation(String name, int tile, float[] data, int offset, int[] shapeCzyx);
}

package segshap.kernels.cpu;

/**
 * One worker's scratch rows for the convolutions: a block of im2col rows and a block of accumulator rows,
 * each {@link #BLOCK_POSITIONS} floats long and a separate array (see {@link GemmRows} for why).
 * Allocated once per backend and worker; never shared between workers.
 */
final class Scratch {
    /**
     * Output positions per block: 3 KiB rows, so the kernel's six rows stay in L1 while a call is long enough to
     * amortise its setup (768 measured best of 256–2048 on the 32-channel 3×3×3 layers that dominate).
     */
    static final int BLOCK_POSITIONS = 768;
    /** im2col rows per block: 192 rows × 3 KiB = 576 KiB, about half a core's L2. */
    static final int BLOCK_ROWS = 192;

    final float[][] col; // (colRows, BLOCK_POSITIONS)
    final float[][] acc; // (accRows, BLOCK_POSITIONS)

    Scratch(int colRows, int accRows) {
        col = new float[colRows][BLOCK_POSITIONS];
        acc = new float[accRows][BLOCK_POSITIONS];
    }
}

package segshap.kernels.cpu;

/**
 * One worker's scratch rows for the convolutions: a block of im2col rows and a block of accumulator rows,
 * each {@link #BLOCK_POSITIONS} floats long and a separate array (see {@link GemmRows} for why).
 * Allocated once per backend and worker; never shared between workers.
 */
final class Scratch {
    /** Output positions per block: 2 KiB rows, so a 3×3 kernel's six rows stay in L1. */
    static final int BLOCK_POSITIONS = Integer.getInteger("segshap.tune.np", 512);
    /** im2col rows per block: 192 rows × 2 KiB = 384 KiB, about half a core's L2. */
    static final int BLOCK_ROWS = Integer.getInteger("segshap.tune.kc", 192);

    final float[][] col; // (colRows, BLOCK_POSITIONS)
    final float[][] acc; // (accRows, BLOCK_POSITIONS)

    Scratch(int colRows, int accRows) {
        col = new float[colRows][BLOCK_POSITIONS];
        acc = new float[accRows][BLOCK_POSITIONS];
    }
}

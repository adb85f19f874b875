package segshap.kernels.cpu;

/**
 * Every buffer one tile's forward needs, allocated once per tile shape and reused across calls; owned by
 * one {@link CpuBackend} (which is used by one thread at a time). All activations are {@code (C, Z, Y, X)}
 * from offset 0.
 */
final class Workspace {
    /**
     * The sizes of a workspace, computed by {@link UNetForward#workspaceSizes} without allocating, so that
     * {@link CpuBackend#batchBytes} reports exactly what {@link #Workspace(Sizes)} will allocate.
     */
    record Sizes(int[] tileZyx, int[][] stageZyx, int[] features, boolean hasStem, int bufferCount, long bufferElements,
                 long concatElements, int numHeads, int threads, int colRows, int accRows) {
        /** Floats of all buffers together: skips + stem + scratch buffers + concat + logits + per-worker rows. */
        long floats() {
            long tileVoxels = (long) tileZyx[0] * tileZyx[1] * tileZyx[2];
            long sum = 0;
            for (int s = 0; s < features.length; s++) {
                sum += (long) features[s] * stageZyx[s][0] * stageZyx[s][1] * stageZyx[s][2];
            }
            if (hasStem) sum += features[0] * tileVoxels;
            sum += bufferCount * bufferElements + concatElements + numHeads * tileVoxels;
            sum += (long) threads * (colRows + accRows) * Scratch.BLOCK_POSITIONS;
            return sum;
        }
    }

    final int[] tileZyx;
    final int[][] stageZyx;  // (nStages, 3) extent of each encoder stage's output
    final float[][] skips;   // per stage: (F_s, Z_s, Y_s, X_s), the encoder outputs
    final float[] stem;      // ResEnc stem output (F_0, tile), or null
    final float[][] buffers; // general scratch activations, each of the largest activation's size
    final float[] concat;    // decoder input (2F, Z, Y, X): [upsampled, skip]
    final float[] logits;    // (numHeads, tile)
    final Scratch[] workers; // one per thread

    Workspace(Sizes z) {
        this.tileZyx = z.tileZyx.clone();
        this.stageZyx = z.stageZyx;
        int[] features = z.features;
        int tileVoxels = Math.multiplyExact(Math.multiplyExact(tileZyx[0], tileZyx[1]), tileZyx[2]);
        skips = new float[features.length][];
        for (int s = 0; s < features.length; s++) {
            skips[s] = new float[Math.multiplyExact(features[s], stageZyx[s][0] * stageZyx[s][1] * stageZyx[s][2])];
        }
        stem = z.hasStem ? new float[Math.multiplyExact(features[0], tileVoxels)] : null;
        buffers = new float[z.bufferCount][Math.toIntExact(z.bufferElements)];
        concat = new float[Math.toIntExact(z.concatElements)];
        logits = new float[Math.multiplyExact(z.numHeads, tileVoxels)];
        workers = new Scratch[z.threads];
        for (int w = 0; w < z.threads; w++) workers[w] = new Scratch(z.colRows, z.accRows);
    }
}

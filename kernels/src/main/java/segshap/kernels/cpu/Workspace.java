package segshap.kernels.cpu;

/**
 * Every buffer one tile's forward needs, allocated once per tile shape and reused across calls; owned by
 * one {@link CpuBackend} (which is used by one thread at a time). All activations are {@code (C, Z, Y, X)}
 * from offset 0.
 */
final class Workspace {
    final int[] tileZyx;
    final int[][] stageZyx;  // (nStages, 3) extent of each encoder stage's output
    final float[][] skips;   // per stage: (F_s, Z_s, Y_s, X_s), the encoder outputs
    final float[] stem;      // ResEnc stem output (F_0, tile), or null
    final float[][] buffers; // general scratch activations, each of the largest activation's size
    final float[] concat;    // decoder input (2F, Z, Y, X): [upsampled, skip]
    final float[] logits;    // (numHeads, tile)
    final Scratch[] workers; // one per thread

    Workspace(int[] tileZyx, int[][] stageZyx, int[] features, boolean hasStem, int bufferCount, long bufferElements,
              long concatElements, int numHeads, int threads, int colRows, int accRows) {
        this.tileZyx = tileZyx.clone();
        this.stageZyx = stageZyx;
        int tileVoxels = Math.multiplyExact(Math.multiplyExact(tileZyx[0], tileZyx[1]), tileZyx[2]);
        skips = new float[features.length][];
        for (int s = 0; s < features.length; s++) {
            skips[s] = new float[Math.multiplyExact(features[s], stageZyx[s][0] * stageZyx[s][1] * stageZyx[s][2])];
        }
        stem = hasStem ? new float[Math.multiplyExact(features[0], tileVoxels)] : null;
        buffers = new float[bufferCount][Math.toIntExact(bufferElements)];
        concat = new float[Math.toIntExact(concatElements)];
        logits = new float[Math.multiplyExact(numHeads, tileVoxels)];
        workers = new Scratch[threads];
        for (int w = 0; w < threads; w++) workers[w] = new Scratch(colRows, accRows);
    }
}

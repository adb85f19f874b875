package segshap.kernels.window;

import java.util.Arrays;
import segshap.kernels.InputException;
import segshap.kernels.backend.ForwardBackend;
import segshap.kernels.backend.TileBatch;
import segshap.kernels.tensor.Box;
import segshap.kernels.tensor.FloatTensor;

/**
 * nnU-Net's sliding-window prediction ({@code predict_sliding_window_return_logits}) on a preprocessed
 * volume: zero padding, tiles at step 0.5 in z→y→x order, optional test-time mirroring per tile, Gaussian
 * weighting and fusion, padding removed.
 *
 * <p>With {@link AccumulationMode#NNUNET_FLOAT16} and mirroring as in the checkpoint it reproduces
 * nnU-Net's exported logits bit for bit given the same tile logits; {@link AccumulationMode#FLOAT32} is
 * the deterministic float32 variant. Uses the backend from the calling thread only; not thread-safe.
 *
 * <pre>
 * var predictor = new SlidingWindowPredictor(backend,
 *         new SlidingWindowPredictor.Options(4, new int[0], AccumulationMode.FLOAT32, TileGrid.DEFAULT_TILE_STEP_SIZE));
 * FloatTensor logits = predictor.predictLogits(preprocessedCzyx, plan.patchSizeZyx(), TileProgress.NONE);
 * </pre>
 */
public final class SlidingWindowPredictor {

    /**
     * How to run the sliding window.
     *
     * @param tilesPerBatch tiles per {@code forward} call, ≥ 1; changes speed and memory, not results
     *                      (tiles are independent)
     * @param mirrorAxesZyx test-time mirroring axes (0 = z, 1 = y, 2 = x; the checkpoint's
     *                      {@code inference_allowed_mirroring_axes}), distinct; empty = off (8× cheaper)
     * @param accumulation  Gaussian and accumulator format
     * @param tileStepSize  target step as a fraction of the patch, in (0, 1]; nnU-Net's default is 0.5
     */
    public record Options(int tilesPerBatch, int[] mirrorAxesZyx, AccumulationMode accumulation, double tileStepSize) {
        public Options {
            if (tilesPerBatch < 1) throw new IllegalArgumentException("tilesPerBatch must be ≥ 1, got " + tilesPerBatch);
            mirrorAxesZyx = mirrorAxesZyx.clone();
            boolean[] seen = new boolean[3];
            for (int a : mirrorAxesZyx) {
                if (a < 0 || a > 2 || seen[a]) {
                    throw new IllegalArgumentException("mirrorAxesZyx must be distinct axes in 0..2, got "
                            + Arrays.toString(mirrorAxesZyx));
                }
                seen[a] = true;
            }
            if (accumulation == null) throw new IllegalArgumentException("accumulation must not be null");
            if (!(tileStepSize > 0 && tileStepSize <= 1)) {
                throw new IllegalArgumentException("tileStepSize must be in (0, 1], got " + tileStepSize);
            }
        }

        @Override
        public int[] mirrorAxesZyx() { return mirrorAxesZyx.clone(); }
    }

    private final ForwardBackend backend;
    private final Options options;

    /** @param backend runs the network; stays owned by the caller */
    public SlidingWindowPredictor(ForwardBackend backend, Options options) {
        this.options = options;
        this.backend = options.mirrorAxesZyx().length == 0 ? backend : new MirroringBackend(backend, options.mirrorAxesZyx());
    }

    /**
     * Predicts logits for a whole preprocessed volume.
     *
     * @param preprocessedCzyx preprocessed volume {@code (c, z, y, x)}, c = the network's input channels
     * @param patchZyx         tile extent (plans {@code patch_size}), divisible by the network's total stride
     * @param progress         told after each batch
     * @return logits {@code (heads, z, y, x)} in the preprocessed frame, float32 (holding float16 values in
     *         {@link AccumulationMode#NNUNET_FLOAT16})
     * @throws InputException        if the patch size does not fit the network's strides
     * @throws IllegalStateException if float16 accumulation overflows
     */
    public FloatTensor predictLogits(FloatTensor preprocessedCzyx, int[] patchZyx, TileProgress progress) {
        int channels = backend.spec().inputChannels();
        int heads = backend.spec().numHeads();
        int[] shape = preprocessedCzyx.shape();
        if (shape.length != 4 || shape[0] != channels) {
            throw new IllegalArgumentException("preprocessed volume " + Arrays.toString(shape) + " must be (c, z, y, x) with c = "
                    + channels + " input channels of " + backend.describe());
        }
        int[] stride = backend.spec().totalStrideZyx();
        for (int a = 0; a < 3; a++) {
            if (patchZyx[a] % stride[a] != 0) {
                throw new InputException("plans.json patch_size (zyx) " + Arrays.toString(patchZyx)
                        + " is not divisible by the network's total stride " + Arrays.toString(stride)
                        + "; use the plans the checkpoint was trained with");
            }
        }
        TileGrid grid = TileGrid.of(new int[] {shape[1], shape[2], shape[3]}, patchZyx, options.tileStepSize());
        GaussianImportanceMap gaussian = GaussianImportanceMap.of(patchZyx, options.accumulation());
        FusionOverBox fusion = new FusionOverBox(grid, gaussian, grid.volumeBox(), heads);
        Box wholeTile = Box.ofShape(patchZyx);
        int tileVoxels = Math.toIntExact(wholeTile.voxelCount());
        int batch = Math.min(options.tilesPerBatch(), grid.tileCount());
        float[] input = new float[Math.multiplyExact(batch, channels * tileVoxels)];   // (b, c, Z, Y, X)
        float[] logits = new float[Math.multiplyExact(batch, heads * tileVoxels)];     // (b, heads, Z, Y, X)
        float[] acc = new float[fusion.accumulatorLength()];                          // (heads, z, y, x)
        int total = grid.tileCount();
        for (int first = 0; first < total; first += batch) {
            int count = Math.min(batch, total - first);
            for (int i = 0; i < count; i++) {
                TileExtractor.extractTile(preprocessedCzyx, grid, grid.tile(first + i), input, i * channels * tileVoxels);
            }
            Box[] crops = new Box[count];
            Arrays.fill(crops, wholeTile);
            backend.forward(TileBatch.packed(patchZyx, heads, input, crops, logits));
            for (int i = 0; i < count; i++) {
                fusion.accumulateTile(grid.tile(first + i), logits, i * heads * tileVoxels, wholeTile, acc);
            }
            progress.tilesDone(first + count, total);
        }
        fusion.divideByWeights(acc);
        return new FloatTensor(new int[] {heads, shape[1], shape[2], shape[3]}, acc);
    }
}

package segshap.kernels.window;

import java.util.Arrays;
import java.util.List;
import segshap.kernels.tensor.Box;
import segshap.kernels.tensor.Float16;
import segshap.kernels.tensor.FloatTensor;

/**
 * Gaussian fusion of tile logits over a box B of the preprocessed volume:
 * {@code Z(x) = Σ_s g_s(x)·z_s(x) / Σ_s g_s(x)} over the tiles s meeting B, in tile order.
 *
 * <p>The denominator is computed once at construction. The same code fuses the whole volume in
 * {@link SlidingWindowPredictor}, so for {@link AccumulationMode#FLOAT32} the fused logits over B equal the
 * full sliding-window result restricted to B bit for bit, provided every tile's logits over
 * {@code tile ∩ B} are what the full run computes (same backend, mirroring off). In
 * {@link AccumulationMode#NNUNET_FLOAT16} every update is rounded to binary16 as nnU-Net does.
 *
 * <p>Use, per evaluation (the accumulator must start at zero and tiles must come in {@link #tiles()} order,
 * or the sums are reordered and bit equality is lost):
 * <pre>
 * float[] acc = new float[fusion.accumulatorLength()];          // (heads, Bz, By, Bx)
 * for (Tile t : fusion.tiles()) fusion.accumulateTile(t, logitsOver(t, fusion.cropInTile(t)), 0, acc);
 * fusion.divideByWeights(acc);                                   // acc now holds the fused logits
 * </pre>
 * Immutable after construction; any number of threads may fuse into their own accumulators.
 */
public final class FusionOverBox {
    private final TileGrid grid;
    private final GaussianImportanceMap gaussian;
    private final Box box;
    private final int numHeads;
    private final List<Tile> tiles;
    private final float[] weightSum; // (Bz,By,Bx) Σ_s g_s in tile order, in the accumulation format

    /**
     * @param grid        the tiling of the preprocessed volume
     * @param gaussian    the Gaussian of the grid's patch; its mode selects float32 or nnU-Net float16 fusion
     * @param boxUnpadded B, non-empty and inside the volume, in the unpadded frame
     * @param numHeads    logit channels per voxel, ≥ 1
     */
    public FusionOverBox(TileGrid grid, GaussianImportanceMap gaussian, Box boxUnpadded, int numHeads) {
        if (!Arrays.equals(grid.patchZyx(), gaussian.patchZyx())) {
            throw new IllegalArgumentException("Gaussian patch " + Arrays.toString(gaussian.patchZyx())
                    + " differs from the tile grid's patch " + Arrays.toString(grid.patchZyx()));
        }
        if (boxUnpadded.isEmpty() || !boxUnpadded.intersect(grid.volumeBox()).equals(boxUnpadded)) {
            throw new IllegalArgumentException("fusion box " + boxUnpadded + " must be non-empty and inside the volume "
                    + grid.volumeBox());
        }
        if (numHeads < 1) throw new IllegalArgumentException("numHeads must be ≥ 1, got " + numHeads);
        this.grid = grid;
        this.gaussian = gaussian;
        this.box = boxUnpadded;
        this.numHeads = numHeads;
        this.tiles = grid.tilesIntersecting(boxUnpadded);
        this.weightSum = new float[Math.toIntExact(boxUnpadded.voxelCount())];
        for (Tile t : tiles) addWeights(t);
    }

    /** B, in the unpadded frame. */
    public Box box() { return box; }

    public int numHeads() { return numHeads; }

    public TileGrid grid() { return grid; }

    /** The accumulation format. */
    public AccumulationMode mode() { return gaussian.mode(); }

    /** The tiles meeting B, in tile order: exactly the tiles to accumulate, in this order. */
    public List<Tile> tiles() { return tiles; }

    /** {@code tile ∩ B} in tile coordinates: the crop of the logits {@link #accumulateTile} expects. */
    public Box cropInTile(Tile tile) { return grid.cropInTile(tile, box); }

    /** Length of an accumulator {@code (heads, Bz, By, Bx)}. */
    public int accumulatorLength() { return Math.toIntExact(numHeads * box.voxelCount()); }

    /** A copy of {@code Σ_s g_s} over B, {@code (Bz, By, Bx)}. */
    public float[] weightSum() { return weightSum.clone(); }

    /**
     * Adds {@code g·z} of one tile into the accumulator.
     *
     * @param tile   one of {@link #tiles()}, in turn
     * @param logits {@code (heads, cz, cy, cx)} over {@link #cropInTile}, from {@code offset}
     * @param acc    {@code (heads, Bz, By, Bx)}, zero before the first tile
     */
    public void accumulateTile(Tile tile, float[] logits, int offset, float[] acc) {
        accumulateTile(tile, logits, offset, cropInTile(tile), acc);
    }

    /** As above with logits over any crop of the tile that contains {@code tile ∩ B} (tile coordinates). */
    void accumulateTile(Tile tile, float[] logits, int offset, Box logitsCropInTile, float[] acc) {
        Box t = grid.tileBoxUnpaddedUnclipped(tile);
        Box r = t.intersect(box); // voxels to update, unpadded frame
        if (r.isEmpty()) throw new IllegalArgumentException("tile " + tile.index() + " does not meet the fusion box " + box);
        Box l = new Box(t.z0() + logitsCropInTile.z0(), t.y0() + logitsCropInTile.y0(), t.x0() + logitsCropInTile.x0(),
                t.z0() + logitsCropInTile.z1(), t.y0() + logitsCropInTile.y1(), t.x0() + logitsCropInTile.x1());
        if (!l.intersect(r).equals(r)) {
            throw new IllegalArgumentException("logits crop " + logitsCropInTile + " of tile " + tile.index()
                    + " does not contain the tile's part of the fusion box " + r.relativeTo(t));
        }
        if (offset < 0 || logits.length - offset < numHeads * l.voxelCount() || acc.length != accumulatorLength()) {
            throw new IllegalArgumentException("logits (" + (logits.length - offset) + " floats from " + offset
                    + ") or accumulator (" + acc.length + ") too short for " + numHeads + " heads over " + l + " / " + box);
        }
        float[] g = gaussian.values;
        int[] p = grid.patchZyx();
        boolean fp16 = gaussian.mode() == AccumulationMode.NNUNET_FLOAT16;
        int n = r.sizeX();
        for (int h = 0; h < numHeads; h++) {
            for (int z = r.z0(); z < r.z1(); z++) {
                for (int y = r.y0(); y < r.y1(); y++) {
                    int gi = ((z - t.z0()) * p[1] + (y - t.y0())) * p[2] + (r.x0() - t.x0());
                    int li = offset + ((h * l.sizeZ() + z - l.z0()) * l.sizeY() + y - l.y0()) * l.sizeX() + r.x0() - l.x0();
                    int ai = ((h * box.sizeZ() + z - box.z0()) * box.sizeY() + y - box.y0()) * box.sizeX() + r.x0() - box.x0();
                    if (fp16) {
                        // nnU-Net: prediction (fp32) *= gaussian (fp16); acc (fp16) += prediction → f16(f32(acc) + pred)
                        for (int k = 0; k < n; k++) acc[ai + k] = Float16.round(acc[ai + k] + logits[li + k] * g[gi + k]);
                    } else {
                        for (int k = 0; k < n; k++) acc[ai + k] += logits[li + k] * g[gi + k];
                    }
                }
            }
        }
    }

    /**
     * Divides the accumulated {@code Σ g·z} by {@code Σ g} in place, leaving the fused logits
     * {@code (heads, Bz, By, Bx)}.
     *
     * @throws IllegalStateException if a fused logit is infinite (float16 overflow), as nnU-Net aborts then
     */
    public void divideByWeights(float[] acc) {
        if (acc.length != accumulatorLength()) {
            throw new IllegalArgumentException("accumulator has " + acc.length + " floats, expected " + accumulatorLength());
        }
        boolean fp16 = gaussian.mode() == AccumulationMode.NNUNET_FLOAT16;
        int v = weightSum.length;
        for (int h = 0; h < numHeads; h++) {
            int base = h * v;
            for (int i = 0; i < v; i++) {
                float q = acc[base + i] / weightSum[i];
                acc[base + i] = fp16 ? Float16.round(q) : q;
            }
        }
        for (int i = 0; i < acc.length; i++) {
            if (Float.isInfinite(acc[i])) {
                throw new IllegalStateException("infinite fused logit at head " + i / v + " of box " + box
                        + " in " + gaussian.mode() + " accumulation; fuse with FLOAT32 accumulators");
            }
        }
    }

    /**
     * Fuses the given tile logits over B.
     *
     * @param logitsPerTile one array per {@link #tiles()} entry, same order, each {@code (heads, cz, cy, cx)}
     *                      over that tile's {@link #cropInTile}
     * @return the fused logits {@code (heads, Bz, By, Bx)}
     */
    public FloatTensor fuse(List<float[]> logitsPerTile) {
        if (logitsPerTile.size() != tiles.size()) {
            throw new IllegalArgumentException(logitsPerTile.size() + " tile logits given, the box meets " + tiles.size()
                    + " tiles");
        }
        float[] acc = new float[accumulatorLength()];
        for (int i = 0; i < tiles.size(); i++) accumulateTile(tiles.get(i), logitsPerTile.get(i), 0, acc);
        divideByWeights(acc);
        return new FloatTensor(new int[] {numHeads, box.sizeZ(), box.sizeY(), box.sizeX()}, acc);
    }

    private void addWeights(Tile tile) {
        Box t = grid.tileBoxUnpaddedUnclipped(tile);
        Box r = t.intersect(box);
        float[] g = gaussian.values;
        int[] p = grid.patchZyx();
        boolean fp16 = gaussian.mode() == AccumulationMode.NNUNET_FLOAT16;
        for (int z = r.z0(); z < r.z1(); z++) {
            for (int y = r.y0(); y < r.y1(); y++) {
                int gi = ((z - t.z0()) * p[1] + (y - t.y0())) * p[2] + (r.x0() - t.x0());
                int wi = ((z - box.z0()) * box.sizeY() + y - box.y0()) * box.sizeX() + r.x0() - box.x0();
                for (int k = 0; k < r.sizeX(); k++) {
                    // nnU-Net: n_predictions (fp16) += gaussian (fp16), computed in float32 then rounded
                    weightSum[wi + k] = fp16 ? Float16.round(weightSum[wi + k] + g[gi + k]) : weightSum[wi + k] + g[gi + k];
                }
            }
        }
    }
}

package segshap.engine.coalition;

import java.util.Arrays;
import java.util.List;
import segshap.engine.units.UnitPartition;
import segshap.engine.value.ValueFunctions;
import segshap.kernels.tensor.Box;
import segshap.kernels.tensor.FloatTensor;
import segshap.kernels.window.AccumulationMode;
import segshap.kernels.window.FusionOverBox;
import segshap.kernels.window.GaussianImportanceMap;
import segshap.kernels.window.Tile;
import segshap.kernels.window.TileGrid;

/**
 * Everything fixed for evaluating coalitions of one explanation, and nothing that runs the network: the
 * preprocessed volume, the relevant tiles (those meeting the ROI box B) in nnU-Net's tile order, per relevant
 * tile its units {@code U_s} and its stored crop {@code s ∩ B}, the Gaussian fusion over B, the target channel
 * and the scoring region.
 *
 * <p>The sliding window covers a <em>window</em> W of the volume: the whole volume (nnU-Net's own tiling, so
 * the fused baseline is exactly nnU-Net's prediction) or a crop such as the paper's B_RF (the crop tiling: the
 * window's tiles see zeros outside W, as when nnU-Net predicts the crop alone). The tile grid is the grid of W;
 * everything this class returns (B, tile starts) is on the volume's network grid.
 *
 * <p>Relevant tiles are addressed by their position {@code i} among the relevant tiles ("relevant tile i");
 * {@link #relevantTiles()}{@code .get(i).index()} is the tile's index in the whole grid. Immutable (apart from
 * the memo of tile keys it has derived); any number of threads may use it at once (each with its own buffers).
 *
 * <p>The bit-equality contract of the engine lives in {@link #fuse}: tiles are accumulated in relevant-tile
 * order, whatever order their outputs arrived in, so any evaluator that hands every tile's exact logits to
 * it gets the reference evaluator's numbers bit for bit.
 */
public final class TilePlan {
    private final FloatTensor preprocessedCzyx;
    private final TileGrid grid;
    private final Box window;
    private final Box box;
    private final UnitPartition partition;
    private final FusionOverBox fusion;
    private final List<Tile> relevantTiles;
    private final int[][] unitsPerTile;
    private final Box[] cropPerTile;
    private final int targetChannel;
    private final byte[] scoringMaskOverB;
    private final byte[] modelDigest;
    private final byte[] volumeDigest;
    private final TileKeys keys;

    /**
     * @param preprocessedCzyx the preprocessed (network-grid) volume (c, z, y, x)
     * @param grid             nnU-Net's tile grid of the window (of the whole volume for nnU-Net's tiling)
     * @param window           W, the box of the volume the grid tiles (the volume's own box, or a crop inside it)
     * @param partition        units on the volume's grid, built on the support of these tiles
     * @param box              B, the ROI's bounding box on the network grid
     * @param numHeads         logit channels of the network
     * @param targetChannel    output channel of the target label, in {@code [0, numHeads)}
     * @param scoringMaskOverB S over B (Bz, By, Bx), nonzero = scored
     * @param modelDigest      {@link TileKeys#modelDigest} of the network the tiles run through
     */
    public TilePlan(FloatTensor preprocessedCzyx, TileGrid grid, Box window, UnitPartition partition, Box box, int numHeads,
                    int targetChannel, byte[] scoringMaskOverB, byte[] modelDigest) {
        Box volume = partition.grid().box();
        if (window.isEmpty() || !volume.intersect(window).equals(window) || !Arrays.equals(window.sizeZyx(), grid.shapeZyx())) {
            throw new IllegalArgumentException("window " + window + " must lie inside the volume " + volume
                    + " and have the tile grid's shape " + Arrays.toString(grid.shapeZyx()));
        }
        if (!window.intersect(box).equals(box)) {
            throw new IllegalArgumentException("B " + box + " must lie inside the window " + window);
        }
        if (partition.support().tiles().size() != grid.tileCount()) {
            throw new IllegalArgumentException("the partition's support has " + partition.support().tiles().size()
                    + " tiles, the window's grid " + grid.tileCount() + "; build both from the same tiling");
        }
        if (targetChannel < 0 || targetChannel >= numHeads) {
            throw new IllegalArgumentException("target channel " + targetChannel + " outside [0, " + numHeads + ")");
        }
        if (scoringMaskOverB.length != box.voxelCount()) {
            throw new IllegalArgumentException("scoring mask has " + scoringMaskOverB.length + " voxels, B has " + box.voxelCount());
        }
        this.preprocessedCzyx = preprocessedCzyx;
        this.grid = grid;
        this.window = window;
        this.box = box;
        this.partition = partition;
        this.fusion = new FusionOverBox(grid, GaussianImportanceMap.of(grid.patchZyx(), AccumulationMode.FLOAT32),
                box.relativeTo(window), numHeads);
        this.relevantTiles = fusion.tiles();
        this.targetChannel = targetChannel;
        this.scoringMaskOverB = scoringMaskOverB.clone();
        int n = relevantTiles.size();
        unitsPerTile = new int[n][];
        cropPerTile = new Box[n];
        for (int i = 0; i < n; i++) {
            unitsPerTile[i] = partition.unitsMeetingTile(relevantTiles.get(i).index());
            cropPerTile[i] = fusion.cropInTile(relevantTiles.get(i));
        }
        this.modelDigest = modelDigest.clone();
        this.volumeDigest = TileKeys.volumeDigest(preprocessedCzyx);
        this.keys = new TileKeys(this, this.modelDigest, volumeDigest);
    }

    /** The model's digest (part of every tile key). */
    public byte[] modelDigest() { return modelDigest.clone(); }

    /** The preprocessed volume's digest (part of every tile key). */
    public byte[] volumeDigest() { return volumeDigest.clone(); }

    /** The tiles meeting B, in nnU-Net's tile order. */
    public List<Tile> relevantTiles() { return relevantTiles; }

    public int relevantTileCount() { return relevantTiles.size(); }

    /** The sliding window's tile grid (over {@link #window()}). */
    public TileGrid tileGrid() { return grid; }

    /** W, the box of the volume the sliding window covers (the whole volume for nnU-Net's own tiling). */
    public Box window() { return window; }

    /** Whether the window is the whole volume, i.e. the tiles are nnU-Net's own. */
    public boolean tilesWholeVolume() { return window.equals(partition.grid().box()); }

    public UnitPartition partition() { return partition; }

    /** B, on the volume's network grid. */
    public Box box() { return box; }

    public int numHeads() { return fusion.numHeads(); }

    public int targetChannel() { return targetChannel; }

    /** The patch (tile) shape (z, y, x). */
    public int[] patchZyx() { return grid.patchZyx(); }

    /** Floats of one tile's input (c, pz, py, px). */
    public int tileInputFloats() {
        int[] p = grid.patchZyx();
        return Math.toIntExact((long) preprocessedCzyx.dim(0) * p[0] * p[1] * p[2]);
    }

    /** U_s of relevant tile {@code i}: ascending unit indices, excluded units left out; do not mutate. */
    public int[] unitsOfRelevantTile(int i) { return unitsPerTile[i]; }

    /** The stored crop {@code s ∩ B} of relevant tile {@code i}, in tile coordinates. */
    public Box cropOfRelevantTile(int i) { return cropPerTile[i]; }

    /** Floats of relevant tile {@code i}'s stored logits (heads, crop). */
    public int cropFloats(int i) { return Math.toIntExact(numHeads() * cropPerTile[i].voxelCount()); }

    /** Floats of the fused logits over B (heads, Bz, By, Bx). */
    public int fusedFloats() { return fusion.accumulatorLength(); }

    /** The persistent cache key of relevant tile {@code i} under coalition {@code kept} (see {@link TileKeys}). */
    public TileKey keyOf(int i, Coalition kept) {
        return keys.keyOf(i, kept);
    }

    /**
     * The first voxel of relevant tile {@code i} on the volume's unpadded network grid (outside the window where
     * nnU-Net pads it).
     */
    public int[] tileStartZyx(int i) {
        int[] lo = relevantTiles.get(i).boxPadded().loZyx();
        int[] pad = grid.padLoZyx();
        return new int[]{window.z0() + lo[0] - pad[0], window.y0() + lo[1] - pad[1], window.x0() + lo[2] - pad[2]};
    }

    /** Whether relevant tile {@code i} sees the unperturbed input under {@code kept}. */
    public boolean isClean(int i, Coalition kept) {
        for (int u : unitsPerTile[i]) {
            if (!kept.contains(u)) return false;
        }
        return true;
    }

    /** Writes the perturbed input of relevant tile {@code i} for coalition {@code kept} at {@code dst[offset]}. */
    public void writeInput(int i, Coalition kept, float[] dst, int offset) {
        Perturbation.writeTileInput(preprocessedCzyx.data(), partition, kept, window, tileStartZyx(i), grid.patchZyx(), dst, offset);
    }

    /**
     * Fuses per-tile logits over B into {@code acc}: {@code logitsByTile[i]} holds relevant tile i's crop
     * (heads, crop) from offset 0. Tiles are accumulated in relevant-tile order, which is what makes every
     * evaluator bit-identical to the reference.
     */
    public void fuse(float[][] logitsByTile, float[] acc) {
        if (logitsByTile.length != relevantTiles.size()) {
            throw new IllegalArgumentException(logitsByTile.length + " tile outputs for " + relevantTiles.size() + " relevant tiles");
        }
        Arrays.fill(acc, 0f);
        for (int i = 0; i < relevantTiles.size(); i++) fusion.accumulateTile(relevantTiles.get(i), logitsByTile[i], 0, acc);
        fusion.divideByWeights(acc);
    }

    /** P(x) over B: 1 where the target channel wins the argmax of fused logits. */
    public byte[] hardPrediction(float[] fusedOverB) {
        return ValueFunctions.hardPrediction(fusedOverB, numHeads(), targetChannel);
    }

    /** TP, FP, Dice, Soft Dice of fused logits over B against the baseline prediction P_0 over B. */
    public double[] score(float[] fusedOverB, byte[] baselineP0OverB) {
        return ValueFunctions.scores(fusedOverB, numHeads(), targetChannel, baselineP0OverB, scoringMaskOverB);
    }

    /** S over B (Bz, By, Bx), nonzero = scored; a copy. */
    public byte[] scoringMaskOverB() { return scoringMaskOverB.clone(); }
}

package segshap.engine.coalition;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import segshap.engine.units.Perturbation;
import segshap.engine.units.UnitPartition;
import segshap.engine.value.ValueFunctions;
import segshap.kernels.backend.ForwardBackend;
import segshap.kernels.tensor.Box;
import segshap.kernels.tensor.FloatTensor;
import segshap.kernels.window.AccumulationMode;
import segshap.kernels.window.FusionOverBox;
import segshap.kernels.window.GaussianImportanceMap;
import segshap.kernels.window.Tile;
import segshap.kernels.window.TileGrid;

/**
 * Everything fixed for one explanation on the network grid: the preprocessed volume, the tiles that meet
 * the ROI box B, the units, fusion over B, the target channel, the scoring region and the baseline.
 *
 * <p>The baseline (all units kept) is computed once at construction: its per-tile logits over
 * {@code s ∩ B} are what clean tiles reuse, and its fused prediction over B is P_0 of the value functions.
 */
public final class ExplanationGrid {
    private final FloatTensor preprocessedCzyx;
    private final TileGrid grid;
    private final UnitPartition partition;
    private final FusionOverBox fusion;
    private final List<Tile> relevantTiles;
    private final int[][] unitsPerTile;
    private final Box[] cropPerTile;
    private final int[] cropOffsetPerTile;
    private final int cropFloatsTotal;
    private final int targetChannel;
    private final byte[] scoringMaskOverB;
    private final float[] baselineTileLogits;
    private final float[] baselineFusedOverB;
    private final byte[] baselineP0OverB;

    /**
     * @param preprocessedCzyx the preprocessed (network-grid) volume (c, z, y, x)
     * @param grid             nnU-Net's tile grid of that volume
     * @param partition        units on the same grid
     * @param box              B, the ROI's bounding box on the network grid
     * @param targetChannel    output channel of the target label
     * @param scoringMaskOverB S over B (Bz, By, Bx), nonzero = scored
     * @param backend          the network, used here for the baseline
     * @param tilesPerBatch    tiles per forward call, ≥ 1
     */
    public ExplanationGrid(FloatTensor preprocessedCzyx, TileGrid grid, UnitPartition partition, Box box,
                           int targetChannel, byte[] scoringMaskOverB, ForwardBackend backend, int tilesPerBatch) {
        int heads = backend.spec().numHeads();
        if (targetChannel < 0 || targetChannel >= heads) {
            throw new IllegalArgumentException("target channel " + targetChannel + " outside [0, " + heads + ")");
        }
        if (scoringMaskOverB.length != box.voxelCount()) {
            throw new IllegalArgumentException("scoring mask has " + scoringMaskOverB.length + " voxels, B has " + box.voxelCount());
        }
        this.preprocessedCzyx = preprocessedCzyx;
        this.grid = grid;
        this.partition = partition;
        this.fusion = new FusionOverBox(grid, GaussianImportanceMap.of(grid.patchZyx(), AccumulationMode.FLOAT32), box, heads);
        this.relevantTiles = fusion.tiles();
        this.targetChannel = targetChannel;
        this.scoringMaskOverB = scoringMaskOverB.clone();
        int n = relevantTiles.size();
        unitsPerTile = new int[n][];
        cropPerTile = new Box[n];
        cropOffsetPerTile = new int[n];
        int offset = 0;
        for (int i = 0; i < n; i++) {
            Tile t = relevantTiles.get(i);
            unitsPerTile[i] = partition.unitsMeetingTile(t.index());
            cropPerTile[i] = fusion.cropInTile(t);
            cropOffsetPerTile[i] = offset;
            offset += Math.toIntExact(heads * cropPerTile[i].voxelCount());
        }
        cropFloatsTotal = offset;
        baselineTileLogits = new float[offset];
        BitSet all = new BitSet();
        all.set(0, partition.unitCount());
        TileRunner runner = new TileRunner(this, backend, tilesPerBatch);
        List<Integer> everyTile = new ArrayList<>();
        for (int i = 0; i < n; i++) everyTile.add(i);
        runner.forward(all, everyTile, (tile, logits, off) ->
                System.arraycopy(logits, off, baselineTileLogits, cropOffsetPerTile[tile], cropFloats(tile)));
        baselineFusedOverB = new float[fusion.accumulatorLength()];
        fuseInto(i -> baselineTileLogits, i -> cropOffsetPerTile[i], baselineFusedOverB);
        baselineP0OverB = ValueFunctions.hardPrediction(baselineFusedOverB, heads, targetChannel);
    }

    /** Fuses per-tile logits over B: {@code logitsOf.apply(i)} holds tile i's crop at {@code offsetOf.applyAsInt(i)}. */
    void fuseInto(java.util.function.IntFunction<float[]> logitsOf, java.util.function.IntUnaryOperator offsetOf, float[] acc) {
        java.util.Arrays.fill(acc, 0f);
        for (int i = 0; i < relevantTiles.size(); i++) {
            fusion.accumulateTile(relevantTiles.get(i), logitsOf.apply(i), offsetOf.applyAsInt(i), acc);
        }
        fusion.divideByWeights(acc);
    }

    /** The four scores of fused logits over B. */
    double[] score(float[] fusedOverB) {
        return ValueFunctions.scores(fusedOverB, numHeads(), targetChannel, baselineP0OverB, scoringMaskOverB);
    }

    FloatTensor preprocessed() { return preprocessedCzyx; }

    public TileGrid tileGrid() { return grid; }

    public UnitPartition partition() { return partition; }

    /** B. */
    public Box box() { return fusion.box(); }

    /** The tiles meeting B, in nnU-Net's tile order. */
    public List<Tile> relevantTiles() { return relevantTiles; }

    /** U_s of relevant tile number {@code i} (ascending unit indices, excluded units left out). */
    int[] unitsOfTile(int i) { return unitsPerTile[i]; }

    /** The crop {@code s ∩ B} of relevant tile {@code i}, in tile coordinates. */
    Box cropOfTile(int i) { return cropPerTile[i]; }

    int cropFloats(int i) { return Math.toIntExact(numHeads() * cropPerTile[i].voxelCount()); }

    int cropOffset(int i) { return cropOffsetPerTile[i]; }

    int cropFloatsTotal() { return cropFloatsTotal; }

    float[] baselineTileLogits() { return baselineTileLogits; }

    public int numHeads() { return fusion.numHeads(); }

    public int targetChannel() { return targetChannel; }

    /** Fused baseline logits over B (heads, Bz, By, Bx); do not mutate. */
    public float[] baselineFusedOverB() { return baselineFusedOverB; }

    /** P_0 over B. */
    public byte[] baselineP0OverB() { return baselineP0OverB.clone(); }

    /** Writes the perturbed input of relevant tile {@code i} for coalition {@code kept}. */
    void writeTileInput(BitSet kept, int i, float[] dst, int offset) {
        Tile t = relevantTiles.get(i);
        int[] lo = t.boxPadded().loZyx();
        int[] pad = grid.padLoZyx();
        int[] start = {lo[0] - pad[0], lo[1] - pad[1], lo[2] - pad[2]};
        Perturbation.writeTileInput(preprocessedCzyx.data(), partition, kept, start, grid.patchZyx(), dst, offset);
    }
}

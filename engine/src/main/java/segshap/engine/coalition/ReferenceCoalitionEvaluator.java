package segshap.engine.coalition;

import java.util.Arrays;
import java.util.List;
import segshap.kernels.backend.ForwardBackend;
import segshap.kernels.backend.TileBatch;
import segshap.kernels.tensor.Box;

/**
 * The plain evaluator, without any cache, clean-tile shortcut or concurrency: for every coalition it forwards
 * every relevant tile on the perturbed input, fuses over B in tile order and scores. It is the reference the
 * streaming pipeline is held to bit for bit, and the "without cache" row of the benchmark. One thread.
 */
public final class ReferenceCoalitionEvaluator {
    private final TilePlan plan;
    private final ForwardBackend backend;
    private final int tilesPerBatch;
    private final float[] inputs;
    private final float[] fused;
    private Baseline baseline;
    private long forwards;

    /**
     * @param backend       the network; used from the calling thread only
     * @param tilesPerBatch tiles per forward call, ≥ 1
     */
    public ReferenceCoalitionEvaluator(TilePlan plan, ForwardBackend backend, int tilesPerBatch) {
        if (tilesPerBatch < 1) throw new IllegalArgumentException("tilesPerBatch must be ≥ 1, got " + tilesPerBatch);
        this.plan = plan;
        this.backend = backend;
        this.tilesPerBatch = tilesPerBatch;
        this.inputs = new float[Math.multiplyExact(plan.tileInputFloats(), tilesPerBatch)];
        this.fused = new float[plan.fusedFloats()];
    }

    /** Logits (heads, crop) of every relevant tile under coalition {@code kept}, in relevant-tile order. */
    public float[][] tileLogits(Coalition kept) {
        int n = plan.relevantTileCount();
        float[][] out = new float[n][];
        for (int first = 0; first < n; first += tilesPerBatch) {
            int count = Math.min(tilesPerBatch, n - first);
            Box[] crops = new Box[count];
            for (int k = 0; k < count; k++) {
                plan.writeInput(first + k, kept, inputs, k * plan.tileInputFloats());
                crops[k] = plan.cropOfRelevantTile(first + k);
            }
            float[] logits = new float[Math.toIntExact(TileBatch.outputFloats(plan.numHeads(), crops))];
            backend.forward(TileBatch.packed(plan.patchZyx(), plan.numHeads(), inputs, crops, logits));
            int offset = 0;
            for (int k = 0; k < count; k++) {
                int len = plan.cropFloats(first + k);
                out[first + k] = Arrays.copyOfRange(logits, offset, offset + len);
                offset += len;
            }
            forwards += count;
        }
        return out;
    }

    /** The unperturbed prediction (every unit kept), computed on first use. */
    public Baseline baseline() {
        if (baseline == null) baseline = Baseline.of(plan, tileLogits(Coalition.full(plan.partition().unitCount())));
        return baseline;
    }

    /**
     * TP, FP, Dice, Soft Dice of every coalition (over the partition's units), in list order.
     *
     * @return {@code result[j]} = the four scores of {@code coalitions.get(j)}
     */
    public double[][] evaluate(List<Coalition> coalitions) {
        byte[] p0 = baseline().p0OverB();
        double[][] out = new double[coalitions.size()][];
        for (int c = 0; c < coalitions.size(); c++) {
            plan.fuse(tileLogits(coalitions.get(c)), fused);
            out[c] = plan.score(fused, p0);
        }
        return out;
    }

    /** Tile forwards so far (baseline included). */
    public long forwards() {
        return forwards;
    }
}

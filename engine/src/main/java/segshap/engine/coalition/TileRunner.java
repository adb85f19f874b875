package segshap.engine.coalition;

import java.util.BitSet;
import java.util.List;
import segshap.kernels.backend.ForwardBackend;
import segshap.kernels.backend.TileBatch;
import segshap.kernels.tensor.Box;

/**
 * Forwards perturbed tiles in batches through a backend, returning each tile's logits over {@code s ∩ B}.
 * Owns its input/output buffers (one thread).
 */
final class TileRunner {
    /** Receives one tile's logits (heads, crop) at {@code offset} of {@code logits}. */
    @FunctionalInterface
    interface TileSink {
        void accept(int relevantTile, float[] logits, int offset);
    }

    private final ExplanationGrid problem;
    private final ForwardBackend backend;
    private final int tilesPerBatch;
    private final int[] patch;
    private final int tileInputFloats;
    private final float[] inputs;
    private float[] outputs = new float[0];
    private long forwards;

    TileRunner(ExplanationGrid problem, ForwardBackend backend, int tilesPerBatch) {
        if (tilesPerBatch < 1) throw new IllegalArgumentException("tilesPerBatch must be ≥ 1, got " + tilesPerBatch);
        this.problem = problem;
        this.backend = backend;
        this.tilesPerBatch = tilesPerBatch;
        this.patch = problem.tileGrid().patchZyx();
        this.tileInputFloats = Math.toIntExact((long) problem.preprocessed().dim(0) * patch[0] * patch[1] * patch[2]);
        this.inputs = new float[tileInputFloats * tilesPerBatch];
    }

    /** Forwards relevant tiles {@code tiles} perturbed by coalition {@code kept}, in the given order. */
    void forward(BitSet kept, List<Integer> tiles, TileSink sink) {
        forward(tiles.size(), k -> kept, tiles::get, sink);
    }

    /** Forwards {@code count} (coalition, tile) jobs, job k = (coalitionOf(k), tileOf(k)). */
    void forward(int count, java.util.function.IntFunction<BitSet> coalitionOf,
                 java.util.function.IntUnaryOperator tileOf, TileSink sink) {
        for (int first = 0; first < count; ) {
            // one backend call per batch; each tile carries its own crop
            int n = Math.min(tilesPerBatch, count - first);
            Box[] crops = new Box[n];
            for (int k = 0; k < n; k++) {
                crops[k] = problem.cropOfTile(tileOf.applyAsInt(first + k));
                problem.writeTileInput(coalitionOf.apply(first + k), tileOf.applyAsInt(first + k), inputs, k * tileInputFloats);
            }
            int outFloats = Math.toIntExact(TileBatch.outputFloats(problem.numHeads(), crops));
            if (outputs.length < outFloats) outputs = new float[outFloats];
            TileBatch batch = TileBatch.packed(patch, problem.numHeads(), inputs, crops, outputs);
            backend.forward(batch);
            for (int k = 0; k < n; k++) sink.accept(tileOf.applyAsInt(first + k), outputs, batch.outOffset(k));
            forwards += n;
            first += n;
        }
    }

    long forwards() {
        return forwards;
    }
}

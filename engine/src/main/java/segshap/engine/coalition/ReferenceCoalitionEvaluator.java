package segshap.engine.coalition;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import segshap.kernels.backend.ForwardBackend;

/**
 * The plain evaluator, without any cache or clean-tile shortcut: for every coalition it forwards every
 * tile that meets B on the perturbed input, fuses over B and scores. It is the reference the cached path
 * is tested against, and the "without cache" count of the report.
 */
public final class ReferenceCoalitionEvaluator implements CoalitionEvaluator {
    private final ExplanationGrid problem;
    private final TileRunner runner;
    private final float[] tileLogits;
    private final float[] fused;
    private final List<Integer> allTiles = new ArrayList<>();
    private long coalitions;

    public ReferenceCoalitionEvaluator(ExplanationGrid problem, ForwardBackend backend, int tilesPerBatch) {
        this.problem = problem;
        this.runner = new TileRunner(problem, backend, tilesPerBatch);
        this.tileLogits = new float[problem.cropFloatsTotal()];
        this.fused = new float[problem.baselineFusedOverB().length];
        for (int i = 0; i < problem.relevantTiles().size(); i++) allTiles.add(i);
    }

    @Override
    public double[][] evaluate(List<BitSet> batch) {
        double[][] out = new double[batch.size()][];
        for (int c = 0; c < batch.size(); c++) {
            runner.forward(batch.get(c), allTiles, (tile, logits, off) ->
                    System.arraycopy(logits, off, tileLogits, problem.cropOffset(tile), problem.cropFloats(tile)));
            problem.fuseInto(i -> tileLogits, problem::cropOffset, fused);
            out[c] = problem.score(fused);
            coalitions++;
        }
        return out;
    }

    @Override
    public EvaluationStats stats() {
        long requests = coalitions * problem.relevantTiles().size();
        return new EvaluationStats(coalitions, requests, 0, 0, runner.forwards(), 0, 0);
    }
}

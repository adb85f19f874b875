package segshap.engine.coalition;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import segshap.kernels.backend.ForwardBackend;

/**
 * The fast evaluator: per tile s the key {@code m|U_s}; clean tiles use the baseline; other tiles come from
 * an in-memory cache of tile outputs over {@code s ∩ B}, and the misses of a whole batch of coalitions are
 * deduplicated and forwarded together. Fusion runs over B only.
 *
 * <p>The cache holds at most {@code cacheBudgetBytes}; once full it stops admitting new keys (entries are
 * never evicted, so a hit is always valid) and evaluation goes on, slower. The off-heap Chronicle Map cache
 * of the streaming engine replaces this map later.
 */
public final class CachedCoalitionEvaluator implements CoalitionEvaluator {
    private final ExplanationGrid problem;
    private final TileRunner runner;
    private final long cacheBudgetBytes;
    private final Map<TileKey, float[]> cache = new HashMap<>();
    private final float[] fused;
    private long cachedBytes;
    private long coalitions;
    private long requests;
    private long clean;
    private long hits;

    /**
     * @param cacheBudgetBytes bytes of tile outputs the cache may hold, ≥ 0
     */
    public CachedCoalitionEvaluator(ExplanationGrid problem, ForwardBackend backend, int tilesPerBatch,
                                    long cacheBudgetBytes) {
        if (cacheBudgetBytes < 0) throw new IllegalArgumentException("cacheBudgetBytes must be ≥ 0");
        this.problem = problem;
        this.runner = new TileRunner(problem, backend, tilesPerBatch);
        this.cacheBudgetBytes = cacheBudgetBytes;
        this.fused = new float[problem.baselineFusedOverB().length];
    }

    @Override
    public double[][] evaluate(List<BitSet> batch) {
        int tiles = problem.relevantTiles().size();
        // 1. keys of every (coalition, tile); collect the distinct misses of the batch
        TileKey[][] keys = new TileKey[batch.size()][tiles];
        Map<TileKey, BitSet> misses = new LinkedHashMap<>();
        for (int c = 0; c < batch.size(); c++) {
            for (int i = 0; i < tiles; i++) {
                int[] units = problem.unitsOfTile(i);
                TileKey key = TileKey.of(i, units, batch.get(c));
                requests++;
                if (key.isClean(units.length)) {
                    clean++;
                    continue; // null key = baseline
                }
                keys[c][i] = key;
                if (cache.containsKey(key) || misses.containsKey(key)) {
                    hits++;
                } else {
                    misses.put(key, batch.get(c));
                }
            }
        }
        // 2. forward the misses, grouped by tile so equal crops share a backend call
        List<TileKey> order = new ArrayList<>(misses.keySet());
        order.sort(Comparator.comparingInt(TileKey::relevantTile));
        Map<TileKey, float[]> fresh = new HashMap<>();
        runner.forward(order.size(), k -> misses.get(order.get(k)), k -> order.get(k).relevantTile(),
                new TileRunner.TileSink() {
                    int next;

                    @Override
                    public void accept(int tile, float[] logits, int offset) {
                        TileKey key = order.get(next++);
                        float[] copy = java.util.Arrays.copyOfRange(logits, offset, offset + problem.cropFloats(tile));
                        fresh.put(key, copy);
                        admit(key, copy);
                    }
                });
        // 3. fuse and score each coalition
        double[][] out = new double[batch.size()][];
        float[] baseline = problem.baselineTileLogits();
        for (int c = 0; c < batch.size(); c++) {
            TileKey[] row = keys[c];
            problem.fuseInto(i -> row[i] == null ? baseline : lookup(row[i], fresh),
                    i -> row[i] == null ? problem.cropOffset(i) : 0, fused);
            out[c] = problem.score(fused);
            coalitions++;
        }
        return out;
    }

    private float[] lookup(TileKey key, Map<TileKey, float[]> fresh) {
        float[] v = cache.get(key);
        return v != null ? v : fresh.get(key);
    }

    private void admit(TileKey key, float[] logits) {
        long bytes = 4L * logits.length;
        if (cachedBytes + bytes > cacheBudgetBytes) return;
        cache.put(key, logits);
        cachedBytes += bytes;
    }

    @Override
    public EvaluationStats stats() {
        return new EvaluationStats(coalitions, requests, clean, hits, runner.forwards(), cache.size(), cachedBytes);
    }
}

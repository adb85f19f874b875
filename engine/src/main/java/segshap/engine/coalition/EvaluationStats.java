package segshap.engine.coalition;

/**
 * Tile work of an evaluator.
 *
 * @param coalitions       coalitions evaluated
 * @param tileRequests     tile outputs needed (coalitions × relevant tiles)
 * @param cleanTiles       requests answered by the baseline (no removed unit meets the tile)
 * @param cacheHits        requests answered by a cached {@code m|U_s} output (incl. repeats inside a batch)
 * @param tileForwards     tiles run through the network
 * @param cachedEntries    distinct tile outputs held in the cache
 * @param cachedBytes      bytes held by the cache
 */
public record EvaluationStats(long coalitions, long tileRequests, long cleanTiles, long cacheHits,
                              long tileForwards, long cachedEntries, long cachedBytes) {
    /** Requests that needed no forward pass. */
    public long hits() {
        return cleanTiles + cacheHits;
    }

    /** hits / requests (0 when nothing was requested). */
    public double hitRatio() {
        return tileRequests == 0 ? 0 : (double) hits() / tileRequests;
    }
}

package segshap.protocol;

/**
 * Tile work of one explanation.
 *
 * @param tileEvaluations tile outputs requested by coalitions (hits + forwards)
 * @param hits            requests answered from the {@code m|U_s} cache or the clean baseline
 * @param hitRatio        hits / tileEvaluations
 * @param tileForwards    tiles actually run through the network
 * @param tileForwardsWithoutCache tiles a cache-less evaluator would have run (coalitions × relevant tiles)
 */
public record CacheStats(long tileEvaluations, long hits, double hitRatio, long tileForwards,
                         long tileForwardsWithoutCache) {}

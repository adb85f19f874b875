package segshap.protocol;

/**
 * Tile work of one explanation and the tile cache it used.
 *
 * @param tileEvaluations          tile outputs requested by coalitions (hits + forwards)
 * @param hits                     requests answered from the {@code m|U_s} cache or the clean baseline
 * @param hitRatio                 hits / tileEvaluations
 * @param tileForwards             tiles actually run through the network
 * @param tileForwardsWithoutCache tiles a cache-less evaluator would have run (coalitions × relevant tiles)
 * @param location                 {@code memory}, {@code heap}, or the folder of the persisted file set (since
 *                                 the persisted cache; {@code null} in older reports)
 * @param entriesFromEarlierRuns   entries the cache held when this run opened it (stored by earlier runs)
 * @param hitsFromEarlierRuns      hits (baseline included) on entries earlier runs stored
 * @param entriesStored            entries this run stored
 * @param refusedFull              tile outputs not stored because the cache was full
 * @param corrupt                  entries dropped because they failed their checksum (then recomputed)
 * @param bytesHeld                bytes the cache held at the end (records of every run, headers included)
 * @param capacityBytes            bytes it may hold
 */
public record CacheStats(long tileEvaluations, long hits, double hitRatio, long tileForwards,
                         long tileForwardsWithoutCache, String location, Long entriesFromEarlierRuns,
                         Long hitsFromEarlierRuns, Long entriesStored, Long refusedFull, Long corrupt, Long bytesHeld,
                         Long capacityBytes) {}

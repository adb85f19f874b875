package segshap.protocol;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the engine ran an explanation: the {@code engine} object of {@code report.json}. It describes the run,
 * not the result: the same job on another backend gives the same attributions and a different engine object.
 *
 * <p>Example:
 * <pre>
 * {"backend": "cpu, 16 threads, float32", "memoryBudgetBytes": 1073741824, "tilesPerBatch": 4,
 *  "histograms": {"tileForwardMs": {"count": 1200, "unit": "ms", "p50": 41.0, …}, "batchSize": {…}},
 *  "counters": {"requests": 9840, "clean": 2460, "hits": 5100, "dedupJoins": 1080, "forwards": 1200, …}}
 * </pre>
 * Map keys are written in sorted order, so two reports of the same run compare equal as text.
 *
 * @param backend           forward backend in words (device, threads, precision), as the engine describes it
 * @param memoryBudgetBytes bytes of tiles the pipeline could hold in flight, ≥ 1
 * @param tilesPerBatch     most tiles per forward call, ≥ 1
 * @param histograms        distributions by name ({@link #HISTOGRAMS}; others may be added), not {@code null}
 * @param counters          counts by name ({@link #COUNTERS}; others may be added), each ≥ 0, not {@code null}
 * @throws IllegalArgumentException naming the field and the value when one is out of range
 */
public record EngineReport(String backend, long memoryBudgetBytes, int tilesPerBatch,
                           Map<String, HistogramSummary> histograms, Map<String, Long> counters) {
    /** Wall time of one tile's forward pass inside its batch (batch time / batch size), ms. */
    public static final String TILE_FORWARD_MS = "tileForwardMs";
    /** Tiles per forward call, tiles. */
    public static final String BATCH_SIZE = "batchSize";
    /** Wall time of one forward call, ms. */
    public static final String BATCH_MS = "batchMs";
    /** Time a tile request waited for a batch slot, ms. */
    public static final String QUEUE_WAIT_MS = "queueWaitMs";
    /** Time from a coalition's first tile request to its value, ms. */
    public static final String COALITION_MS = "coalitionMs";
    /** The histogram names every engine writes. */
    public static final List<String> HISTOGRAMS = List.of(TILE_FORWARD_MS, BATCH_SIZE, BATCH_MS, QUEUE_WAIT_MS, COALITION_MS);

    /** Tile outputs requested by coalitions. */
    public static final String REQUESTS = "requests";
    /** Requests answered by the clean (unperturbed) baseline tile: the coalition keeps every unit the tile sees. */
    public static final String CLEAN = "clean";
    /** Requests answered from the {@code m|U_s} cache. */
    public static final String HITS = "hits";
    /** Requests that joined an identical forward already in flight instead of starting one. */
    public static final String DEDUP_JOINS = "dedupJoins";
    /** Tiles run through the network. */
    public static final String FORWARDS = "forwards";
    /** Bytes of tile outputs held by the cache at the end. */
    public static final String BYTES_CACHED = "bytesCached";
    /** Coalitions evaluated. */
    public static final String COALITIONS = "coalitions";
    /** The counter names every engine writes. */
    public static final List<String> COUNTERS = List.of(REQUESTS, CLEAN, HITS, DEDUP_JOINS, FORWARDS, BYTES_CACHED, COALITIONS);

    public EngineReport {
        if (backend == null || backend.isBlank()) {
            throw new IllegalArgumentException("engine.backend '" + backend + "': required; describe the forward backend");
        }
        if (memoryBudgetBytes < 1) throw new IllegalArgumentException("engine.memoryBudgetBytes " + memoryBudgetBytes + ": must be ≥ 1");
        if (tilesPerBatch < 1) throw new IllegalArgumentException("engine.tilesPerBatch " + tilesPerBatch + ": must be ≥ 1");
        if (histograms == null) throw new IllegalArgumentException("engine.histograms: required (may be empty)");
        if (counters == null) throw new IllegalArgumentException("engine.counters: required (may be empty)");
        for (Map.Entry<String, HistogramSummary> h : histograms.entrySet()) {
            if (h.getValue() == null) throw new IllegalArgumentException("engine.histograms." + h.getKey() + ": null; leave it out instead");
        }
        for (Map.Entry<String, Long> c : counters.entrySet()) {
            if (c.getValue() == null || c.getValue() < 0) {
                throw new IllegalArgumentException("engine.counters." + c.getKey() + " " + c.getValue() + ": must be ≥ 0");
            }
        }
        // Sorted copies: the written order must not follow the caller's (possibly hash) map iteration.
        histograms = Collections.unmodifiableMap(new TreeMap<>(histograms));
        counters = Collections.unmodifiableMap(new TreeMap<>(counters));
    }
}

package segshap.engine.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import segshap.engine.cache.TileCache;
import segshap.protocol.EngineReport;
import segshap.protocol.HistogramSummary;

/**
 * Latency and size histograms (HdrHistogram, 3 significant digits) and counters of the pipeline; recorded
 * from the stages and the device thread, read at any time. Latencies are kept in microseconds.
 */
public final class EngineMetrics {
    /** Tile outputs the cache refused because it was full (they were forwarded again when asked again). */
    public static final String CACHE_REFUSED = "cacheRefused";
    /** Cache hits on entries an earlier process stored (a persisted cache reopened). */
    public static final String HITS_FROM_EARLIER_RUNS = "hitsFromEarlierRuns";
    /** Tile outputs this run stored in the cache. */
    public static final String ENTRIES_STORED = "entriesStored";

    private final ConcurrentHistogram tileForwardUs = new ConcurrentHistogram(3);
    private final ConcurrentHistogram batchSize = new ConcurrentHistogram(3);
    private final ConcurrentHistogram batchUs = new ConcurrentHistogram(3);
    private final ConcurrentHistogram queueWaitUs = new ConcurrentHistogram(3);
    private final ConcurrentHistogram coalitionUs = new ConcurrentHistogram(3);
    final LongAdder requests = new LongAdder();
    final LongAdder clean = new LongAdder();
    final LongAdder hits = new LongAdder();
    final LongAdder dedupJoins = new LongAdder();
    final LongAdder forwards = new LongAdder();
    final LongAdder coalitions = new LongAdder();
    final LongAdder bytesCached = new LongAdder();
    final LongAdder cacheRefused = new LongAdder();
    final LongAdder hitsFromEarlierRuns = new LongAdder();
    final LongAdder entriesStored = new LongAdder();
    final LongAdder inferenceNanos = new LongAdder();
    final LongAdder fusionNanos = new LongAdder();
    final LongAdder scoringNanos = new LongAdder();

    void recordBatch(int tiles, long batchNanos) {
        batchSize.recordValue(tiles);
        batchUs.recordValue(Math.max(1, batchNanos / 1000));
        tileForwardUs.recordValue(Math.max(1, batchNanos / 1000 / tiles));
        forwards.add(tiles);
        inferenceNanos.add(batchNanos);
    }

    /** Tile forwards run so far. */
    public long forwards() {
        return forwards.sum();
    }

    /** Counts a cache hit (and whether an earlier run stored it). */
    void recordHit(TileCache.Hit hit) {
        hits.increment();
        if (hit.fromEarlierRun()) hitsFromEarlierRuns.increment();
    }

    void recordQueueWait(long nanos) {
        queueWaitUs.recordValue(Math.max(0, nanos / 1000));
    }

    void recordCoalition(long nanos) {
        coalitionUs.recordValue(Math.max(0, nanos / 1000));
        coalitions.increment();
    }

    /**
     * Adds what {@code other} recorded so far into this one (histograms and counters), e.g. a finished job's
     * metrics into a process's totals. {@code other} may still be recording; what it records later is not added.
     */
    public void add(EngineMetrics other) {
        tileForwardUs.add(other.tileForwardUs.copy());
        batchSize.add(other.batchSize.copy());
        batchUs.add(other.batchUs.copy());
        queueWaitUs.add(other.queueWaitUs.copy());
        coalitionUs.add(other.coalitionUs.copy());
        LongAdder[] mine = adders(), theirs = other.adders();
        for (int i = 0; i < mine.length; i++) mine[i].add(theirs[i].sum());
    }

    private LongAdder[] adders() {
        return new LongAdder[] {requests, clean, hits, dedupJoins, forwards, coalitions, bytesCached, cacheRefused,
                hitsFromEarlierRuns, entriesStored, inferenceNanos, fusionNanos, scoringNanos};
    }

    /** What happened so far: counters and histogram summaries, in a fixed order. */
    public record Snapshot(Map<String, Long> counters, Map<String, HistogramSummary> histograms,
                           double inferenceSeconds, double fusionSeconds, double scoringSeconds) {
        public long counter(String name) {
            return counters.getOrDefault(name, 0L);
        }
    }

    /** The counters only (cheap: for progress events while a run goes on). */
    public Snapshot counters() {
        return new Snapshot(counterMap(), Map.of(), inferenceNanos.sum() / 1e9, fusionNanos.sum() / 1e9, scoringNanos.sum() / 1e9);
    }

    /** Counters and histogram summaries. */
    public Snapshot snapshot() {
        return new Snapshot(counterMap(), histogramMap(), inferenceNanos.sum() / 1e9, fusionNanos.sum() / 1e9,
                scoringNanos.sum() / 1e9);
    }

    private Map<String, Long> counterMap() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put(EngineReport.COALITIONS, coalitions.sum());
        c.put(EngineReport.REQUESTS, requests.sum());
        c.put(EngineReport.CLEAN, clean.sum());
        c.put(EngineReport.HITS, hits.sum());
        c.put(EngineReport.DEDUP_JOINS, dedupJoins.sum());
        c.put(EngineReport.FORWARDS, forwards.sum());
        c.put(EngineReport.BYTES_CACHED, bytesCached.sum());
        c.put(CACHE_REFUSED, cacheRefused.sum());
        c.put(HITS_FROM_EARLIER_RUNS, hitsFromEarlierRuns.sum());
        c.put(ENTRIES_STORED, entriesStored.sum());
        return c;
    }

    private Map<String, HistogramSummary> histogramMap() {
        Map<String, HistogramSummary> h = new LinkedHashMap<>();
        h.put(EngineReport.TILE_FORWARD_MS, summary(tileForwardUs, "ms", 1e-3));
        h.put(EngineReport.BATCH_SIZE, summary(batchSize, "tiles", 1));
        h.put(EngineReport.BATCH_MS, summary(batchUs, "ms", 1e-3));
        h.put(EngineReport.QUEUE_WAIT_MS, summary(queueWaitUs, "ms", 1e-3));
        h.put(EngineReport.COALITION_MS, summary(coalitionUs, "ms", 1e-3));
        return h;
    }

    private static HistogramSummary summary(Histogram h, String unit, double scale) {
        Histogram copy = h.copy();
        if (copy.getTotalCount() == 0) return new HistogramSummary(0, unit, 0, 0, 0, 0, 0);
        return new HistogramSummary(copy.getTotalCount(), unit, copy.getValueAtPercentile(50) * scale,
                copy.getValueAtPercentile(90) * scale, copy.getValueAtPercentile(99) * scale, copy.getMaxValue() * scale,
                copy.getMean() * scale);
    }
}

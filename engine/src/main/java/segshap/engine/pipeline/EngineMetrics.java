package segshap.engine.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Latency and size histograms (HdrHistogram, 3 significant digits) and counters of the pipeline; recorded
 * from the stages and the device thread, read at any time. Latencies are kept in microseconds.
 */
public final class EngineMetrics {
    /** Histogram names, with the unit their summary is reported in. */
    public static final String TILE_FORWARD_MS = "tileForwardMs", BATCH_SIZE = "batchSize", BATCH_MS = "batchMs",
            QUEUE_WAIT_MS = "queueWaitMs", COALITION_MS = "coalitionMs";

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

    void recordQueueWait(long nanos) {
        queueWaitUs.recordValue(Math.max(0, nanos / 1000));
    }

    void recordCoalition(long nanos) {
        coalitionUs.recordValue(Math.max(0, nanos / 1000));
        coalitions.increment();
    }

    /** One histogram's summary. */
    public record Summary(long count, String unit, double p50, double p90, double p99, double max, double mean) {}

    /** What happened so far: counters and histogram summaries, in a fixed order. */
    public record Snapshot(Map<String, Long> counters, Map<String, Summary> histograms,
                           double inferenceSeconds, double fusionSeconds, double scoringSeconds) {
        public long counter(String name) {
            return counters.getOrDefault(name, 0L);
        }
    }

    public Snapshot snapshot() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("coalitions", coalitions.sum());
        c.put("requests", requests.sum());
        c.put("clean", clean.sum());
        c.put("hits", hits.sum());
        c.put("dedupJoins", dedupJoins.sum());
        c.put("forwards", forwards.sum());
        c.put("bytesCached", bytesCached.sum());
        c.put("cacheRefused", cacheRefused.sum());
        Map<String, Summary> h = new LinkedHashMap<>();
        h.put(TILE_FORWARD_MS, summary(tileForwardUs, "ms", 1e-3));
        h.put(BATCH_SIZE, summary(batchSize, "tiles", 1));
        h.put(BATCH_MS, summary(batchUs, "ms", 1e-3));
        h.put(QUEUE_WAIT_MS, summary(queueWaitUs, "ms", 1e-3));
        h.put(COALITION_MS, summary(coalitionUs, "ms", 1e-3));
        return new Snapshot(c, h, inferenceNanos.sum() / 1e9, fusionNanos.sum() / 1e9, scoringNanos.sum() / 1e9);
    }

    private static Summary summary(Histogram h, String unit, double scale) {
        Histogram copy = h.copy();
        if (copy.getTotalCount() == 0) return new Summary(0, unit, 0, 0, 0, 0, 0);
        return new Summary(copy.getTotalCount(), unit, copy.getValueAtPercentile(50) * scale,
                copy.getValueAtPercentile(90) * scale, copy.getValueAtPercentile(99) * scale, copy.getMaxValue() * scale,
                copy.getMean() * scale);
    }
}

package segshap.engine.daemon;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import segshap.engine.pipeline.EngineMetrics;
import segshap.protocol.HistogramSummary;
import segshap.protocol.api.JobState;
import segshap.protocol.api.JobStatus;

/**
 * {@code GET /metrics} in the Prometheus text exposition format (version 0.0.4): the engine's HdrHistograms as
 * summaries (quantiles 0.5, 0.9, 0.99, {@code _count}, {@code _sum}; latencies in seconds), its counters as
 * {@code _total} counters, and gauges of the job queue and the heap. Names are the report's {@code engine}
 * names in snake case: {@code tileForwardMs} → {@code segshap_tile_forward_seconds}, {@code hits} →
 * {@code segshap_hits_total}.
 */
final class MetricsText {
    /** Content type of the exposition format. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private MetricsText() {}

    /** What the job slots hold now. */
    record Queue(int queued, int running, int slots) {}

    static String render(EngineMetrics.Snapshot engine, List<JobStatus> jobs, Queue queue) {
        StringBuilder b = new StringBuilder();
        gauge(b, "segshap_queue_depth", "Jobs waiting for a job slot.", queue.queued());
        gauge(b, "segshap_jobs_running", "Jobs computing now.", queue.running());
        gauge(b, "segshap_job_slots", "Jobs computed at once at most (--max-jobs).", queue.slots());
        b.append("# HELP segshap_jobs Jobs of the data folder by state.\n# TYPE segshap_jobs gauge\n");
        for (JobState s : JobState.values()) {
            long n = jobs.stream().filter(j -> j.state() == s).count();
            b.append("segshap_jobs{state=\"").append(s.wireName()).append("\"} ").append(n).append('\n');
        }
        for (Map.Entry<String, HistogramSummary> h : engine.histograms().entrySet()) summary(b, h.getKey(), h.getValue());
        for (Map.Entry<String, Long> c : engine.counters().entrySet()) {
            String name = "segshap_" + snake(c.getKey()) + "_total";
            b.append("# HELP ").append(name).append(" Engine counter ").append(c.getKey()).append(" (report.json engine.counters).\n");
            b.append("# TYPE ").append(name).append(" counter\n").append(name).append(' ').append(c.getValue()).append('\n');
        }
        long used = 0, peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() != MemoryType.HEAP) continue;
            used += pool.getUsage().getUsed();
            peak += pool.getPeakUsage().getUsed();
        }
        gauge(b, "segshap_heap_used_bytes", "Java heap in use.", used);
        gauge(b, "segshap_heap_peak_bytes", "Sum of the heap pools' peak use since the server started.", peak);
        gauge(b, "segshap_heap_max_bytes", "Largest Java heap (-Xmx).", Runtime.getRuntime().maxMemory());
        return b.toString();
    }

    private static void summary(StringBuilder b, String key, HistogramSummary h) {
        boolean ms = h.unit().equals("ms");
        String base = key.endsWith("Ms") ? key.substring(0, key.length() - 2) : key;
        String name = "segshap_" + snake(base) + (ms ? "_seconds" : key.toLowerCase(Locale.ROOT).endsWith(h.unit()) ? "" : "_" + h.unit());
        double scale = ms ? 1e-3 : 1;
        b.append("# HELP ").append(name).append(" Engine histogram ").append(key).append(" (HdrHistogram, 3 significant digits).\n");
        b.append("# TYPE ").append(name).append(" summary\n");
        quantile(b, name, "0.5", h.p50() * scale);
        quantile(b, name, "0.9", h.p90() * scale);
        quantile(b, name, "0.99", h.p99() * scale);
        b.append(name).append("_sum ").append(number(h.mean() * h.count() * scale)).append('\n');
        b.append(name).append("_count ").append(h.count()).append('\n');
    }

    private static void quantile(StringBuilder b, String name, String q, double v) {
        b.append(name).append("{quantile=\"").append(q).append("\"} ").append(number(v)).append('\n');
    }

    private static void gauge(StringBuilder b, String name, String help, long v) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(" gauge\n").append(name).append(' ').append(v).append('\n');
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    /** {@code tileForward} → {@code tile_forward}. */
    static String snake(String camel) {
        StringBuilder s = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) s.append('_').append(Character.toLowerCase(c));
            else s.append(c);
        }
        return s.toString();
    }
}

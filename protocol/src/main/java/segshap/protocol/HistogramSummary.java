package segshap.protocol;

/**
 * Summary of one distribution recorded by the engine (a latency, a batch size), as read from its histogram.
 *
 * <p>Example: 1 200 tile forwards whose median took 41 ms: {@code {"count": 1200, "unit": "ms", "p50": 41.0,
 * "p90": 55.2, "p99": 80.1, "max": 97.3, "mean": 43.8}}. An empty histogram has {@code count} 0 and every
 * statistic 0.
 *
 * @param count recorded values, ≥ 0
 * @param unit  unit of the statistics: {@code ms} for latencies, {@code tiles} for batch sizes, …
 * @param p50   median, in {@code unit}
 * @param p90   90th percentile, in {@code unit}
 * @param p99   99th percentile, in {@code unit}
 * @param max   largest value, in {@code unit}
 * @param mean  arithmetic mean, in {@code unit}
 * @throws IllegalArgumentException when a statistic is negative or not finite, the percentiles are not ordered
 *                                  (p50 ≤ p90 ≤ p99 ≤ max), or the mean exceeds the max
 */
public record HistogramSummary(long count, String unit, double p50, double p90, double p99, double max, double mean) {
    public HistogramSummary {
        if (count < 0) throw new IllegalArgumentException("count " + count + ": must be ≥ 0");
        if (unit == null || unit.isBlank()) throw new IllegalArgumentException("unit '" + unit + "': required, e.g. ms or tiles");
        double[] stats = {p50, p90, p99, max, mean};
        for (double s : stats) {
            if (!(s >= 0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException("statistics must be finite and ≥ 0, got p50 " + p50 + ", p90 " + p90
                        + ", p99 " + p99 + ", max " + max + ", mean " + mean);
            }
        }
        if (!(p50 <= p90 && p90 <= p99 && p99 <= max && mean <= max)) {
            throw new IllegalArgumentException("percentiles must satisfy p50 ≤ p90 ≤ p99 ≤ max and mean ≤ max, got p50 " + p50
                    + ", p90 " + p90 + ", p99 " + p99 + ", max " + max + ", mean " + mean);
        }
    }
}

package segshap.engine.explain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import segshap.engine.pipeline.EngineMetrics;
import segshap.engine.pipeline.PipelineGame;
import segshap.engine.shap.ProgressListener;
import segshap.protocol.EngineReport;
import segshap.protocol.Progress;

/**
 * Turns the estimator's batch progress and the pipeline's per-coalition completions into {@link Progress}
 * events: at most one per {@link #MIN_INTERVAL_NANOS} while a batch runs, and one at the start and the end of
 * every batch.
 * In phase {@code load} the counts are the tiles of the full-volume prediction that finds a predicted ROI
 * component. Thread-safe (the pipeline reports from stream threads).
 */
final class ProgressReporter implements ProgressListener, PipelineGame.Listener {
    static final long MIN_INTERVAL_NANOS = 200_000_000L;

    private final String phase;
    private final EngineMetrics metrics;
    private final Consumer<Progress> sink;
    private final long jobStartNanos;
    private final long phaseStartNanos = System.nanoTime();
    private long evaluatedBefore;
    private long planned;
    private long inBatch;
    private long batchSize;
    private long lastEmit;
    private TopUnits top;
    private List<Progress.UnitPhi> topUnits = List.of();

    /**
     * Which running φ the events carry: value function {@code valueIndex} (named {@code valueName}) of the
     * players, reported by unit id and name.
     */
    record TopUnits(int valueIndex, String valueName, int[] unitIdOfPlayer, String[] nameOfPlayer, int count) {}

    ProgressReporter(String phase, EngineMetrics metrics, Consumer<Progress> sink, long jobStartNanos) {
        this.phase = phase;
        this.metrics = metrics;
        this.sink = sink;
        this.jobStartNanos = jobStartNanos;
    }

    /** Called by the estimator after each batch. */
    @Override
    public synchronized void onProgress(int evaluated, int plannedNow) {
        evaluatedBefore = evaluated;
        planned = plannedNow;
        inBatch = 0;
        emit();
    }

    /** Reports the running φ of the units with the largest |φ| from now on. */
    synchronized ProgressReporter withTopUnits(TopUnits units) {
        top = units;
        return this;
    }

    /** Called by the estimator with each solved design's φ. */
    @Override
    public synchronized void onEstimate(double[][] phiByValueFunction) {
        if (top == null) return;
        double[] phi = phiByValueFunction[top.valueIndex()];
        Integer[] order = new Integer[phi.length];
        for (int p = 0; p < order.length; p++) order[p] = p;
        Arrays.sort(order, (a, b) -> Double.compare(Math.abs(phi[b]), Math.abs(phi[a])));
        List<Progress.UnitPhi> units = new ArrayList<>();
        for (int k = 0; k < Math.min(top.count(), order.length); k++) {
            int p = order[k];
            units.add(new Progress.UnitPhi(top.unitIdOfPlayer()[p], top.nameOfPlayer()[p], phi[p]));
        }
        topUnits = List.copyOf(units);
        emit();
    }

    /** Called before each batch streams: the plan covers at least this batch. */
    @Override
    public synchronized void batchStarted(int coalitions) {
        inBatch = 0;
        batchSize = coalitions;
        planned = Math.max(planned, evaluatedBefore + coalitions);
        emit();
    }

    /** Called by the pipeline for each coalition scored. */
    @Override
    public synchronized void accept(long coalition) {
        inBatch++;
        if (inBatch == batchSize || System.nanoTime() - lastEmit >= MIN_INTERVAL_NANOS) emit(); // a batch's end is always told
    }

    private void emit() {
        long now = System.nanoTime();
        lastEmit = now;
        long done = Math.min(evaluatedBefore + inBatch, Math.max(planned, evaluatedBefore));
        long total = Math.max(planned, done);
        double phaseSeconds = (now - phaseStartNanos) / 1e9;
        Double eta = done == 0 ? null : phaseSeconds / done * (total - done);
        EngineMetrics.Snapshot s = metrics.counters();
        sink.accept(new Progress(phase, done, total, s.counter(EngineReport.REQUESTS), s.counter(EngineReport.HITS),
                s.counter(EngineReport.FORWARDS), s.counter(EngineReport.DEDUP_JOINS), (now - jobStartNanos) / 1e9, eta,
                topUnits.isEmpty() ? null : top.valueName(), topUnits));
    }
}

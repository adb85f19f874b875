package segshap.engine.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import segshap.engine.explain.Degeneracy;
import segshap.engine.explain.Explainer;
import segshap.engine.pipeline.EngineMetrics;
import segshap.engine.explain.ExplanationJob;
import segshap.engine.explain.ExplanationSetup;
import segshap.protocol.CacheStats;
import segshap.protocol.EngineReport;
import segshap.protocol.ExplanationReport;
import segshap.protocol.FaithfulnessMetrics;
import segshap.protocol.HistogramSummary;
import segshap.protocol.Progress;
import segshap.protocol.UnitEntry;
import segshap.protocol.ValueAttribution;
import segshap.protocol.job.JobSpec;

/** The CLI's side of an explanation: progress bars and the summary on stderr. */
final class CliSessions {
    private CliSessions() {}

    /** Prepares {@code job} (phases 1–6) with a progress bar per phase; prints warnings and the ROI line. */
    static ExplanationJob prepare(Explainer explainer, JobSpec job) {
        ExplanationJob run = explainer.prepare(job, progressBars());
        ExplanationSetup s = run.setup();
        s.inputs().warnings().forEach(w -> System.err.println("segshap: warning: " + w));
        System.err.printf(Locale.ROOT, "segshap: ROI %s: %d voxels, %d of %d tiles relevant, %d units (%d excluded)%n",
                s.roi().roi().description(), s.roi().roi().voxelCount(), s.plan().relevantTileCount(), s.roi().support().tiles().size(),
                s.units().partition().unitCount(), s.units().partition().unitCount() - s.units().players().length);
        return run;
    }

    /** One progress bar per phase, fed by the engine's progress events. */
    static Consumer<Progress> progressBars() {
        return new Consumer<>() {
            private String phase;
            private ProgressBar bar;

            @Override
            public synchronized void accept(Progress p) {
                if (!p.phase().equals(phase)) {
                    phase = p.phase();
                    bar = new ProgressBar(System.err, p.phase());
                }
                long hitsAndClean = p.tileRequests() - p.forwards();
                bar.update(p.coalitionsDone(), p.coalitionsPlanned(), String.format(Locale.ROOT, "tiles %d forwarded, %.0f%% reused",
                        p.forwards(), p.tileRequests() == 0 ? 0 : 100.0 * hitsAndClean / p.tileRequests()));
            }
        };
    }

    /**
     * The summary of a report on stderr: work done, v(all), v(none) and the strongest unit per value function (only
     * when some φ is non-zero), the report's warnings except {@code alreadyPrinted}, the metrics and the engine.
     */
    static void summarise(ExplanationReport r, List<String> alreadyPrinted) {
        System.err.printf(Locale.ROOT, "segshap: %s, %d coalitions, %d tile forwards (%d without the cache), hit ratio %.3f, %.1f s%n",
                r.sampling().exact() ? "exact" : r.sampling().design() == null ? "sampled" : "sampled (" + r.sampling().design() + ")",
                r.sampling().evaluations(), r.cache().tileForwards(),
                r.cache().tileForwardsWithoutCache(), r.cache().hitRatio(), r.timing().totalSeconds());
        CacheStats c = r.cache();
        if (c.location() != null && !c.location().equals("memory") && !c.location().equals("heap")) {
            System.err.printf(Locale.ROOT, "segshap: tile cache %s: %d entries from earlier runs (%d hits on them), %d stored, "
                    + "%d refused (full), %d corrupt, %.1f of %.1f MiB held%n", c.location(), c.entriesFromEarlierRuns(),
                    c.hitsFromEarlierRuns(), c.entriesStored(), c.refusedFull(), c.corrupt(), c.bytesHeld() / 1048576.0,
                    c.capacityBytes() / 1048576.0);
        }
        for (Map.Entry<String, ValueAttribution> v : r.values().entrySet()) {
            System.err.printf(Locale.ROOT, "segshap:   %-8s v(all) %.4g  v(none) %.4g  %s%n", v.getKey(),
                    v.getValue().full(), v.getValue().empty(), strongest(r, v.getValue()));
        }
        for (String w : r.warnings()) {
            if (!alreadyPrinted.contains(w)) System.err.println("segshap: warning: " + w);
        }
        warnAboutConvergence(r);
        if (r.metrics() != null) {
            for (Map.Entry<String, FaithfulnessMetrics> m : r.metrics().entrySet()) {
                FaithfulnessMetrics f = m.getValue();
                String normalised = f.naopc() == null ? "nAOPC, nABPC " + f.normalisedUndefined()
                        : String.format(Locale.ROOT, "nAOPC %.4g  nABPC %.4g", f.naopc(), f.nabpc());
                System.err.printf(Locale.ROOT, "segshap:   %-8s AOPC %.4g  ABPC %.4g  %s%n", m.getKey(), f.aopc(), f.abpc(), normalised);
            }
        }
        if (r.engine() != null) System.err.println("segshap: " + engineLine(r.engine()));
    }

    /** "strongest: spleen (φ = 0.41)", or "all φ = 0" when no unit has a non-zero attribution to name. */
    static String strongest(ExplanationReport r, ValueAttribution a) {
        if (Degeneracy.allZero(a)) return "all φ = 0";
        double[] phi = a.phi();
        int best = 0;
        for (int i = 1; i < phi.length; i++) if (Math.abs(phi[i]) > Math.abs(phi[best])) best = i;
        UnitEntry u = r.units().get(best);
        return String.format(Locale.ROOT, "strongest: %s (φ = %.4g)", u.organName() != null ? u.organName() : "unit " + u.id(), phi[best]);
    }

    /** The engine in one line: backend, batches, latencies, reuse. */
    static String engineLine(EngineReport e) {
        HistogramSummary tile = e.histograms().get(EngineReport.TILE_FORWARD_MS);
        HistogramSummary batch = e.histograms().get(EngineReport.BATCH_SIZE);
        HistogramSummary coalition = e.histograms().get(EngineReport.COALITION_MS);
        return String.format(Locale.ROOT, "engine %s: %d forwards in batches of %.1f (max %d), tile forward p50 %.0f ms p99 %.0f ms, "
                        + "coalition p50 %.0f ms, %d cache hits (%d from earlier runs), %d clean, %d dedup joins",
                e.backend(), e.counters().getOrDefault(EngineReport.FORWARDS, 0L), batch == null ? 0 : batch.mean(), e.tilesPerBatch(),
                tile == null ? 0 : tile.p50(), tile == null ? 0 : tile.p99(), coalition == null ? 0 : coalition.p50(),
                e.counters().getOrDefault(EngineReport.HITS, 0L), e.counters().getOrDefault(EngineMetrics.HITS_FROM_EARLIER_RUNS, 0L),
                e.counters().getOrDefault(EngineReport.CLEAN, 0L),
                e.counters().getOrDefault(EngineReport.DEDUP_JOINS, 0L));
    }

    /** Above these the sampled attributions are not to be trusted yet (see docs/decisions.md). */
    static final double MAX_CONDITION_NUMBER = 1e6;
    static final double MAX_REL_L1_CHANGE = 0.1;

    /** Warnings a user should act on before reading a sampled explanation. */
    static void warnAboutConvergence(ExplanationReport r) {
        segshap.protocol.Diagnostics d = r.diagnostics();
        if (d == null || r.sampling().exact()) return;
        if (d.conditionNumber() != null && d.conditionNumber() > MAX_CONDITION_NUMBER) {
            System.err.printf(Locale.ROOT, "segshap: warning: the sampling design is ill-conditioned (condition number %.3g > %.0g); "
                    + "raise --budget%n", d.conditionNumber(), MAX_CONDITION_NUMBER);
        }
        if (d.relL1Change() != null && d.relL1Change() > MAX_REL_L1_CHANGE) {
            System.err.printf(Locale.ROOT, "segshap: warning: attributions still change by %.0f%% (relative L1) between nested budgets; "
                    + "raise --budget or use --budget auto%n", 100 * d.relL1Change());
        }
    }
}

package segshap.engine.cli;

import java.util.Locale;
import java.util.Map;
import segshap.engine.coalition.EvaluationStats;
import segshap.engine.explain.ExplainRequest;
import segshap.engine.explain.Explainer;
import segshap.engine.explain.Explanation;
import segshap.engine.explain.ExplanationSession;
import segshap.engine.explain.RuntimeSettings;
import segshap.protocol.ExplanationReport;
import segshap.protocol.FaithfulnessMetrics;
import segshap.protocol.ValueAttribution;

/** The CLI's side of an explanation: progress bars and the summary on stderr. */
final class CliSessions {
    private CliSessions() {}

    static ExplanationSession open(ExplainRequest request, RuntimeOptions runtime) {
        RuntimeSettings settings = new RuntimeSettings(runtime.threads(), runtime.tilesPerBatch, RuntimeSettings.DEFAULT_CACHE_BYTES);
        ProgressBar tiles = new ProgressBar(System.err, "baseline tiles");
        ExplanationSession s = new ExplanationSession(request, settings, (done, total) -> tiles.update(done, total, ""));
        s.warnings().forEach(w -> System.err.println("segshap: warning: " + w));
        System.err.printf(Locale.ROOT, "segshap: ROI %s: %d voxels, %d of %d tiles relevant, %d units (%d excluded)%n",
                s.roi().description(), s.roi().voxelCount(), s.problem().relevantTiles().size(), s.support().tiles().size(),
                s.partition().unitCount(), s.partition().unitCount() - s.players().length);
        return s;
    }

    static Explanation explain(ExplanationSession s) {
        ProgressBar bar = new ProgressBar(System.err, "coalitions");
        return Explainer.explain(s, (done, planned) -> bar.update(done, planned, hitText(s)));
    }

    static String hitText(ExplanationSession s) {
        EvaluationStats st = s.evaluator().stats();
        return String.format(Locale.ROOT, "cache hits %.0f%%", 100 * st.hitRatio());
    }

    static void summarise(ExplanationReport r) {
        System.err.printf(Locale.ROOT, "segshap: %s, %d coalitions, %d tile forwards (%d without the cache), hit ratio %.3f, %.1f s%n",
                r.sampling().exact() ? "exact" : "sampled", r.sampling().evaluations(), r.cache().tileForwards(),
                r.cache().tileForwardsWithoutCache(), r.cache().hitRatio(), r.timing().totalSeconds());
        for (Map.Entry<String, ValueAttribution> v : r.values().entrySet()) {
            double[] phi = v.getValue().phi();
            int best = 0;
            for (int i = 1; i < phi.length; i++) if (Math.abs(phi[i]) > Math.abs(phi[best])) best = i;
            String name = r.units().get(best).organName() != null ? r.units().get(best).organName() : "unit " + r.units().get(best).id();
            System.err.printf(Locale.ROOT, "segshap:   %-8s v(all) %.4g  v(none) %.4g  strongest: %s (φ = %.4g)%n", v.getKey(),
                    v.getValue().full(), v.getValue().empty(), name, phi[best]);
        }
        warnAboutConvergence(r);
        if (r.metrics() != null) {
            for (Map.Entry<String, FaithfulnessMetrics> m : r.metrics().entrySet()) {
                System.err.printf(Locale.ROOT, "segshap:   %-8s AOPC %.4g  ABPC %.4g  nAOPC %.4g  nABPC %.4g%n", m.getKey(),
                        m.getValue().aopc(), m.getValue().abpc(), m.getValue().naopc(), m.getValue().nabpc());
            }
        }
    }

    /** Above these the sampled attributions are not to be trusted yet (research note §3.8). */
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

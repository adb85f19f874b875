package segshap.engine.explain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import segshap.engine.coalition.EvaluationStats;
import segshap.engine.metrics.CurveMetrics;
import segshap.engine.metrics.PerturbationCurves;
import segshap.engine.metrics.PerturbationResult;
import segshap.engine.shap.ExactShapley;
import segshap.engine.shap.KernelShapEstimator;
import segshap.engine.shap.KernelShapOptions;
import segshap.engine.shap.ProgressListener;
import segshap.engine.shap.ShapleyEstimate;
import segshap.engine.shap.ShapleyResult;
import segshap.engine.units.Unit;
import segshap.engine.units.UnitPartition;
import segshap.engine.value.ValueFunction;
import segshap.kernels.InputException;
import segshap.kernels.tensor.Box;
import segshap.protocol.CacheStats;
import segshap.protocol.Diagnostics;
import segshap.protocol.ExplainInputs;
import segshap.protocol.ExplanationReport;
import segshap.protocol.FaithfulnessMetrics;
import segshap.protocol.RoiInfo;
import segshap.protocol.SamplingInfo;
import segshap.protocol.Timing;
import segshap.protocol.UnitEntry;
import segshap.protocol.ValueAttribution;

/**
 * KernelSHAP explanations of an nnU-Net segmentation: the library entry point behind {@code segshap explain}
 * and {@code segshap evaluate}.
 *
 * <pre>{@code
 * try (ExplanationSession s = new ExplanationSession(request, RuntimeSettings.defaults(), TileProgress.NONE)) {
 *     Explanation e = Explainer.explain(s, ProgressListener.NONE);
 *     ExplanationReport withCurves = Explainer.evaluate(s, e.report());
 * }
 * }</pre>
 */
public final class Explainer {
    private Explainer() {}

    /**
     * Computes Shapley values of every value function over the session's units.
     *
     * @throws InputException if the budget cannot identify the attributions (too small for the unit count)
     */
    public static Explanation explain(ExplanationSession session, ProgressListener progress) {
        long t0 = System.nanoTime();
        ExplainRequest r = session.request();
        int m = session.players().length;
        KernelShapOptions options = options(r.budget(), m, r.seed()).withAllocation(r.allocation());
        ShapleyEstimate estimate = KernelShapEstimator.estimate(session.game(), m, options, progress);
        double coalitionSeconds = (System.nanoTime() - t0) / 1e9;

        Map<String, ValueAttribution> values = new LinkedHashMap<>();
        Map<String, Diagnostics> diagnostics = new LinkedHashMap<>();
        for (ValueFunction v : r.values()) {
            ShapleyResult res = estimate.result(v.ordinal());
            values.put(v.cliName(), new ValueAttribution(res.fullValue(), res.emptyValue(),
                    perUnit(session, res.phi()), perUnit(session, res.stderr())));
            diagnostics.put(v.cliName(), diagnostics(res.diagnostics()));
        }
        segshap.engine.shap.SamplingInfo s = estimate.sampling();
        SamplingInfo sampling = new SamplingInfo(s.budget(), s.evaluations(), s.exact(), s.seed(),
                s.exact() ? "exact" : s.allocation().name().toLowerCase(java.util.Locale.ROOT));
        ExplanationReport report = new ExplanationReport(ExplanationReport.FORMAT_VERSION, inputs(session), roiInfo(session),
                units(session.partition()), values, sampling, worst(diagnostics), diagnostics,
                cacheStats(session), new Timing(session.loadSeconds(), session.baselineSeconds(), coalitionSeconds,
                        null, session.loadSeconds() + session.baselineSeconds() + coalitionSeconds), null);
        return new Explanation(report, session);
    }

    /**
     * Adds MoRF/LeRF curves and AOPC, ABPC, nAOPC, nABPC (paper eqs. 7–9) per reported value function; each
     * curve ranks the units by that value function's φ. Curve steps go through the same cached evaluator.
     */
    public static ExplanationReport evaluate(ExplanationSession session, ExplanationReport report) {
        long t0 = System.nanoTime();
        int[] players = session.players();
        UnitPartition partition = session.partition();
        List<ValueFunction> reported = new ArrayList<>();
        for (String name : report.values().keySet()) reported.add(ValueFunction.fromCliName(name));
        double[][] phiByRanking = new double[reported.size()][players.length];
        for (int k = 0; k < reported.size(); k++) {
            double[] perUnit = report.values().get(reported.get(k).cliName()).phi();
            for (int p = 0; p < players.length; p++) phiByRanking[k][p] = perUnit[players[p]];
        }
        int[] ids = new int[players.length];
        for (int p = 0; p < players.length; p++) ids[p] = partition.unit(players[p]).id();
        List<PerturbationResult> curves = PerturbationCurves.evaluateEach(session.game(), phiByRanking,
                new boolean[players.length], ids);
        Map<String, FaithfulnessMetrics> metrics = new LinkedHashMap<>();
        for (int k = 0; k < reported.size(); k++) {
            CurveMetrics c = curves.get(k).metrics(reported.get(k).ordinal());
            metrics.put(reported.get(k).cliName(), new FaithfulnessMetrics(c.aopc(), c.abpc(), c.naopc(), c.nabpc(),
                    c.morf(), c.lerf()));
        }
        double curveSeconds = (System.nanoTime() - t0) / 1e9;
        Timing t = report.timing();
        return report.withMetrics(metrics, new Timing(t.loadSeconds(), t.baselineSeconds(), t.coalitionsSeconds(),
                curveSeconds, t.totalSeconds() + curveSeconds));
    }

    static KernelShapOptions options(BudgetSpec budget, int players, long seed) {
        return switch (budget.mode()) {
            case FIXED -> KernelShapOptions.fixedBudget(budget.budget(), seed);
            case AUTO -> KernelShapOptions.autoBudget(budget.maxBudget(), seed);
            case EXACT -> {
                if (players > ExactShapley.MAX_PLAYERS) {
                    throw new InputException("--budget exact: " + players + " units need 2^" + players
                            + " coalitions; exact enumeration stops at " + ExactShapley.MAX_PLAYERS
                            + " units. Use a number or 'auto'");
                }
                yield KernelShapOptions.fixedBudget((1 << players) - 2 > 0 ? (1 << players) - 2 : 2, seed);
            }
        };
    }

    /** Player-aligned values spread onto all units (excluded units 0). */
    private static double[] perUnit(ExplanationSession s, double[] perPlayer) {
        double[] out = new double[s.partition().unitCount()];
        int[] players = s.players();
        for (int p = 0; p < players.length; p++) out[players[p]] = perPlayer[p];
        return out;
    }

    private static Double orNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static Diagnostics diagnostics(segshap.engine.shap.Diagnostics d) {
        return new Diagnostics(orNull(d.relL1Change()), orNull(d.localAccuracy()), orNull(d.conditionNumber()),
                orNull(d.heldOutMae()), orNull(d.heldOutR2()));
    }

    /** The worst of each diagnostic over the reported value functions. */
    private static Diagnostics worst(Map<String, Diagnostics> all) {
        Double rel = null, acc = null, cond = null, mae = null, r2 = null;
        for (Diagnostics d : all.values()) {
            rel = max(rel, d.relL1Change());
            acc = max(acc, d.localAccuracy());
            cond = max(cond, d.conditionNumber());
            mae = max(mae, d.heldOutMae());
            if (d.heldOutR2() != null) r2 = r2 == null ? d.heldOutR2() : Double.valueOf(Math.min(r2, d.heldOutR2()));
        }
        return new Diagnostics(rel, acc, cond, mae, r2);
    }

    private static Double max(Double a, Double b) {
        if (b == null) return a;
        return a == null ? b : Double.valueOf(Math.max(a, b));
    }

    private static List<UnitEntry> units(UnitPartition p) {
        List<UnitEntry> out = new ArrayList<>();
        for (Unit u : p.units()) {
            out.add(new UnitEntry(u.id(), u.kind().cliName(), u.organLabel() < 0 ? null : u.organLabel(),
                    u.organName().isEmpty() ? null : u.organName(), u.voxels(), u.centroidMm(), u.excluded(),
                    u.exclusionReason().isEmpty() ? null : u.exclusionReason()));
        }
        return out;
    }

    private static RoiInfo roiInfo(ExplanationSession s) {
        Box b = s.roi().box();
        byte[] p0 = s.problem().baselineP0OverB();
        byte[] roiMask = s.roi().maskOverBox();
        byte[] scoring = s.request().scoreRegion().maskOverBox(s.roi());
        long both = 0, pred = 0, truth = 0, scored = 0;
        for (int i = 0; i < p0.length; i++) {
            if (scoring[i] == 0) continue;
            scored++;
            boolean a = p0[i] != 0, t = roiMask[i] != 0;
            if (a) pred++;
            if (t) truth++;
            if (a && t) both++;
        }
        double dice = pred + truth == 0 ? 0 : 2.0 * both / (pred + truth);
        return new RoiInfo(s.roi().description(), s.roi().voxelCount(), new int[] {b.z0(), b.y0(), b.x0(), b.z1(), b.y1(), b.x1()},
                scored, s.problem().relevantTiles().size(), s.support().tiles().size(), s.support().supportVoxelCount(), dice);
    }

    private static CacheStats cacheStats(ExplanationSession s) {
        EvaluationStats e = s.evaluator().stats();
        return new CacheStats(e.tileRequests(), e.hits(), e.hitRatio(), e.tileForwards(),
                e.coalitions() * s.problem().relevantTiles().size());
    }

    private static ExplainInputs inputs(ExplanationSession s) {
        ExplainRequest r = s.request();
        double[] seed = r.roi() instanceof RoiSpec.Component c ? c.seedWorldXyzMm() : null;
        List<String> values = new ArrayList<>();
        for (ValueFunction v : r.values()) values.add(v.cliName());
        return new ExplainInputs(abs(r.model()), s.model().foldNames(), abs(r.ct()), abs(r.organs()), abs(r.organNames()),
                r.roi() instanceof RoiSpec.Mask mk ? abs(mk.file()) : null,
                r.roi() instanceof RoiSpec.Component c ? c.label() : null, seed,
                r.roi() instanceof RoiSpec.Component c ? c.seedVoxelIjk() : null, r.target(), r.units().kind().cliName(),
                Double.isNaN(r.units().edgeMm()) ? null : Double.valueOf(r.units().edgeMm()), r.unitMarginMm(), r.groupOrgans(), values,
                r.budget().toString(), r.budget().maxBudget(), r.allocation().name().toLowerCase(java.util.Locale.ROOT),
                r.seed(), r.maskHu(), r.scoreRegion().cliName());
    }

    private static String abs(java.nio.file.Path p) {
        return p == null ? null : p.toAbsolutePath().normalize().toString();
    }
}

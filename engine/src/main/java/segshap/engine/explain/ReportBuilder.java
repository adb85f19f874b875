package segshap.engine.explain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import segshap.engine.cache.TileCache;
import java.util.Set;
import segshap.engine.metrics.CurveMetrics;
import segshap.engine.pipeline.CoalitionPipeline;
import segshap.engine.pipeline.EngineMetrics;
import segshap.engine.shap.ShapleyResult;
import segshap.engine.units.Unit;
import segshap.engine.units.UnitPartition;
import segshap.engine.value.ValueFunction;
import segshap.kernels.tensor.Box;
import segshap.protocol.CacheStats;
import segshap.protocol.Diagnostics;
import segshap.protocol.EngineReport;
import segshap.protocol.ExplanationReport;
import segshap.protocol.FaithfulnessMetrics;
import segshap.protocol.RoiInfo;
import segshap.protocol.SamplingInfo;
import segshap.protocol.StrategyReport;
import segshap.protocol.Timing;
import segshap.protocol.UnitEntry;
import segshap.protocol.ValueAttribution;
import segshap.protocol.job.JobStrategy;

/** Maps the engine's results onto {@code report.json}'s records (the published format, see protocol/README.md). */
final class ReportBuilder {
    private ReportBuilder() {}

    /**
     * @param atBaseline the pipeline's counters right after the baseline (its own tile work is not the
     *                   coalitions')
     */
    static ExplanationReport report(ExplanationSetup s, Map<ValueFunction, ShapleyResult> results,
                                    segshap.engine.shap.SamplingInfo si, double coalitionSeconds, CoalitionPipeline pipeline,
                                    EngineMetrics.Snapshot atBaseline) {
        Map<String, ValueAttribution> values = new LinkedHashMap<>();
        Map<String, Diagnostics> diagnostics = new LinkedHashMap<>();
        for (ValueFunction v : s.inputs().method().values()) {
            ShapleyResult res = results.get(v);
            values.put(v.cliName(), new ValueAttribution(res.fullValue(), res.emptyValue(), perUnit(s, res.phi()),
                    perUnit(s, res.stderr())));
            diagnostics.put(v.cliName(), diagnostics(res.diagnostics()));
        }
        SamplingInfo sampling = new SamplingInfo(si.budget(), si.evaluations(), si.exact(), si.seed(),
                si.exact() ? "exact" : si.allocation().name().toLowerCase(Locale.ROOT),
                si.exact() ? "exact" : si.design().name().toLowerCase(Locale.ROOT), si.tileForwards() < 0 ? null : si.tileForwards());
        EngineMetrics.Snapshot m = pipeline.metrics().snapshot();
        RoiInfo roi = roiInfo(s);
        List<String> warnings = new ArrayList<>(s.inputs().warnings());
        warnings.addAll(Degeneracy.ofExplanation(roi, s.inputs().method().target(), s.units().players().length, values));
        return new ExplanationReport(ExplanationReport.FORMAT_VERSION, s.inputs().job(), roi,
                units(s.units().partition()), values, sampling, worst(diagnostics), diagnostics, cacheStats(s, m, atBaseline, pipeline.cache().stats()),
                new Timing(s.loadSeconds(), s.baselineSeconds(), coalitionSeconds, null,
                        s.loadSeconds() + s.baselineSeconds() + coalitionSeconds), engine(pipeline, m), null,
                s.inputs().digests(), warnings, strategy(s));
    }

    /** The strategy object: tiling, tiles per coalition beside nnU-Net's, the crop's deviation, runs. */
    private static StrategyReport strategy(ExplanationSetup s) {
        JobStrategy st = s.inputs().method().strategy();
        Box w = s.plan().window();
        CropDeviation d = s.cropDeviation();
        return new StrategyReport(st.kind(), st.tiling(), new int[] {w.z0(), w.y0(), w.x0(), w.z1(), w.y1(), w.x1()},
                s.plan().relevantTileCount(), s.network().tiles().tilesIntersecting(s.roi().roi().box()).size(),
                d == null ? null : d.maxAbsLogitDiff(), d == null ? null : d.dice(), st.isPaper() ? s.inputs().method().values().size() : 1);
    }

    /** The report with curve metrics added and the engine object brought up to date. */
    static ExplanationReport withCurves(ExplanationReport report, List<ValueFunction> reported, List<FaithfulnessMetrics> metrics,
                                        double curveSeconds, CoalitionPipeline pipeline) {
        Map<String, FaithfulnessMetrics> byName = new LinkedHashMap<>();
        for (int k = 0; k < reported.size(); k++) byName.put(reported.get(k).cliName(), metrics.get(k));
        Timing t = report.timing();
        ExplanationReport r = report.withMetrics(byName, new Timing(t.loadSeconds(), t.baselineSeconds(), t.coalitionsSeconds(),
                curveSeconds, t.totalSeconds() + curveSeconds));
        // a report evaluated twice keeps one copy of each warning
        Set<String> warnings = new LinkedHashSet<>(r.warnings());
        warnings.addAll(Degeneracy.ofCurves(byName));
        return new ExplanationReport(r.formatVersion(), r.job(), r.roi(), r.units(), r.values(), r.sampling(), r.diagnostics(),
                r.diagnosticsByValue(), r.cache(), r.timing(), engine(pipeline, pipeline.metrics().snapshot()), r.metrics(),
                r.inputDigests(), List.copyOf(warnings), r.strategy());
    }

    static FaithfulnessMetrics faithfulness(CurveMetrics c) {
        String undefined = c.normalisedUndefined();
        return new FaithfulnessMetrics(c.aopc(), c.abpc(), undefined == null ? c.naopc() : null,
                undefined == null ? c.nabpc() : null, c.morf(), c.lerf(), undefined);
    }

    static EngineReport engine(CoalitionPipeline pipeline, EngineMetrics.Snapshot m) {
        return new EngineReport(pipeline.device().backend().describe(), pipeline.device().memory().capacityBytes()
                + pipeline.openCoalitions().capacityBytes(), pipeline.maxTilesPerBatch(), m.histograms(), m.counters());
    }

    /**
     * Tile work of the coalitions (the baseline's own work left out, as before the pipeline): clean tiles,
     * cache hits and joins of an in-flight forward all count as hits. Then the cache: what it held, found from
     * earlier runs, stored and refused (this job's counters include the baseline).
     */
    private static CacheStats cacheStats(ExplanationSetup s, EngineMetrics.Snapshot m, EngineMetrics.Snapshot atBaseline,
                                         TileCache.Stats cache) {
        long requests = m.counter(EngineReport.REQUESTS) - atBaseline.counter(EngineReport.REQUESTS);
        long forwards = m.counter(EngineReport.FORWARDS) - atBaseline.counter(EngineReport.FORWARDS);
        long hits = requests - forwards;
        long coalitions = m.counter(EngineReport.COALITIONS) - atBaseline.counter(EngineReport.COALITIONS);
        return new CacheStats(requests, hits, requests == 0 ? 0 : (double) hits / requests, forwards,
                coalitions * s.plan().relevantTileCount(), cache.location(), cache.entriesAtOpen(),
                m.counter(EngineMetrics.HITS_FROM_EARLIER_RUNS), m.counter(EngineMetrics.ENTRIES_STORED),
                m.counter(EngineMetrics.CACHE_REFUSED), cache.corrupt(), cache.bytes(), cache.capacityBytes());
    }

    /** Player-aligned values spread onto all units (excluded units 0). */
    private static double[] perUnit(ExplanationSetup s, double[] perPlayer) {
        double[] out = new double[s.units().partition().unitCount()];
        int[] players = s.units().players();
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

    private static RoiInfo roiInfo(ExplanationSetup s) {
        Box b = s.roi().roi().box();
        byte[] p0 = s.baseline().p0OverB();
        byte[] roiMask = s.roi().roi().maskOverBox();
        byte[] scoring = s.plan().scoringMaskOverB();
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
        return new RoiInfo(s.roi().roi().description(), s.roi().roi().voxelCount(), new int[] {b.z0(), b.y0(), b.x0(), b.z1(), b.y1(), b.x1()},
                scored, s.plan().relevantTileCount(), s.roi().support().tiles().size(), s.roi().support().supportVoxelCount(), dice);
    }
}

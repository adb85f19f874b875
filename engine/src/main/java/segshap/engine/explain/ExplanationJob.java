package segshap.engine.explain;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import segshap.engine.cache.TileCacheRegistry;
import segshap.engine.coalition.Baseline;
import segshap.engine.coalition.TileKeys;
import segshap.engine.coalition.TilePlan;
import segshap.engine.device.DeviceWorker;
import segshap.engine.metrics.PerturbationCurves;
import segshap.engine.metrics.PerturbationResult;
import segshap.engine.pipeline.CoalitionPipeline;
import segshap.engine.pipeline.EngineMetrics;
import segshap.engine.pipeline.PipelineGame;
import segshap.engine.shap.ExactShapley;
import segshap.engine.shap.KernelShapEstimator;
import segshap.engine.shap.Design;
import segshap.engine.shap.KernelShapOptions;
import segshap.engine.shap.SamplingInfo;
import segshap.engine.shap.ShapleyEstimate;
import segshap.engine.shap.ShapleyResult;
import segshap.engine.units.Unit;
import segshap.engine.value.ValueFunction;
import segshap.kernels.InputException;
import segshap.kernels.predict.NnunetPredictor;
import segshap.kernels.window.AccumulationMode;
import segshap.protocol.ExplanationReport;
import segshap.protocol.FaithfulnessMetrics;
import segshap.protocol.Progress;
import segshap.protocol.job.JobCache;
import segshap.protocol.job.JobSpec;
import segshap.protocol.job.JobStrategy;

/**
 * One explanation job on an {@link Explainer}: its setup (phases 1–6, run by {@link #prepare}) and the
 * coalition work on the pipeline: {@link #explain} (KernelSHAP) and {@link #evaluate} (MoRF/LeRF curves).
 * It leases the engine's tile cache of its model and volume (shared with other jobs on them, persisted when
 * the job names a folder), so the curves reuse the explanation's tiles; {@link #close} gives the lease back.
 */
public final class ExplanationJob implements AutoCloseable {
    private final ExplanationSetup setup;
    private final CoalitionPipeline pipeline;
    private final TileCacheRegistry.Lease cache;
    private final EngineMetrics.Snapshot atBaseline;
    private final Consumer<Progress> progress;
    private final long startNanos;
    private final Explainer engine;

    private ExplanationJob(ExplanationSetup setup, CoalitionPipeline pipeline, TileCacheRegistry.Lease cache,
                           EngineMetrics.Snapshot atBaseline, Consumer<Progress> progress, long startNanos, Explainer engine) {
        this.setup = setup;
        this.pipeline = pipeline;
        this.cache = cache;
        this.atBaseline = atBaseline;
        this.progress = progress;
        this.startNanos = startNanos;
        this.engine = engine;
    }

    static ExplanationJob prepare(JobSpec job, Explainer engine, Consumer<Progress> progress) {
        long t0 = System.nanoTime();
        LoadedInputs in = LoadedInputs.load(job);
        DeviceWorker device = engine.devices().worker(in.model());
        NnunetPredictor predictor = NnunetPredictor.open(in.model(), device.backend(),
                new NnunetPredictor.Options(engine.runtime().tilesPerBatch(), false, AccumulationMode.FLOAT32));
        NetworkCase net = NetworkCase.of(in, predictor);
        double loadSeconds = seconds(t0);

        long t1 = System.nanoTime();
        EngineMetrics metrics = new EngineMetrics();
        engine.track(metrics);
        TileCacheRegistry.Lease cache = null;
        try {
            ProgressReporter prediction = new ProgressReporter("load", metrics, progress, t0);
            RoiSelection roi = RoiSelection.select(in, net, predictor, device, prediction::onProgress);
            UnitSetup units = UnitSetup.of(in, net, roi);
            byte[] model = TileKeys.modelDigest(in.model().network(), in.model().foldNames(), in.model().foldWeights(),
                    device.backend().numerics());
            int heads = device.backend().spec().numHeads();
            TilePlan plan = new TilePlan(net.preprocessed().dataCzyx(), roi.tiles(), roi.window(), units.partition(), roi.roi().box(),
                    heads, in.targetChannel(), in.method().scoreRegion().maskOverBox(roi.roi()), model);
            JobStrategy strategy = in.method().strategy();
            // the paper's method reuses clean tiles only: no tile cache, no joins of in-flight forwards
            cache = engine.caches().lease(strategy.isPaper() ? new JobCache(0, null) : job.cache(), plan.modelDigest(),
                    plan.volumeDigest());
            CoalitionPipeline pipeline = new CoalitionPipeline(engine.materializer(), plan, cache.cache(), device,
                    engine.pipelineSettings().withShareTiles(!strategy.isPaper()), metrics);
            Baseline baseline = pipeline.baseline();
            CropDeviation deviation = null;
            if (strategy.cropTiling()) {
                float[] nnunet = roi.nnunetLogitsOverB() != null ? roi.nnunetLogitsOverB()
                        : CropDeviation.nnunetLogitsOverB(net, roi.roi().box(), heads, device, engine.runtime().tilesPerBatch());
                deviation = CropDeviation.of(nnunet, baseline, plan);
                engine.notice(String.format(Locale.ROOT, "crop tiling: %d tiles per coalition instead of nnU-Net's %d, but the "
                                + "baseline over the ROI box is not exactly nnU-Net's prediction (max |Δ logit| %.3g, Dice of the two "
                                + "target masks %.4f); use --tiling nnunet for nnU-Net's own", plan.relevantTileCount(),
                        net.tiles().tilesIntersecting(roi.roi().box()).size(), deviation.maxAbsLogitDiff(), deviation.dice()));
            }
            ExplanationSetup setup = new ExplanationSetup(in, net, roi, units, plan, baseline, loadSeconds, seconds(t1), deviation);
            return new ExplanationJob(setup, pipeline, cache, metrics.counters(), progress, t0, engine);
        } catch (RuntimeException | Error e) {
            if (cache != null) cache.close();
            engine.untrack(metrics);
            throw e;
        }
    }

    /**
     * Gives the tile cache back (the last job on it closes it; a persisted one is then marked clean) and adds this
     * job's metrics to the engine's totals. Idempotent.
     */
    @Override
    public void close() {
        cache.close();
        engine.untrack(pipeline.metrics());
    }

    /**
     * Stops this job: a running {@link #explain} or {@link #evaluate} throws a
     * {@link java.util.concurrent.CancellationException} within the batch of coalitions in flight, and later
     * calls throw it at once. Other jobs on the same engine are not affected. Callable from any thread; idempotent.
     */
    public void cancel() {
        pipeline.cancel("the job was cancelled");
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    public ExplanationSetup setup() { return setup; }

    /** The pipeline's metrics so far (baseline included). */
    public EngineMetrics.Snapshot metrics() { return pipeline.metrics().snapshot(); }

    /** The pipeline (for its budgets and batch limits). */
    public CoalitionPipeline pipeline() { return pipeline; }

    /**
     * Shapley values of every value function over the job's players.
     *
     * @throws InputException if the budget cannot identify the attributions (too small for the unit count)
     */
    public Explanation explain() {
        long t0 = System.nanoTime();
        Method m = setup.inputs().method();
        int players = setup.units().players().length;
        ProgressReporter reporter = new ProgressReporter("coalitions", pipeline.metrics(), progress, startNanos)
                .withTopUnits(topUnits(m));
        PipelineGame game = new PipelineGame(pipeline, setup.baseline(), setup.units().players(), reporter);
        Map<ValueFunction, ShapleyResult> results = new EnumMap<>(ValueFunction.class);
        List<KernelShapOptions> runs = runOptions();
        int evaluations = 0;
        long forwards = 0;
        SamplingInfo first = null;
        for (int r = 0; r < runs.size(); r++) {
            ShapleyEstimate run = KernelShapEstimator.estimate(game, players, runs.get(r), reporter);
            // the paper's runs each report their own value function; segshap's one run reports all of them
            for (ValueFunction v : runs.size() == 1 ? m.values() : List.of(m.values().get(r))) results.put(v, run.result(v.ordinal()));
            evaluations += run.sampling().evaluations();
            forwards += run.sampling().tileForwards();
            if (first == null) first = run.sampling();
        }
        SamplingInfo sampling = new SamplingInfo(first.budget(), evaluations, first.exact(), m.seed(), first.allocation(),
                first.singletonsForced(), first.steps(), first.converged(), first.design(), forwards);
        double coalitionSeconds = seconds(t0);
        return new Explanation(ReportBuilder.report(setup, results, sampling, coalitionSeconds, pipeline, atBaseline), setup);
    }

    /**
     * The KernelSHAP runs {@link #explain} makes, in order: one shared by every value function for segshap; for the
     * paper's method one per reported value function (in {@code --values} order), each with a seed of its own.
     * Their designs depend on the options only (never on values) except for an {@code auto} budget.
     */
    public List<KernelShapOptions> runOptions() {
        Method m = setup.inputs().method();
        int players = setup.units().players().length;
        List<KernelShapOptions> out = new ArrayList<>();
        if (m.strategy().isPaper()) {
            for (ValueFunction v : m.values()) out.add(options(m, players, paperRunSeed(m.seed(), v)));
        } else {
            out.add(options(m, players, m.seed()));
        }
        return out;
    }

    /**
     * The seed of the paper's run for value function {@code v}: distinct per value function (the runs sample their
     * own coalitions), fixed by the job's seed; the first value function's run uses the job's seed itself.
     */
    static long paperRunSeed(long seed, ValueFunction v) {
        return seed + 0x9E3779B97F4A7C15L * v.ordinal();
    }

    /**
     * Adds MoRF/LeRF curves and AOPC, ABPC, nAOPC, nABPC (paper eqs. 7–9) per reported value function; each
     * curve ranks the units by that value function's φ. Curve steps go through the same pipeline and cache.
     */
    public Explanation evaluate(Explanation explanation) {
        return explanation.withReport(evaluate(explanation.report()));
    }

    /**
     * {@link #evaluate(Explanation)} on a report of this job's setup (e.g. read back by {@code segshap evaluate}).
     *
     * @throws InputException when the report's input digests or units do not match this job's inputs
     */
    public ExplanationReport evaluate(ExplanationReport report) {
        long t0 = System.nanoTime();
        int[] players = setup.units().players();
        List<ValueFunction> reported = new ArrayList<>();
        for (String name : report.values().keySet()) reported.add(ValueFunction.fromCliName(name));
        if (report.inputDigests() != null) InputDigests.requireSame(report.inputDigests(), setup.inputs().digests(), null);
        if (players.length == 0) {
            throw new InputException("every unit of the explanation was excluded, so no unit can be removed along a curve and "
                    + "the curves (K = 0) are undefined; choose an ROI the model's inputs can change");
        }
        if (report.units().size() != setup.units().partition().unitCount()) {
            throw new InputException("the report lists " + report.units().size() + " units but its inputs give "
                    + setup.units().partition().unitCount() + "; the report does not belong to these inputs");
        }
        for (int i = 0; i < report.units().size(); i++) {
            if (report.units().get(i).id() != setup.units().partition().unit(i).id()) {
                throw new InputException("the report's unit " + i + " has id " + report.units().get(i).id() + " but its inputs give "
                        + setup.units().partition().unit(i).id() + "; the report does not belong to these inputs");
            }
        }
        double[][] phiByRanking = new double[reported.size()][players.length];
        for (int k = 0; k < reported.size(); k++) {
            double[] perUnit = report.values().get(reported.get(k).cliName()).phi();
            for (int p = 0; p < players.length; p++) phiByRanking[k][p] = perUnit[players[p]];
        }
        int[] ids = new int[players.length];
        for (int p = 0; p < players.length; p++) ids[p] = setup.units().partition().unit(players[p]).id();
        ProgressReporter reporter = new ProgressReporter("curves", pipeline.metrics(), progress, startNanos);
        boolean[] noneKeptForever = new boolean[players.length]; // every player may be removed along a curve
        List<PerturbationResult> curves = PerturbationCurves.evaluateEach(
                new PipelineGame(pipeline, setup.baseline(), players, reporter), phiByRanking, noneKeptForever, ids);
        List<FaithfulnessMetrics> metrics = new ArrayList<>();
        for (int k = 0; k < reported.size(); k++) metrics.add(ReportBuilder.faithfulness(curves.get(k).metrics(reported.get(k).ordinal())));
        return ReportBuilder.withCurves(report, reported, metrics, seconds(t0), pipeline);
    }

    /** Running φ in progress events: the first reported value function, top 5 units by |φ|. */
    private ProgressReporter.TopUnits topUnits(Method m) {
        int[] players = setup.units().players();
        int[] ids = new int[players.length];
        String[] names = new String[players.length];
        for (int p = 0; p < players.length; p++) {
            Unit u = setup.units().partition().unit(players[p]);
            ids[p] = u.id();
            names[p] = u.organName().isEmpty() ? null : u.organName();
        }
        ValueFunction v = m.values().get(0);
        return new ProgressReporter.TopUnits(v.ordinal(), v.cliName(), ids, names, 5);
    }

    /**
     * Walk pairs a budget must hold for walks to be the default design: with 4 walk pairs the standard errors covered
     * 90 % at ±1.96 SE in bench/run-design-efficiency.sh (2 walk pairs: 74 %); below it independent pairs are kept.
     */
    public static final int DEFAULT_MIN_WALKS = 4;

    /**
     * Units below which pairs stay the default: on the demo's 8 organ units walks needed 1.25× the forwards of pairs
     * for the same error (few units: walks revisit coalitions, pairs' tile patterns repeat), at 50 units 0.72×.
     */
    public static final int DEFAULT_MIN_WALK_PLAYERS = 20;

    /** The estimator options of a run of {@code m} with {@code seed}. */
    private static KernelShapOptions options(Method m, int players, long seed) {
        KernelShapOptions base = options(m.budget(), players, seed);
        Design design = m.design() != null ? m.design()
                : players >= DEFAULT_MIN_WALK_PLAYERS
                        && (m.forwardBudget() > 0 || base.maxBudget() >= DEFAULT_MIN_WALKS * 2L * (players - 1)) ? Design.WALKS
                : Design.PAIRS;
        KernelShapOptions o = base.withAllocation(m.allocation()).withDesign(design);
        return m.forwardBudget() > 0 ? o.withForwardBudget(m.forwardBudget()) : o;
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
                yield KernelShapOptions.fixedBudget(exactBudget(players), seed);
            }
        };
    }

    /** All 2^M − 2 proper coalitions; the estimator needs a budget of at least 2 even when M = 1. */
    private static int exactBudget(int players) {
        return Math.max(2, (1 << players) - 2);
    }
}

package segshap.bench;

import static segshap.bench.BenchSupport.cpuModel;
import static segshap.bench.BenchSupport.deleteRecursively;
import static segshap.bench.BenchSupport.loadAverage;
import static segshap.bench.BenchSupport.log;
import static segshap.bench.BenchSupport.seconds;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import segshap.engine.coalition.Coalition;
import segshap.engine.coalition.Game;
import segshap.engine.coalition.Perturbation;
import segshap.engine.coalition.TilePlan;
import segshap.engine.demo.DemoCase;
import segshap.engine.demo.EmbeddedDemoModel;
import segshap.engine.demo.Phantom;
import segshap.engine.demo.PhantomGenerator;
import segshap.engine.demo.PhantomGrid;
import segshap.engine.explain.Explainer;
import segshap.engine.explain.ExplanationJob;
import segshap.engine.explain.ExplanationSetup;
import segshap.engine.explain.RoiSelection;
import segshap.engine.pipeline.CoalitionPipeline;
import segshap.engine.pipeline.EngineMetrics;
import segshap.engine.shap.KernelShapEstimator;
import segshap.engine.shap.KernelShapOptions;
import segshap.engine.shap.ProgressListener;
import segshap.engine.value.ValueFunction;
import segshap.kernels.backend.ForwardBackend;
import segshap.kernels.cpu.CpuBackends;
import segshap.kernels.model.NnunetModel;
import segshap.kernels.nifti.NiftiDataType;
import segshap.kernels.nifti.NiftiImage;
import segshap.kernels.nifti.NiftiWriter;
import segshap.kernels.predict.NnunetPredictor;
import segshap.kernels.preprocess.PreprocessedCase;
import segshap.kernels.tensor.FloatTensor;
import segshap.kernels.window.AccumulationMode;
import segshap.kernels.window.TileProgress;
import segshap.protocol.EngineReport;
import segshap.protocol.job.JobRuntime;
import segshap.protocol.job.JobSpec;

/**
 * The whole job a user asks for — explain this ROI with these units, all four value functions — done by every
 * strategy in one run on one machine:
 * <ol>
 *   <li>{@code naive}: every coalition of segshap's design predicted by a full sliding window over the whole volume;</li>
 *   <li>{@code paper}: the paper's method (§III-E, §IV-B): a sliding window over the crop B_RF, only clean tiles reused,
 *       one KernelSHAP run per value function, the paper's budget (1000 coalitions for organ units, 2000 otherwise);</li>
 *   <li>{@code segshap}: this engine on nnU-Net's own tiles, exact when all coalitions fit in 2000, else 2000 coalitions
 *       shared by the four value functions, a fresh persisted cache;</li>
 *   <li>{@code segshap-warm}: the same job again on that cache, in a new job;</li>
 *   <li>{@code segshap-crop}: the engine on the crop tiles, a fresh cache.</li>
 * </ol>
 * Every strategy uses the same units (inside B grown by 20 mm, as {@code segshap demo}; B_RF holds them all) and, where
 * it samples, the same seed.
 *
 * <p>Where a whole design takes longer than {@code --prefix-seconds}, a prefix of it is timed and extrapolated: the
 * full design's tile forwards are counted exactly without running the network (distinct dirty {@code m|U_s} keys for
 * segshap, every dirty tile of every coalition for the paper, every tile for naive), and seconds = prefix seconds ×
 * full forwards / prefix forwards (the CPU run is forward-bound: inference ≥ 99 % of the wall time; the warm row,
 * without forwards, scales by coalitions). The first {@code --shared} coalitions of segshap's design, evaluated by
 * every strategy first, give the cost per coalition on one shared set; they also check the engines against each
 * other: naive = segshap and paper = segshap-crop, bit for bit, or the run stops before printing results.
 *
 * <p>Prints {@code RESULT}, {@code SHARED}, {@code SPEEDUP} and {@code HARDWARE} lines on stdout and a table per case.
 */
public final class EngineThroughputBench {
    /** The cases of the issue: the demo ROI with organ and hybrid units, and a paper-sized phantom with organs. */
    static final List<String> CASES = List.of("demo-organs", "demo-hybrid", "paper-grid");
    /** The strategies, in the order they run and print. */
    static final List<String> STRATEGIES = List.of("segshap", "segshap-warm", "segshap-crop", "paper", "naive");
    /** segshap's budget in this comparison: the paper's supervoxel budget, shared by the four value functions. */
    static final int SEGSHAP_BUDGET = 2000;
    /** Units inside B grown by this many mm, as {@code segshap demo} builds them; the same units for every strategy. */
    static final double UNIT_MARGIN_MM = 20;
    /** Coalitions per pipeline call while a prefix is timed (the clock is read between calls). */
    private static final int CHUNK = 8;

    private EngineThroughputBench() {}

    /** One case on disk: the inputs every strategy's job reads. */
    record CaseInputs(String name, Path model, Path ct, Path organs, Path organNames, Path roiMask, int target, String unitKind,
                      Double fccEdgeMm, boolean groupOrgans) {}

    /** One run's settings. */
    record Settings(List<String> cases, long seed, int threads, double prefixSeconds, int shared, Path out, boolean deleteOut) {}

    /**
     * One strategy's whole job.
     *
     * @param coalitions       coalition evaluations of the whole design (all runs)
     * @param tileForwards     tile forwards of the whole design, counted exactly
     * @param seconds          wall time of the whole design (extrapolated when {@code measuredCoalitions < coalitions})
     * @param measuredSeconds  wall time of the timed prefix
     */
    record Row(String caseName, String strategy, long coalitions, long tileForwards, double seconds, long measuredCoalitions,
               long measuredForwards, double measuredSeconds, int runs) {
        boolean extrapolated() { return measuredCoalitions < coalitions; }
    }

    /** One strategy on the shared coalitions: their digest (equal across strategies), forwards, time and values. */
    record Shared(String strategy, int coalitionsDigest, int coalitions, long tileForwards, double seconds, double[][] values) {}

    public static void main(String[] args) throws IOException {
        Settings s = parse(args);
        String loadBefore = loadAverage();
        Files.createDirectories(s.out());
        try {
            List<String> lines = new ArrayList<>();
            for (String c : s.cases()) lines.addAll(runCase(s, prepareCase(c, s.seed(), s.out().resolve(c))));
            System.out.printf(Locale.ROOT, "HARDWARE cores=%d cpu=\"%s\" java=%s threads=%d load_before=\"%s\" load_after=\"%s\"%n",
                    Runtime.getRuntime().availableProcessors(), cpuModel(), System.getProperty("java.version"), s.threads(),
                    loadBefore, loadAverage());
            lines.forEach(System.out::println);
        } finally {
            if (s.deleteOut()) deleteRecursively(s.out());
        }
    }

    /**
     * Writes a case's phantom and model: the demo grid or the paper-sized grid (237×512×512 at 5×1.17×1.17 mm), the
     * embedded model, the ROI = the phantom's largest spleen component (ground truth: on the paper grid a full-volume
     * prediction alone would take minutes on 2 cores), organ units grouped, hybrid units of 30 mm.
     */
    static CaseInputs prepareCase(String name, long seed, Path dir) throws IOException {
        if (!CASES.contains(name)) throw new IllegalArgumentException("--case " + name + ": expected one of " + CASES + " or all");
        Files.createDirectories(dir);
        Phantom phantom = PhantomGenerator.generate(seed, name.equals("paper-grid") ? PhantomGrid.PAPER : PhantomGrid.DEMO);
        DemoCase demo = DemoCase.write(phantom, dir);
        Path model = EmbeddedDemoModel.extractTo(dir.resolve("model"));
        Path roi = dir.resolve("roi.nii.gz");
        NiftiImage ct = demo.ctImage();
        float[] truth = phantom.groundTruthZyx().data();
        float[] spleen = new float[truth.length];
        for (int i = 0; i < truth.length; i++) spleen[i] = truth[i] == Phantom.GT_SPLEEN ? 1 : 0;
        NiftiWriter.write(roi, ct.withData(new FloatTensor(ct.shapeZyx(), spleen), NiftiDataType.UINT8));
        boolean hybrid = name.equals("demo-hybrid");
        return new CaseInputs(name, model, demo.ct(), demo.organs(), demo.organNames(), roi, Phantom.GT_SPLEEN,
                hybrid ? "hybrid" : "organs", hybrid ? 30.0 : null, !hybrid);
    }

    /** The job of one strategy on a case; {@code cacheDir} for the segshap strategies. */
    static JobSpec job(CaseInputs c, String strategy, Path cacheDir, long seed, int threads) {
        JobSpec.Builder b = JobSpec.builder().model(c.model()).ct(c.ct()).organs(c.organs()).organNames(c.organNames())
                .roiMask(c.roiMask()).target(c.target()).units(c.unitKind(), c.fccEdgeMm()).groupOrgans(c.groupOrgans())
                .unitMarginMm(UNIT_MARGIN_MM).seed(seed).threads(threads);
        switch (strategy) {
            case "paper" -> b.strategy("paper").budgetPaper();
            case "segshap-crop" -> b.tiling("crop").budgetFixed(SEGSHAP_BUDGET).cacheDir(cacheDir.toString());
            default -> b.budgetFixed(SEGSHAP_BUDGET).cacheDir(cacheDir.toString());
        }
        return b.build();
    }

    /** Runs every strategy of one case; returns its printed lines (RESULT, SHARED, table, SPEEDUP). */
    static List<String> runCase(Settings s, CaseInputs c) throws IOException {
        JobRuntime runtime = new JobRuntime(s.threads(), JobRuntime.DEFAULT_TILES_PER_BATCH, JobRuntime.DEFAULT_MEMORY_BUDGET_BYTES, "cpu");
        Path coldCache = s.out().resolve(c.name() + "-cache-nnunet");
        Path cropCache = s.out().resolve(c.name() + "-cache-crop");
        deleteRecursively(coldCache);
        deleteRecursively(cropCache);
        Map<String, Row> rows = new LinkedHashMap<>();
        Map<String, Shared> shared = new LinkedHashMap<>();
        // on the paper grid one naive coalition is a whole-trunk prediction (504 tiles), so one shared coalition there
        int sharedCount = c.name().equals("paper-grid") ? 1 : s.shared();
        List<Coalition> segshapDesign;
        int[] unitIds;
        try (Explainer explainer = Explainer.start(runtime, notice -> log("%s: %s", c.name(), notice))) {
            // segshap cold, then naive on the same job's plan (naive needs the plan's B, scoring region and P_0)
            try (ExplanationJob job = explainer.prepare(job(c, "segshap", coldCache, s.seed(), s.threads()), p -> { })) {
                unitIds = unitIds(job.setup());
                segshapDesign = design(job);
                describe(c, job, segshapDesign.size());
                List<Coalition> head = segshapDesign.subList(0, Math.min(sharedCount, segshapDesign.size()));
                shared.put("segshap", sharedRow("segshap", job, head));
                rows.put("segshap", timedRow(c, "segshap", job, segshapDesign, shared.get("segshap"), s.prefixSeconds(),
                        distinctDirtyTiles(job.setup().plan(), segshapDesign), 1));
                try (Naive naive = new Naive(job.setup(), s.threads())) {
                    shared.put("naive", naive.shared(head));
                    rows.put("naive", naive.row(c, segshapDesign, shared.get("naive"), s.prefixSeconds()));
                }
            }
            try (ExplanationJob job = explainer.prepare(job(c, "segshap", coldCache, s.seed(), s.threads()), p -> { })) {
                requireSameDesign("segshap-warm", segshapDesign, design(job));
                List<Coalition> head = segshapDesign.subList(0, Math.min(sharedCount, segshapDesign.size()));
                shared.put("segshap-warm", sharedRow("segshap-warm", job, head));
                // warm on what the cold run stored: its timed prefix (the whole design, had it run to the end)
                rows.put("segshap-warm", timedRow(c, "segshap-warm", job, segshapDesign, shared.get("segshap-warm"), s.prefixSeconds(),
                        rows.get("segshap").measuredCoalitions(), 0, 1));
            }
            try (ExplanationJob job = explainer.prepare(job(c, "segshap-crop", cropCache, s.seed(), s.threads()), p -> { })) {
                requireSameUnits("segshap-crop", unitIds, unitIds(job.setup()));
                List<Coalition> design = design(job);
                requireSameDesign("segshap-crop", segshapDesign, design);
                List<Coalition> head = design.subList(0, Math.min(sharedCount, design.size()));
                shared.put("segshap-crop", sharedRow("segshap-crop", job, head));
                rows.put("segshap-crop", timedRow(c, "segshap-crop", job, design, shared.get("segshap-crop"), s.prefixSeconds(),
                        distinctDirtyTiles(job.setup().plan(), design), 1));
            }
            try (ExplanationJob job = explainer.prepare(job(c, "paper", null, s.seed(), s.threads()), p -> { })) {
                requireSameUnits("paper", unitIds, unitIds(job.setup()));
                List<Coalition> head = segshapDesign.subList(0, Math.min(sharedCount, segshapDesign.size()));
                shared.put("paper", sharedRow("paper", job, head));
                List<Coalition> design = design(job);
                rows.put("paper", timedRow(c, "paper", job, design, null, s.prefixSeconds(), everyDirtyTile(job.setup().plan(), design),
                        job.runOptions().size()));
            }
        }
        requireSameValues("naive vs segshap (nnU-Net tiles)", shared.get("naive"), shared.get("segshap"));
        requireSameValues("paper vs segshap-crop (crop tiles)", shared.get("paper"), shared.get("segshap-crop"));
        requireSameValues("segshap-warm vs segshap", shared.get("segshap-warm"), shared.get("segshap"));
        return report(c, rows, shared);
    }

    /** The job's coalitions in evaluation order, over its units: every KernelSHAP run's design, recorded without the network. */
    static List<Coalition> design(ExplanationJob job) {
        int[] players = job.setup().units().players();
        int units = job.setup().units().partition().unitCount();
        List<Coalition> out = new ArrayList<>();
        for (KernelShapOptions options : job.runOptions()) {
            Recording game = new Recording();
            KernelShapEstimator.estimate(game, players.length, options, ProgressListener.NONE);
            for (Coalition c : game.seen) {
                int[] members = c.members();
                for (int k = 0; k < members.length; k++) members[k] = players[members[k]];
                out.add(Coalition.of(units, members));
            }
        }
        return out;
    }

    /** Records the coalitions the estimator asks for; answers an additive game (a well-posed regression, any design). */
    private static final class Recording implements Game {
        final List<Coalition> seen = new ArrayList<>();

        @Override
        public double[][] evaluate(List<Coalition> batch) {
            double[][] out = new double[batch.size()][];
            for (int j = 0; j < batch.size(); j++) {
                seen.add(batch.get(j));
                double v = 0;
                for (int p : batch.get(j).members()) v += 1 + 0.01 * p;
                out[j] = new double[ValueFunction.values().length];
                Arrays.fill(out[j], v);
            }
            return out;
        }

        @Override
        public int valueCount() {
            return ValueFunction.values().length;
        }
    }

    /** Tile forwards of a design with tiles shared by key: distinct dirty (tile, {@code m|U_s}) patterns. */
    static long distinctDirtyTiles(TilePlan plan, List<Coalition> design) {
        Set<List<Object>> seen = new HashSet<>();
        for (Coalition c : design) {
            for (int i = 0; i < plan.relevantTileCount(); i++) {
                if (plan.isClean(i, c)) continue;
                int[] units = plan.unitsOfRelevantTile(i);
                long[] bits = new long[(units.length + 63) >>> 6];
                for (int j = 0; j < units.length; j++) if (c.contains(units[j])) bits[j >>> 6] |= 1L << j;
                seen.add(List.of(i, Arrays.toString(bits)));
            }
        }
        return seen.size();
    }

    /** Tile forwards of a design reusing clean tiles only: every dirty tile of every coalition. */
    static long everyDirtyTile(TilePlan plan, List<Coalition> design) {
        long n = 0;
        for (Coalition c : design) for (int i = 0; i < plan.relevantTileCount(); i++) if (!plan.isClean(i, c)) n++;
        return n;
    }

    /** The shared coalitions through a job's pipeline. */
    static Shared sharedRow(String strategy, ExplanationJob job, List<Coalition> coalitions) {
        EngineMetrics.Snapshot before = job.metrics();
        long t = System.nanoTime();
        double[][] values = CoalitionPipeline.join(job.pipeline().evaluate(coalitions, job.setup().baseline(), x -> { }));
        double sec = seconds(t);
        long forwards = job.metrics().counter(EngineReport.FORWARDS) - before.counter(EngineReport.FORWARDS);
        log("%s: shared %d coalitions, %d tile forwards, %.1f s", strategy, coalitions.size(), forwards, sec);
        return new Shared(strategy, coalitions.hashCode(), coalitions.size(), forwards, sec, values);
    }

    /**
     * Times the design until it is done or {@code prefixSeconds} have passed. When {@code head} is given, it was the
     * design's first coalitions, already evaluated by the same job: its time and forwards count as measured.
     */
    private static Row timedRow(CaseInputs c, String strategy, ExplanationJob job, List<Coalition> design, Shared head,
                                double prefixSeconds, long fullForwards, int runs) {
        return timedRow(c, strategy, job, design, head, prefixSeconds, design.size(), fullForwards, runs);
    }

    /** {@link #timedRow} stopping after {@code maxCoalitions} at the latest (the warm row: what the cold one cached). */
    private static Row timedRow(CaseInputs c, String strategy, ExplanationJob job, List<Coalition> design, Shared head,
                                double prefixSeconds, long maxCoalitions, long fullForwards, int runs) {
        EngineMetrics.Snapshot start = job.metrics();
        double headSeconds = head == null ? 0 : head.seconds();
        long t = System.nanoTime();
        int done = head == null ? 0 : head.coalitions();
        long stop = Math.min(design.size(), maxCoalitions);
        while (done < stop && seconds(t) + headSeconds < prefixSeconds) {
            List<Coalition> chunk = design.subList(done, (int) Math.min(stop, done + CHUNK));
            CoalitionPipeline.join(job.pipeline().evaluate(chunk, job.setup().baseline(), x -> { }));
            done += chunk.size();
        }
        double measured = seconds(t) + headSeconds;
        long forwards = job.metrics().counter(EngineReport.FORWARDS) - start.counter(EngineReport.FORWARDS)
                + (head == null ? 0 : head.tileForwards());
        // forward-bound rows scale by forwards; a row without forwards (warm) by coalitions
        double full = done == design.size() ? measured
                : forwards > 0 && fullForwards > 0 ? measured * fullForwards / forwards : measured * design.size() / done;
        log("%s %s: %d of %d coalitions timed (%d forwards, %.1f s) -> %d forwards, %.1f s", c.name(), strategy, done, design.size(),
                forwards, measured, fullForwards, full);
        return new Row(c.name(), strategy, design.size(), fullForwards, full, done, forwards, measured, runs);
    }

    /** Every coalition through a full-volume sliding window (nnU-Net's predictor on the perturbed volume), no reuse. */
    private static final class Naive implements AutoCloseable {
        private final ExplanationSetup setup;
        private final ForwardBackend backend;
        private final NnunetPredictor predictor;

        /** A backend of its own: the engine's belongs to its device worker. */
        Naive(ExplanationSetup setup, int threads) {
            this.setup = setup;
            NnunetModel model = setup.inputs().model();
            this.backend = CpuBackends.forModel(model, threads, JobRuntime.DEFAULT_MEMORY_BUDGET_BYTES);
            this.predictor = NnunetPredictor.open(model, backend,
                    new NnunetPredictor.Options(JobRuntime.DEFAULT_TILES_PER_BATCH, false, AccumulationMode.FLOAT32));
        }

        Shared shared(List<Coalition> coalitions) {
            long t = System.nanoTime();
            double[][] values = evaluate(coalitions);
            double sec = seconds(t);
            long forwards = (long) coalitions.size() * setup.network().tiles().tileCount();
            log("naive: shared %d coalitions, %d tile forwards, %.1f s", coalitions.size(), forwards, sec);
            return new Shared("naive", coalitions.hashCode(), coalitions.size(), forwards, sec, values);
        }

        /** Times whole coalitions after the shared head (the design's first ones) until the prefix time is spent. */
        Row row(CaseInputs c, List<Coalition> design, Shared head, double prefixSeconds) {
            int tiles = setup.network().tiles().tileCount();
            long t = System.nanoTime();
            int done = head.coalitions();
            while (done < design.size() && seconds(t) + head.seconds() < prefixSeconds) {
                evaluate(design.subList(done, done + 1));
                done++;
            }
            double measured = seconds(t) + head.seconds();
            double full = measured * design.size() / done;
            log("%s naive: %d coalitions timed (%.1f s) -> %d coalitions, %.1f s", c.name(), done, measured, design.size(), full);
            return new Row(c.name(), "naive", design.size(), (long) design.size() * tiles, full, done, (long) done * tiles, measured, 1);
        }

        private double[][] evaluate(List<Coalition> coalitions) {
            TilePlan plan = setup.plan();
            PreprocessedCase pre = setup.network().preprocessed();
            float[] volume = pre.dataCzyx().data();
            double[][] out = new double[coalitions.size()][];
            for (int j = 0; j < coalitions.size(); j++) {
                float[] perturbed = new float[volume.length];
                Perturbation.apply(volume, plan.partition(), coalitions.get(j), plan.partition().grid().box(), perturbed);
                PreprocessedCase p = new PreprocessedCase(new FloatTensor(pre.dataCzyx().shape(), perturbed), pre.spacingZyxMm(),
                        pre.spacingTransposedZyxMm(), pre.shapeBeforeCroppingZyx(), pre.bboxUsedForCropping(),
                        pre.shapeAfterCroppingBeforeResamplingZyx(), pre.targetSpacingZyxMm());
                float[] overB = RoiSelection.overBox(predictor.predictLogits(p, TileProgress.NONE), plan.box());
                out[j] = plan.score(overB, setup.baseline().p0OverB());
            }
            return out;
        }

        @Override
        public void close() {
            backend.close();
        }
    }

    private static void describe(CaseInputs c, ExplanationJob job, int designSize) {
        ExplanationSetup s = job.setup();
        log("%s: grid %s, B %s, %d units (%d players), %d of %d tiles meet B, design of %d coalitions", c.name(),
                Arrays.toString(s.network().tiles().shapeZyx()), s.plan().box(), s.units().partition().unitCount(),
                s.units().players().length, s.plan().relevantTileCount(), s.network().tiles().tileCount(), designSize);
    }

    private static int[] unitIds(ExplanationSetup s) {
        int[] ids = new int[s.units().partition().unitCount()];
        for (int i = 0; i < ids.length; i++) ids[i] = s.units().partition().unit(i).id();
        return ids;
    }

    private static void requireSameUnits(String what, int[] expected, int[] got) {
        if (!Arrays.equals(expected, got)) {
            throw new IllegalStateException(what + ": its units differ from segshap's (" + got.length + " vs " + expected.length
                    + "); the strategies would not explain the same game");
        }
    }

    private static void requireSameDesign(String what, List<Coalition> expected, List<Coalition> got) {
        if (!expected.equals(got)) throw new IllegalStateException(what + ": its design differs from segshap's (same seed, budget, units)");
    }

    private static void requireSameValues(String what, Shared a, Shared b) {
        if (a.coalitionsDigest() != b.coalitionsDigest()) throw new IllegalStateException(what + ": not the same shared coalitions");
        for (int j = 0; j < a.values().length; j++) {
            if (!Arrays.equals(a.values()[j], b.values()[j])) {
                throw new IllegalStateException(what + ": shared coalition " + j + " scores " + Arrays.toString(a.values()[j]) + " vs "
                        + Arrays.toString(b.values()[j]) + "; no timing is reported");
            }
        }
        log("check: %s equal bit for bit on %d shared coalitions", what, a.values().length);
    }

    /** The case's RESULT and SHARED lines, its table and its SPEEDUP line. */
    static List<String> report(CaseInputs c, Map<String, Row> rows, Map<String, Shared> shared) {
        List<String> out = new ArrayList<>();
        for (String st : STRATEGIES) {
            Row r = rows.get(st);
            out.add(String.format(Locale.ROOT, "RESULT case=%s strategy=%s coalitions=%d tile_forwards=%d tile_forwards_per_coalition=%.2f"
                            + " seconds=%.1f extrapolated=%s runs=%d timed_coalitions=%d timed_forwards=%d timed_seconds=%.1f", c.name(), st,
                    r.coalitions(), r.tileForwards(), (double) r.tileForwards() / r.coalitions(), r.seconds(), r.extrapolated() ? "yes" : "no",
                    r.runs(), r.measuredCoalitions(), r.measuredForwards(), r.measuredSeconds()));
        }
        for (String st : STRATEGIES) {
            Shared x = shared.get(st);
            out.add(String.format(Locale.ROOT, "SHARED case=%s strategy=%s coalitions=%d coalitions_digest=%08x tile_forwards=%d"
                            + " tile_forwards_per_coalition=%.2f seconds_per_coalition=%.2f", c.name(), st, x.coalitions(),
                    x.coalitionsDigest(), x.tileForwards(), (double) x.tileForwards() / x.coalitions(), x.seconds() / x.coalitions()));
        }
        out.add("");
        out.add(String.format(Locale.ROOT, "%s: %-13s %11s %13s %9s %10s %12s | shared: %9s %9s", c.name(), "strategy", "coalitions",
                "tile forwards", "fwd/coal.", "seconds", "extrapolated", "fwd/coal.", "s/coal."));
        for (String st : STRATEGIES) {
            Row r = rows.get(st);
            Shared x = shared.get(st);
            out.add(String.format(Locale.ROOT, "%s: %-13s %11d %13d %9.2f %10.1f %12s | shared: %9.2f %9.2f", c.name(), st, r.coalitions(),
                    r.tileForwards(), (double) r.tileForwards() / r.coalitions(), r.seconds(), r.extrapolated() ? "yes" : "no",
                    (double) x.tileForwards() / x.coalitions(), x.seconds() / x.coalitions()));
        }
        Row seg = rows.get("segshap"), paper = rows.get("paper");
        out.add(String.format(Locale.ROOT, "SPEEDUP case=%s vs_paper=%.2f vs_paper_one_value=%.2f vs_naive=%.2f crop_vs_paper=%.2f"
                        + " warm_vs_paper=%.2f", c.name(), paper.seconds() / seg.seconds(), paper.seconds() / paper.runs() / seg.seconds(),
                rows.get("naive").seconds() / seg.seconds(), paper.seconds() / rows.get("segshap-crop").seconds(),
                paper.seconds() / rows.get("segshap-warm").seconds()));
        out.add("");
        return out;
    }

    static Settings parse(String[] args) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        List<String> known = List.of("case", "seed", "threads", "prefix-seconds", "shared", "out");
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length || !known.contains(args[i].substring(2))) {
                throw new IllegalArgumentException("usage: [--case demo-organs|demo-hybrid|paper-grid|all] [--seed S] [--threads T]"
                        + " [--prefix-seconds S] [--shared N] [--out DIR]; bad argument '" + args[i] + "'");
            }
            m.put(args[i].substring(2), args[++i]);
        }
        String c = m.getOrDefault("case", "all");
        if (!c.equals("all") && !CASES.contains(c)) throw new IllegalArgumentException("--case " + c + ": expected one of " + CASES + " or all");
        String out = m.get("out");
        return new Settings(c.equals("all") ? CASES : List.of(c), Long.parseLong(m.getOrDefault("seed", "7")),
                Integer.parseInt(m.getOrDefault("threads", "2")), Double.parseDouble(m.getOrDefault("prefix-seconds", "30")),
                Integer.parseInt(m.getOrDefault("shared", "4")),
                out == null ? Files.createTempDirectory("segshap-engine-bench") : Path.of(out), out == null);
    }
}

package segshap.bench;

import static segshap.bench.BenchSupport.cpuModel;
import static segshap.bench.BenchSupport.deleteRecursively;
import static segshap.bench.BenchSupport.loadAverage;
import static segshap.bench.BenchSupport.log;
import static segshap.bench.BenchSupport.seconds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import segshap.engine.coalition.Coalition;
import segshap.engine.coalition.ReferenceCoalitionEvaluator;
import segshap.engine.coalition.TilePlan;
import segshap.engine.demo.DemoCase;
import segshap.engine.demo.EmbeddedDemoModel;
import segshap.engine.demo.Phantom;
import segshap.engine.demo.PhantomGenerator;
import segshap.engine.demo.PhantomGrid;
import segshap.engine.explain.Explainer;
import segshap.engine.explain.ExplanationJob;
import segshap.engine.grid.LabelMap;
import segshap.engine.pipeline.CoalitionPipeline;
import segshap.engine.pipeline.EngineMetrics;
import segshap.engine.roi.Roi;
import segshap.kernels.backend.ForwardBackend;
import segshap.kernels.cpu.CpuBackends;
import segshap.kernels.model.ModelFolderLoader;
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
import segshap.protocol.HistogramSummary;
import segshap.protocol.job.JobRuntime;
import segshap.protocol.job.JobSpec;

/**
 * End-to-end coalition throughput on the built-in demo case: what the streaming pipeline (the {@code m|U_s}
 * tile cache, in-flight dedup, batches across coalitions) buys over forwarding every relevant tile for every
 * coalition, with the same network, tiles, units and scores.
 *
 * <pre>
 * bench/run-explain-throughput.sh                       # builds, then runs with the defaults below
 * java -cp "$CP" segshap.bench.ExplainThroughputBench --seed 7 --coalitions 64 --threads 2 --out /tmp/xb
 * </pre>
 *
 * Setup as {@code segshap demo}: phantom of {@code --seed} on the demo grid, the embedded model, ROI = the
 * largest predicted spleen component (written as a mask), grouped organ units inside B grown by 20 mm
 * ({@code --units organs}, the default) or hybrid FCC × organ units ({@code --units hybrid:20}), scoring region B. Then, on N + 2 coalitions drawn from {@code SplittableRandom(seed)} (each player kept with
 * probability 1/2, plus the full and the empty coalition):
 * <ol>
 *   <li>(a) {@code ReferenceCoalitionEvaluator}: every relevant tile forwarded for every coalition;</li>
 *   <li>(b) the job's {@code CoalitionPipeline} (cache holding only the baseline), the same coalitions in one run;</li>
 *   <li>(c) the same pipeline on N further coalitions (warm cache).</li>
 * </ol>
 * The scores of (a) and (b) must agree bit for bit on every coalition (and (c) on a few re-run through (a)),
 * else the run stops before printing any result. All four value functions come from each evaluation; the paper's
 * method itself is measured by {@link EngineThroughputBench}.
 * Prints {@code RESULT} and {@code HARDWARE} lines on stdout and a side-by-side table.
 */
public final class ExplainThroughputBench {
    /** Coalitions of the warm set re-run through the reference to check (c); each costs one reference coalition. */
    private static final int WARM_CHECKS = 3;

    private ExplainThroughputBench() {}

    /** Settings of one run. */
    record Settings(long seed, int coalitions, int threads, int tilesPerBatch, long memoryBudgetBytes, String units, Path out,
                    boolean deleteOut) {
        Settings {
            if (coalitions < 1) throw new IllegalArgumentException("--coalitions must be ≥ 1, got " + coalitions);
            if (threads < 1) throw new IllegalArgumentException("--threads must be ≥ 1, got " + threads);
            if (tilesPerBatch < 1) throw new IllegalArgumentException("--tiles-per-batch must be ≥ 1, got " + tilesPerBatch);
            if (!units.equals("organs") && !units.matches("hybrid:[0-9.]+")) {
                throw new IllegalArgumentException("--units must be organs or hybrid:A_MM, got " + units);
            }
        }
    }

    /** One timed evaluator run. */
    record Timing(String impl, long coalitions, long tileForwards, double seconds) {
        double coalitionsPerSecond() {
            return coalitions / seconds;
        }

        double msPerTileForward() {
            return tileForwards == 0 ? Double.NaN : 1e3 * seconds / tileForwards;
        }
    }

    public static void main(String[] args) throws IOException {
        Settings s = parse(args);
        String loadBefore = loadAverage();
        try {
            run(s, loadBefore);
        } finally {
            if (s.deleteOut()) deleteRecursively(s.out());
        }
    }

    private static void run(Settings s, String loadBefore) throws IOException {
        Files.createDirectories(s.out());
        // ---- 1. the demo case, prediction and ROI, as `segshap demo` builds them
        Phantom phantom = PhantomGenerator.generate(s.seed(), PhantomGrid.DEMO);
        DemoCase demo = DemoCase.write(phantom, s.out());
        Path modelDir = EmbeddedDemoModel.extractTo(s.out().resolve("model"));
        NnunetModel model = ModelFolderLoader.load(modelDir, null, null);
        NiftiImage ct = demo.ctImage();
        JobRuntime runtime = new JobRuntime(s.threads(), s.tilesPerBatch(), s.memoryBudgetBytes(), "cpu");
        // the reference evaluator gets a backend of its own: the engine's belongs to its device worker
        try (ForwardBackend backend = CpuBackends.forModel(model, s.threads(), s.memoryBudgetBytes())) {
            NnunetPredictor predictor = NnunetPredictor.open(model, backend,
                    new NnunetPredictor.Options(s.tilesPerBatch(), false, AccumulationMode.FLOAT32));
            PreprocessedCase pre = predictor.preprocess(ct, demo.ct().toString());
            int fullTiles = predictor.tileGrid(pre).tileCount();
            long t = System.nanoTime();
            FloatTensor logits = predictor.predictLogits(pre, TileProgress.NONE);
            double fullSeconds = seconds(t);
            log("full-volume prediction: %d tiles, %.1f s", fullTiles, fullSeconds);
            FloatTensor seg = predictor.segmentationImage(ct, predictor.export(logits, pre, false).segmentationZyx()).dataZyx();
            Roi roi = Roi.largestComponent(new LabelMap(ct.shapeZyx(), toInts(seg)), Phantom.GT_SPLEEN, "the demo prediction");
            Path roiFile = s.out().resolve("roi.nii.gz");
            byte[] mask = roi.maskOverGrid();
            float[] m = new float[mask.length];
            for (int i = 0; i < m.length; i++) m[i] = mask[i];
            NiftiWriter.write(roiFile, ct.withData(new FloatTensor(ct.shapeZyx(), m), NiftiDataType.UINT8));

            JobSpec.Builder job = JobSpec.builder().model(modelDir).ct(demo.ct()).organs(demo.organs()).organNames(demo.organNames())
                    .roiMask(roiFile).target(Phantom.GT_SPLEEN).budgetExact();
            if (s.units().equals("organs")) job.units("organs").unitMarginMm(20.0).groupOrgans(true);
            else job.units("hybrid", Double.parseDouble(s.units().substring("hybrid:".length())));
            t = System.nanoTime();
            try (Explainer explainer = Explainer.start(runtime)) {
                ExplanationJob run = explainer.prepare(job.build(), p -> { });
                double setupSeconds = seconds(t);
                measure(s, run, backend, fullTiles, fullSeconds, setupSeconds, roi.voxelCount(), loadBefore);
            }
        }
    }

    private static void measure(Settings s, ExplanationJob run, ForwardBackend backend, int fullTiles,
                                double fullSeconds, double setupSeconds, long roiVoxels, String loadBefore) {
        TilePlan plan = run.setup().plan();
        int[] players = run.setup().units().players();
        int units = run.setup().units().partition().unitCount();
        int relevant = plan.relevantTileCount();
        int totalTiles = plan.tileGrid().tileCount();
        CoalitionPipeline pipeline = run.pipeline();
        log("ROI %d voxels, B %s; %d of %d tiles relevant; %d units, %d players; setup %.1f s; up to %d tiles per batch",
                roiVoxels, plan.box(), relevant, totalTiles, units, players.length, setupSeconds, pipeline.maxTilesPerBatch());

        // ---- 2. coalitions: set 1 = N random + full + empty, set 2 = N more random (warm cache)
        SplittableRandom rng = new SplittableRandom(s.seed());
        List<Coalition> cold = draw(rng, players, units, s.coalitions());
        cold.add(Coalition.of(units, players));
        cold.add(Coalition.empty(units));
        List<Coalition> warm = draw(rng, players, units, s.coalitions());

        // ---- 3. run (a), (b), (c)
        ReferenceCoalitionEvaluator reference = new ReferenceCoalitionEvaluator(plan, backend, s.tilesPerBatch());
        reference.baseline();
        long forwardsBefore = reference.forwards();
        long t = System.nanoTime();
        double[][] refScores = reference.evaluate(cold);
        double refSeconds = seconds(t);
        Timing a = new Timing("reference", cold.size(), reference.forwards() - forwardsBefore, refSeconds);
        log("(a) reference: %d coalitions, %.1f s", cold.size(), refSeconds);

        EngineMetrics.Snapshot start = pipeline.metrics().snapshot();
        t = System.nanoTime();
        double[][] coldScores = CoalitionPipeline.join(pipeline.evaluate(cold, run.setup().baseline(), c -> { }));
        double coldSeconds = seconds(t);
        EngineMetrics.Snapshot afterCold = pipeline.metrics().snapshot();
        Timing b = new Timing("pipeline-cold", cold.size(), delta(afterCold, start, EngineReport.FORWARDS), coldSeconds);
        log("(b) pipeline, cold: %.1f s", b.seconds());

        t = System.nanoTime();
        double[][] warmScores = CoalitionPipeline.join(pipeline.evaluate(warm, run.setup().baseline(), c -> { }));
        double warmSeconds = seconds(t);
        EngineMetrics.Snapshot afterWarm = pipeline.metrics().snapshot();
        Timing c = new Timing("pipeline-warm", warm.size(), delta(afterWarm, afterCold, EngineReport.FORWARDS), warmSeconds);
        log("(c) pipeline, warm: %.1f s", warmSeconds);

        // ---- check before any result is printed: the pipeline must not change a single score
        requireSame("(b) pipeline cold vs (a) reference", cold, refScores, coldScores);
        int checks = Math.min(WARM_CHECKS, warm.size());
        double[][] warmRef = reference.evaluate(warm.subList(0, checks));
        double[][] warmHead = new double[checks][];
        System.arraycopy(warmScores, 0, warmHead, 0, checks);
        requireSame("(c) pipeline warm vs (a) reference", warm.subList(0, checks), warmRef, warmHead);
        log("check: (b) = (a) bit for bit on all %d coalitions, (c) = (a) on the first %d", cold.size(), checks);

        // ---- 4. results
        String loadAfter = loadAverage();
        for (Timing r : List.of(a, b, c)) {
            System.out.printf(Locale.ROOT, "RESULT impl=%s coalitions=%d tile_forwards=%d seconds=%.3f coalitions_per_s=%.3f"
                            + " tile_forwards_per_s=%.3f ms_per_tile_forward=%.1f relevant_tiles=%d total_tiles=%d units=%d"
                            + " players=%d threads=%d tiles_per_batch=%d%n", r.impl(), r.coalitions(), r.tileForwards(), r.seconds(),
                    r.coalitionsPerSecond(), r.tileForwards() / r.seconds(), r.msPerTileForward(), relevant, totalTiles, units,
                    players.length, s.threads(), s.tilesPerBatch());
        }
        System.out.printf(Locale.ROOT, "RESULT impl=full-volume-prediction tiles=%d seconds=%.3f ms_per_tile=%.1f%n",
                fullTiles, fullSeconds, 1e3 * fullSeconds / fullTiles);
        printStats("cold", start, afterCold, coldSeconds);
        printStats("warm", afterCold, afterWarm, warmSeconds);
        for (Map.Entry<String, HistogramSummary> h : afterWarm.histograms().entrySet()) {
            HistogramSummary v = h.getValue();
            System.out.printf(Locale.ROOT, "HISTOGRAM name=%s unit=%s count=%d p50=%.1f p90=%.1f p99=%.1f max=%.1f mean=%.1f%n",
                    h.getKey(), v.unit(), v.count(), v.p50(), v.p90(), v.p99(), v.max(), v.mean());
        }

        System.out.printf(Locale.ROOT, "HARDWARE cores=%d cpu=\"%s\" java=%s load_before=\"%s\" load_after=\"%s\"%n",
                Runtime.getRuntime().availableProcessors(), cpuModel(), System.getProperty("java.version"), loadBefore,
                loadAfter);

        System.out.println();
        System.out.printf(Locale.ROOT, "demo seed %d, %s units, ROI %d voxels, %d units (%d players), relevant tiles %d / %d,"
                        + " %d threads, up to %d tiles per forward call%n", s.seed(), s.units(), roiVoxels, units, players.length, relevant,
                totalTiles, s.threads(), pipeline.maxTilesPerBatch());
        System.out.printf("%-26s %10s %13s %9s %12s %11s %9s%n", "impl", "coalitions", "tile forwards", "seconds",
                "coalitions/s", "ms/forward", "speed-up");
        for (Timing r : List.of(a, b, c)) {
            System.out.printf(Locale.ROOT, "%-26s %10d %13d %9.1f %12.3f %11.1f %8.1fx%n", label(r.impl()), r.coalitions(),
                    r.tileForwards(), r.seconds(), r.coalitionsPerSecond(), r.msPerTileForward(),
                    r.coalitionsPerSecond() / a.coalitionsPerSecond());
        }
        System.out.printf(Locale.ROOT, "%-26s %10s %13d %9.1f %12s %11.1f%n", "full-volume prediction", "-", fullTiles,
                fullSeconds, "-", 1e3 * fullSeconds / fullTiles);
        System.out.println("speed-up = coalitions/s over (a); the paper's method is measured by bench/run-engine-throughput.sh");
    }

    private static long delta(EngineMetrics.Snapshot after, EngineMetrics.Snapshot before, String counter) {
        return after.counter(counter) - before.counter(counter);
    }

    /** Tile work of one set, and the overlap: busy seconds of inference, fusion and scoring against wall time. */
    private static void printStats(String set, EngineMetrics.Snapshot before, EngineMetrics.Snapshot after, double wallSeconds) {
        System.out.printf(Locale.ROOT, "RESULT impl=pipeline-stats set=%s requests=%d clean=%d hits=%d dedup_joins=%d forwards=%d"
                        + " cached_mib=%.1f wall_s=%.2f inference_s=%.2f fusion_s=%.2f scoring_s=%.2f%n", set,
                delta(after, before, EngineReport.REQUESTS), delta(after, before, EngineReport.CLEAN),
                delta(after, before, EngineReport.HITS), delta(after, before, EngineReport.DEDUP_JOINS),
                delta(after, before, EngineReport.FORWARDS), after.counter(EngineReport.BYTES_CACHED) / 1048576.0, wallSeconds,
                after.inferenceSeconds() - before.inferenceSeconds(), after.fusionSeconds() - before.fusionSeconds(),
                after.scoringSeconds() - before.scoringSeconds());
    }

    private static String label(String impl) {
        return switch (impl) {
            case "reference" -> "(a) reference, no cache";
            case "pipeline-cold" -> "(b) pipeline, cache cold";
            case "pipeline-warm" -> "(c) pipeline, cache warm";
            default -> impl;
        };
    }

    /** {@code n} coalitions over the unit indices: each player kept with probability 1/2, excluded units never set. */
    static List<Coalition> draw(SplittableRandom rng, int[] players, int units, int n) {
        List<Coalition> out = new ArrayList<>(n + 2);
        for (int c = 0; c < n; c++) {
            boolean[] kept = new boolean[units];
            for (int p : players) kept[p] = rng.nextBoolean();
            out.add(Coalition.fromFlags(kept));
        }
        return out;
    }

    /** Stops the run at the first coalition whose four scores differ in any bit. */
    private static void requireSame(String what, List<Coalition> coalitions, double[][] expected, double[][] got) {
        int bad = 0;
        StringBuilder first = new StringBuilder();
        for (int c = 0; c < coalitions.size(); c++) {
            boolean same = expected[c].length == got[c].length;
            for (int v = 0; same && v < expected[c].length; v++) same = Double.compare(expected[c][v], got[c][v]) == 0;
            if (!same) {
                if (bad++ < 3) {
                    first.append(String.format(Locale.ROOT, "%n  coalition %d kept %s: expected %s, got %s", c,
                            coalitions.get(c), java.util.Arrays.toString(expected[c]), java.util.Arrays.toString(got[c])));
                }
            }
        }
        if (bad > 0) {
            throw new IllegalStateException(what + ": " + bad + " of " + coalitions.size()
                    + " coalitions score differently (TP, FP, DICE, SOFTDICE); no timing is reported" + first);
        }
    }

    private static int[] toInts(FloatTensor t) {
        float[] v = t.data();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (int) v[i];
        return out;
    }

    private static Settings parse(String[] args) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: --seed S --coalitions N --threads T --tiles-per-batch B"
                        + " --memory-budget-mib M --units organs|hybrid:A --out DIR;"
                        + " bad argument '" + args[i] + "'");
            }
            m.put(args[i].substring(2), args[++i]);
        }
        for (String k : m.keySet()) {
            if (!List.of("seed", "coalitions", "threads", "tiles-per-batch", "memory-budget-mib", "units", "out").contains(k)) {
                throw new IllegalArgumentException("unknown option --" + k + "; known: --seed --coalitions --threads"
                        + " --tiles-per-batch --memory-budget-mib --units --out");
            }
        }
        String out = m.get("out");
        return new Settings(Long.parseLong(m.getOrDefault("seed", "7")), Integer.parseInt(m.getOrDefault("coalitions", "64")),
                Integer.parseInt(m.getOrDefault("threads", "2")), Integer.parseInt(m.getOrDefault("tiles-per-batch", "2")),
                Long.parseLong(m.getOrDefault("memory-budget-mib", "1024")) << 20, m.getOrDefault("units", "organs"),
                out == null ? Files.createTempDirectory("segshap-explain-bench") : Path.of(out), out == null);
    }
}

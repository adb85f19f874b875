package segshap.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import java.util.function.Supplier;
import segshap.engine.coalition.Game;
import segshap.engine.explain.Explainer;
import segshap.engine.explain.ExplanationJob;
import segshap.engine.shap.Design;
import segshap.engine.shap.ExactShapley;
import segshap.engine.shap.KernelShapEstimator;
import segshap.engine.shap.KernelShapOptions;
import segshap.engine.shap.ProgressListener;
import segshap.engine.shap.ShapleyEstimate;
import segshap.engine.shap.ShapleyResult;
import segshap.kernels.nifti.NiftiDataType;
import segshap.kernels.nifti.NiftiImage;
import segshap.kernels.nifti.NiftiReader;
import segshap.kernels.nifti.NiftiWriter;
import segshap.kernels.tensor.FloatTensor;
import segshap.protocol.job.JobSpec;

/**
 * Error against exact Shapley values per tile forward, for each coalition design, on synthetic games with the engine's
 * tile structure ({@link TiledHarsanyiGame}): M = 50, 300, 1000, several budgets, 20 seeds each.
 *
 * <p>Per (case, design, budget): mean tile forwards and coalitions over the seeds, relative RMSE ‖φ̂ − φ‖₂ / ‖φ‖₂
 * (root mean square over seeds), the 1.96-SE coverage (fraction of unit × seed with |error| ≤ 1.96 SE) and the number
 * of runs whose Σφ missed v(N) − v(∅) by more than 1e-10·|Δ|. Then, per case, the forwards each design needs for the
 * error today's design (pairs) reaches at its largest budget, by log–log interpolation between the walks' budgets
 * ({@code SAME_ERROR} line; {@code extrapolated=yes} when that error lies outside the walks' measured range).
 * A PNG of error against forwards (log–log, one line per design) per case goes to {@code --out}.
 *
 * <p>Also the exact-enumerable engine cases {@code fixture-hybrid} (nnU-Net's fixture model, hybrid units) and
 * {@code demo-organs} (the demo ROI with its 8 grouped organ units): every
 * coalition through the real engine once, designs answered from that table with the engine's own tile keys
 * ({@link EngineTableGame}); error pooled over the four value functions.
 *
 * <p>Usage: {@code DesignEfficiencyBench [--case m50|m300|m1000|fixture-hybrid|demo-organs|all] [--seeds N] [--out DIR]}.
 */
public final class DesignEfficiencyBench {
    private static final double UNIT_RADIUS = 0.03;
    private static final String DEMO_ORGANS = "demo-organs";
    private static final String FIXTURE_HYBRID = "fixture-hybrid";
    private static final Path FIXTURE_MODEL =
            Path.of("kernels/src/test/resources/fixtures/nnunet-v2/models/Dataset901_TinyCT/nnUNetTrainer__nnUNetPlans__3d_fullres");
    private static final Path FIXTURE_CT = Path.of("kernels/src/test/resources/fixtures/nnunet-v2/cases/main/input_0000.nii.gz");
    private static final double FIXTURE_EDGE_MM = 110;
    /**
     * Coverage counts |error| ≤ 1.96 SE + this × max|φ|: a walk estimates a unit without triple interactions exactly
     * (its antithetic pair cancels pair terms), with SE 0 and an error of rounding only, which is not a miss.
     */
    private static final double ROUNDING = 1e-12;

    private record Case(String name, int players, int[] pairBudgetsPerM, int[] walkPairs) {}

    /** What a design is measured on: fresh copies of one game (no tile seen yet) and its exact Shapley values (K, M). */
    private record Subject(String name, int players, Supplier<Game> fresh, double[][] exact) {}

    private record Row(String caseName, Design design, int budget, double coalitions, double forwards, double relRmse,
            double coverage, int efficiencyMisses) {}

    private static final List<Case> CASES = List.of(
            new Case("m50", 50, new int[] {2, 4, 8, 16, 32}, new int[] {2, 4, 8, 16, 32, 64}),
            new Case("m300", 300, new int[] {2, 4, 8, 16}, new int[] {2, 4, 8, 16, 32}),
            new Case("m1000", 1000, new int[] {2, 4, 8}, new int[] {2, 4, 8, 16}));

    private DesignEfficiencyBench() {}

    public static void main(String[] args) throws IOException {
        String only = "all";
        int seeds = 20;
        Path out = Path.of("bench/target/design-efficiency");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--case" -> only = args[++i];
                case "--seeds" -> seeds = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; expected --case m50|m300|m1000|fixture-hybrid|demo-organs|all, --seeds N, --out DIR");
            }
        }
        Files.createDirectories(out);
        List<Row> all = new ArrayList<>();
        for (Case c : CASES) {
            if (!only.equals("all") && !only.equals(c.name())) continue;
            TiledHarsanyiGame shape = new TiledHarsanyiGame(c.players(), UNIT_RADIUS, 1);
            BenchSupport.log("%s: M = %d, %d tiles, %.2f tiles per unit", c.name(), c.players(), shape.tileCount(),
                    shape.tilesPerUnit());
            Subject subject = new Subject(c.name(), c.players(), () -> new TiledHarsanyiGame(c.players(), UNIT_RADIUS, 1),
                    new double[][] {shape.shapley()});
            List<Integer> pairs = new ArrayList<>();
            for (int b : c.pairBudgetsPerM()) pairs.add(b * c.players());
            List<Integer> walks = new ArrayList<>();
            for (int w : c.walkPairs()) walks.add(w * 2 * (c.players() - 1));
            all.addAll(compare(subject, pairs, walks, seeds, out));
        }
        if (only.equals("all") || only.equals(FIXTURE_HYBRID)) all.addAll(compareOnTheFixture(seeds, out));
        if (only.equals("all") || only.equals(DEMO_ORGANS)) all.addAll(compareOnTheDemo(seeds, out));
        System.out.println();
        System.out.println("| case | design | coalitions | tile forwards | forwards / coalition | rel. RMSE | 1.96-SE coverage |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
        for (Row r : all) {
            System.out.printf(Locale.ROOT, "| %s | %s | %,.0f | %,.0f | %.2f | %.4f | %.3f |%n", r.caseName(),
                    r.design().name().toLowerCase(Locale.ROOT), r.coalitions(), r.forwards(), r.forwards() / r.coalitions(),
                    r.relRmse(), r.coverage());
        }
        System.out.printf(Locale.ROOT, "HARDWARE cores=%d cpu=\"%s\" load=\"%s\"%n",
                Runtime.getRuntime().availableProcessors(), BenchSupport.cpuModel(), BenchSupport.loadAverage());
    }

    private static List<Row> compare(Subject subject, List<Integer> pairBudgets, List<Integer> walkBudgets, int seeds,
            Path out) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (int b : pairBudgets) rows.add(measure(subject, Design.PAIRS, b, seeds));
        for (int b : walkBudgets) rows.add(measure(subject, Design.WALKS, b, seeds));
        rows.forEach(DesignEfficiencyBench::printResult);
        printSameError(subject.name(), rows);
        plot(subject, rows, out.resolve("design-efficiency-" + subject.name() + ".png"));
        return rows;
    }

    /**
     * The demo ROI (ground-truth spleen) with its grouped organ units inside B grown by 20 mm: M = 8 through the
     * embedded demo model.
     */
    private static List<Row> compareOnTheDemo(int seeds, Path out) throws IOException {
        Path dir = Files.createTempDirectory("segshap-design-demo");
        try {
            EngineThroughputBench.CaseInputs c = EngineThroughputBench.prepareCase("demo-organs", 7, dir);
            return compareOnTheEngine(DEMO_ORGANS, EngineThroughputBench.job(c, "segshap", dir.resolve("cache"), 7, 2),
                    seeds, out);
        } finally {
            BenchSupport.deleteRecursively(dir);
        }
    }

    /**
     * nnU-Net's tiny fixture model (kernels' test fixtures, read from the repository) on its CT, with the organ map of
     * the engine tests (1 bright &gt; 110 HU, 2 dark −500…−40 HU, 5/6 the rest of the body split at mid-z), a box ROI
     * and hybrid units of {@value #FIXTURE_EDGE_MM} mm: M small enough to enumerate, a model fast enough to do it.
     */
    private static List<Row> compareOnTheFixture(int seeds, Path out) throws IOException {
        Path dir = Files.createTempDirectory("segshap-design-fixture");
        try {
            NiftiImage ct = NiftiReader.read(FIXTURE_CT);
            float[] hu = ct.dataZyx().data();
            int[] shape = ct.shapeZyx();
            int plane = hu.length / shape[0];
            float[] organs = new float[hu.length];
            float[] roi = new float[hu.length];
            for (int i = 0; i < hu.length; i++) {
                float v = hu[i];
                if (v > -500) organs[i] = v > 110 ? 1 : v < -40 ? 2 : (i / plane >= shape[0] / 2 ? 6 : 5);
                int z = i / plane, y = (i % plane) / shape[2], x = i % shape[2];
                if (z >= 14 && z < 22 && y >= 26 && y < 36 && x >= 18 && x < 28) roi[i] = 1;
            }
            Path organFile = dir.resolve("organs.nii.gz");
            Path roiFile = dir.resolve("roi.nii.gz");
            NiftiWriter.write(organFile, ct.withData(new FloatTensor(shape, organs), NiftiDataType.UINT8));
            NiftiWriter.write(roiFile, ct.withData(new FloatTensor(shape, roi), NiftiDataType.UINT8));
            JobSpec job = JobSpec.builder().model(FIXTURE_MODEL).ct(FIXTURE_CT).organs(organFile).roiMask(roiFile).target(1)
                    .units("hybrid", FIXTURE_EDGE_MM).threads(2).build();
            return compareOnTheEngine(FIXTURE_HYBRID, job, seeds, out);
        } finally {
            BenchSupport.deleteRecursively(dir);
        }
    }

    /**
     * An exact-enumerable engine case: all 2^M coalitions through the real engine once ({@link EngineTableGame}), the
     * exact values from that table, and every sampled budget below enumeration for both designs.
     */
    private static List<Row> compareOnTheEngine(String name, JobSpec job, int seeds, Path out) throws IOException {
        long t0 = System.nanoTime();
        EngineTableGame table;
        try (Explainer explainer = Explainer.start(job.runtime(), notice -> BenchSupport.log("%s", notice));
             ExplanationJob j = explainer.prepare(job, p -> { })) {
            table = EngineTableGame.enumerate(j);
        }
        int m = table.playerCount();
        BenchSupport.log("%s: M = %d, all %d coalitions through the engine in %.0f s", name, m, 1 << m,
                BenchSupport.seconds(t0));
        ShapleyEstimate exact = ExactShapley.compute(table.fresh(), m, 256, ProgressListener.NONE);
        double[][] phi = new double[exact.results().size()][];
        for (int v = 0; v < phi.length; v++) phi[v] = exact.result(v).phi();
        List<Integer> pairs = new ArrayList<>();
        for (int b = 4 * m; b < (1 << m) - 2; b *= 2) pairs.add(b); // 2M pairs can be rank-deficient at M = 8
        List<Integer> walks = new ArrayList<>();
        for (int b = 4 * (m - 1); b < (1 << m) - 2; b *= 2) walks.add(b);
        return compare(new Subject(name, m, table::fresh, phi), pairs, walks, seeds, out);
    }

    private static Row measure(Subject c, Design design, int budget, int seeds) {
        long t0 = System.nanoTime();
        double forwards = 0;
        double coalitions = 0;
        double squaredRel = 0;
        long covered = 0;
        int misses = 0;
        for (int s = 1; s <= seeds; s++) {
            Game game = c.fresh().get();
            KernelShapOptions options = KernelShapOptions.fixedBudget(budget, 1000L * s + budget).withDesign(design)
                    .withHeldOutCoalitions(0);
            ShapleyEstimate est = KernelShapEstimator.estimate(game, c.players(), options, ProgressListener.NONE);
            double err2 = 0;
            double norm2 = 0;
            for (int v = 0; v < c.exact().length; v++) { // pooled over the value functions
                double[] exact = c.exact()[v];
                ShapleyResult r = est.result(v);
                double scale = 0;
                for (double x : exact) scale = Math.max(scale, Math.abs(x));
                double sum = 0;
                for (int i = 0; i < exact.length; i++) {
                    double e = r.phi()[i] - exact[i];
                    err2 += e * e;
                    norm2 += exact[i] * exact[i];
                    sum += r.phi()[i];
                    if (Math.abs(e) <= 1.96 * r.stderr()[i] + ROUNDING * scale) covered++;
                }
                double absSum = 0;
                for (double p : r.phi()) absSum += Math.abs(p);
                // relative to |Δ|, or to Σ|φ| when Δ is 0 (e.g. FP when no coalition predicts outside the ROI)
                if (Math.abs(sum - r.delta()) > 1e-10 * Math.max(Math.abs(r.delta()), absSum)) misses++;
            }
            squaredRel += err2 / norm2 / seeds;
            forwards += est.sampling().tileForwards() / (double) seeds;
            coalitions += est.sampling().evaluations() / (double) seeds;
        }
        BenchSupport.log("%s %s budget %d: %.1f s", c.name(), design, budget, BenchSupport.seconds(t0));
        return new Row(c.name(), design, budget, coalitions, forwards, Math.sqrt(squaredRel),
                covered / (double) (seeds * (long) c.players() * c.exact().length), misses);
    }

    private static void printResult(Row r) {
        System.out.printf(Locale.ROOT, "RESULT case=%s design=%s budget=%d coalitions=%.0f tile_forwards=%.0f "
                        + "forwards_per_coalition=%.2f rel_rmse=%.5f coverage=%.3f efficiency_misses=%d%n", r.caseName(),
                r.design().name().toLowerCase(Locale.ROOT), r.budget(), r.coalitions(), r.forwards(),
                r.forwards() / r.coalitions(), r.relRmse(), r.coverage(), r.efficiencyMisses());
    }

    /**
     * Tile forwards at which a design's error reaches {@code error}: log–log interpolation between the two consecutive
     * budgets that bracket it, or extrapolation from the nearest two (then {@code [1] = 1}).
     */
    private static double[] forwardsAt(List<Row> rows, double error) {
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort((a, b) -> Double.compare(a.forwards(), b.forwards()));
        int at = sorted.size() - 2;
        boolean bracketed = false;
        for (int i = 0; i + 1 < sorted.size(); i++) {
            double hi = sorted.get(i).relRmse();
            double lo = sorted.get(i + 1).relRmse();
            if (error <= hi && error >= lo) {
                at = i;
                bracketed = true;
                break;
            }
        }
        if (!bracketed && error > sorted.get(0).relRmse()) at = 0;
        Row a = sorted.get(at);
        Row b = sorted.get(at + 1);
        double slope = (Math.log(b.relRmse()) - Math.log(a.relRmse())) / (Math.log(b.forwards()) - Math.log(a.forwards()));
        double logF = Math.log(a.forwards()) + (Math.log(error) - Math.log(a.relRmse())) / slope;
        return new double[] {Math.exp(logF), bracketed ? 0 : 1};
    }

    private static void printSameError(String caseName, List<Row> rows) {
        Map<Design, List<Row>> byDesign = new LinkedHashMap<>();
        for (Row r : rows) byDesign.computeIfAbsent(r.design(), d -> new ArrayList<>()).add(r);
        List<Row> pairs = byDesign.get(Design.PAIRS);
        Row target = pairs.get(pairs.size() - 1); // today's design at its largest budget
        double[] walks = forwardsAt(byDesign.get(Design.WALKS), target.relRmse());
        System.out.printf(Locale.ROOT, "SAME_ERROR case=%s rel_rmse=%.5f pairs_forwards=%.0f walks_forwards=%.0f "
                        + "ratio=%.2f extrapolated=%s%n", caseName, target.relRmse(), target.forwards(), walks[0],
                target.forwards() / walks[0], walks[1] > 0 ? "yes" : "no");
    }

    private static void plot(Subject c, List<Row> rows, Path png) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Design d : Design.values()) {
            XYSeries s = new XYSeries(d.name().toLowerCase(Locale.ROOT));
            for (Row r : rows) if (r.design() == d) s.add(r.forwards(), r.relRmse());
            data.addSeries(s);
        }
        LogAxis x = new LogAxis("tile forwards");
        LogAxis y = new LogAxis("relative RMSE of φ");
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, new Color(0x2166AC));
        renderer.setSeriesPaint(1, new Color(0xB2182B));
        renderer.setDefaultStroke(new BasicStroke(2f));
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(c.name() + ": error per tile forward (M = " + c.players() + ")",
                JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 800, 560);
        BenchSupport.log("plot: %s", png);
    }
}

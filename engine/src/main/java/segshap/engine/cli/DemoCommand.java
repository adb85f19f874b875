package segshap.engine.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import segshap.engine.demo.DemoCase;
import segshap.engine.demo.EmbeddedDemoModel;
import segshap.engine.demo.Phantom;
import segshap.engine.demo.PhantomGenerator;
import segshap.engine.demo.PhantomGrid;
import segshap.engine.explain.BudgetSpec;
import segshap.engine.explain.Explainer;
import segshap.engine.explain.Explanation;
import segshap.engine.explain.ExplanationJob;
import segshap.engine.explain.ExplanationFolder;
import segshap.engine.explain.ExplanationWriter;
import segshap.engine.output.OutputTransaction;
import segshap.engine.grid.ConnectedComponents;
import segshap.engine.grid.Connectivity;
import segshap.engine.grid.LabelMap;
import segshap.engine.roi.Roi;
import segshap.kernels.InputException;
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
import segshap.protocol.ExplanationReport;
import segshap.protocol.job.JobRuntime;
import segshap.protocol.job.JobSpec;

/**
 * {@code segshap demo}: phantom CT → embedded model → prediction → explanation of the spleen by its organs, then of a
 * false-positive lymph-node component by hybrid (organ × supervoxel) units: the second answers a real question, which
 * context made the model see a lymph node where there is none.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs segshap end to end on a synthetic whole-body CT phantom with the embedded demo model (CPU).", "",
                "Writes the CT, its TotalSegmentator-style organ map, the ground truth, the prediction, the ROI (largest",
                "predicted spleen component) and its explanation with organ units; then explains a false positive, the",
                "largest predicted lymph-node component touching no true lymph node (roi-fp.nii.gz), with hybrid units",
                "(organs cut into 30 mm supervoxels), sampled, into explanation-fp/; then prints where everything is.", "",
                "Examples:",
                "  segshap demo                      (seed 7, 60×192×192 at 5×2×2 mm, into ./segshap-demo)",
                "  segshap demo --seed 11 --out d2   (another patient)",
                "  segshap demo --fp-budget 0        (the spleen only, no false-positive explanation)", ""})
final class DemoCommand implements Callable<Integer> {
    /** The spleen label of the demo model's dataset.json. */
    private static final int SPLEEN = Phantom.GT_SPLEEN;
    /** The lymph-node label of the demo model's dataset.json. */
    private static final int LYMPH_NODES = Phantom.GT_LYMPH_NODES;
    /** FCC edge (mm) of the false-positive explanation's hybrid units: about ten units around a small component. */
    private static final double FP_EDGE_MM = 30;
    private static final String SUMMARY = "summary.json";

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "segshap-demo",
            description = "Output folder (created if missing); an earlier demo there is replaced. (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "7",
            description = "Phantom seed. The demo model was trained on seeds 1000–1059 and validated on 8001–8002; any other seed is a patient it never saw. (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--grid", paramLabel = "demo|paper", defaultValue = "demo",
            description = "Phantom grid: demo = 60×192×192 at 5×2×2 mm; paper = 237×512×512 at 5×1.17×1.17 mm, the whole trunk, resampled to the model's 5×2×2 mm grid (the model was trained on demo-grid phantoms and scores lower there). (default: ${DEFAULT-VALUE})")
    String grid;

    @Option(names = "--no-explain", description = "Stop after the prediction and the ROI.")
    boolean noExplain;

    @Option(names = "--budget", paramLabel = "N|exact|auto", defaultValue = "exact",
            description = "Coalition budget of the explanation. (default: ${DEFAULT-VALUE})")
    String budget;

    @Option(names = "--unit-margin", paramLabel = "MM", defaultValue = "20",
            description = "Units (of both explanations) are built inside the ROI box grown by MM millimetres. (default: ${DEFAULT-VALUE})")
    Double unitMargin;

    @Option(names = "--fp-budget", paramLabel = "N", defaultValue = "128",
            description = "Coalitions sampled for the false-positive explanation (hybrid units); 0 skips it. (default: ${DEFAULT-VALUE})")
    int fpBudget;

    @Mixin CacheOptions cache;
    @Option(names = "--force",
            description = "Also write into a non-empty folder that holds files other than a demo's; the demo's files there are replaced, others kept.")
    boolean force;

    @Mixin RuntimeOptions runtime;

    @ParentCommand SegshapCommand root;

    @Spec CommandSpec spec;

    /** What a demo folder holds; a folder holding only these (or less) is an earlier demo, replaced without --force. */
    static final Set<String> DEMO_ENTRIES = Set.of("ct.nii.gz", "organs.nii.gz", "organs.tsv", "ground_truth.nii.gz",
            "prediction.nii.gz", "roi.nii.gz", "summary.json", "model", "explanation", "roi-fp.nii.gz", "explanation-fp");

    @Override
    public Integer call() throws IOException {
        PhantomGrid phantomGrid = switch (grid.trim().toLowerCase(Locale.ROOT)) {
            case "demo" -> PhantomGrid.DEMO;
            case "paper" -> PhantomGrid.PAPER;
            default -> throw new InputException("--grid '" + grid + "': expected demo or paper");
        };
        BudgetSpec budgetSpec = BudgetSpec.parse(budget, BudgetSpec.DEFAULT_MAX_BUDGET, "--budget");
        OptionChecks.finiteAtLeast("--unit-margin", unitMargin, 0, "mm");
        if (fpBudget < 0) throw new InputException("--fp-budget " + fpBudget + ": expected a coalition count ≥ 0 (0 skips the false-positive explanation)");
        JobRuntime jobRuntime = runtime.jobRuntime();
        checkFolder();
        // summary.json marks a complete demo: an earlier one goes first, so an interrupted run cannot look complete
        Files.createDirectories(out);
        Files.deleteIfExists(out.resolve(SUMMARY));
        // so do an earlier false-positive explanation and its ROI, which this run may not replace (none found, or skipped)
        Files.deleteIfExists(out.resolve("roi-fp.nii.gz"));
        removeEarlierExplanation(out.resolve("explanation-fp"));
        Map<String, Object> summary = new LinkedHashMap<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        long t = System.nanoTime();

        Phantom phantom = PhantomGenerator.generate(seed, phantomGrid);
        DemoCase demo = DemoCase.write(phantom, out);
        seconds.put("phantom", lap(t));

        t = System.nanoTime();
        Path modelDir = EmbeddedDemoModel.extractTo(out.resolve("model"));
        NnunetModel model = ModelFolderLoader.load(modelDir, null, null);
        FloatTensor seg;
        NiftiImage ct = demo.ctImage();
        try (ForwardBackend backend = CpuBackends.forModel(model, jobRuntime.threads(), jobRuntime.memoryBudgetBytes())) {
            NnunetPredictor p = NnunetPredictor.open(model, backend, new NnunetPredictor.Options(jobRuntime.tilesPerBatch(),
                    false, AccumulationMode.FLOAT32));
            PreprocessedCase c = p.preprocess(ct, demo.ct().toString());
            ProgressBar bar = new ProgressBar(System.err, "prediction tiles");
            FloatTensor logits = p.predictLogits(c, (done, total) -> bar.update(done, total, ""));
            NiftiImage segImage = p.segmentationImage(ct, p.export(logits, c, false).segmentationZyx());
            seg = segImage.dataZyx();
            NiftiWriter.write(out.resolve("prediction.nii.gz"), segImage);
        }
        seconds.put("prediction", lap(t));
        Map<String, Double> dice = new LinkedHashMap<>();
        for (Map.Entry<Integer, String> l : Phantom.groundTruthNames().entrySet()) {
            if (l.getKey() != 0) dice.put(l.getValue(), dice(seg, phantom.groundTruthZyx(), l.getKey()));
        }
        summary.put("seed", seed);
        summary.put("grid", phantomGrid.toString());
        summary.put("diceAgainstGroundTruth", dice);

        LabelMap predicted = new LabelMap(ct.shapeZyx(), toInts(seg));
        Roi roi = Roi.largestComponent(predicted, SPLEEN, "the demo prediction");
        Path roiFile = out.resolve("roi.nii.gz");
        writeMask(ct, roi, roiFile);
        summary.put("roiVoxels", roi.voxelCount());

        if (!noExplain) {
            t = System.nanoTime();
            JobSpec.Builder b = JobSpec.builder().model(modelDir).ct(demo.ct()).organs(demo.organs()).organNames(demo.organNames())
                    .roiMask(roiFile).target(SPLEEN).units("organs").unitMarginMm(unitMargin).groupOrgans(true);
            switch (budgetSpec.mode()) {
                case EXACT -> b.budgetExact();
                case AUTO -> b.budgetAuto(budgetSpec.maxBudget());
                case FIXED -> b.budgetFixed(budgetSpec.budget());
            }
            summary.putAll(explain(b, jobRuntime, out.resolve("explanation")));
            seconds.put("explanation", lap(t));

            Optional<Roi> fp = fpBudget == 0 ? Optional.empty() : falsePositiveComponent(predicted, phantom.groundTruthZyx());
            if (fpBudget > 0 && fp.isEmpty()) {
                System.err.println("segshap: demo: every predicted lymph-node component touches a true lymph node; no false positive to explain");
            }
            if (fp.isPresent()) {
                t = System.nanoTime();
                Path fpFile = out.resolve("roi-fp.nii.gz");
                writeMask(ct, fp.get(), fpFile);
                System.err.printf(Locale.ROOT, "segshap: demo: explaining a false positive: a predicted lymph-node component of %d voxels "
                        + "that touches no true lymph node (%s)%n", fp.get().voxelCount(), fpFile.getFileName());
                JobSpec.Builder fb = JobSpec.builder().model(modelDir).ct(demo.ct()).organs(demo.organs()).organNames(demo.organNames())
                        .roiMask(fpFile).target(LYMPH_NODES).units("hybrid", FP_EDGE_MM).unitMarginMm(unitMargin).groupOrgans(true)
                        .budgetFixed(fpBudget);
                Map<String, Object> fpSummary = new LinkedHashMap<>();
                fpSummary.put("roiVoxels", fp.get().voxelCount());
                fpSummary.putAll(explain(fb, jobRuntime, out.resolve("explanation-fp")));
                summary.put("falsePositive", fpSummary);
                seconds.put("falsePositiveExplanation", lap(t));
            }
        }
        summary.put("seconds", seconds);
        try (OutputTransaction tx = new OutputTransaction(root.opener())) {
            tx.write(out.resolve(SUMMARY), o -> new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(o, summary));
            tx.commit(List.of());
        }

        System.err.printf(Locale.ROOT, "segshap: demo seed %d: Dice spleen %.3f, lymph nodes %.3f; prediction %.1f s%n", seed,
                dice.getOrDefault("spleen", Double.NaN), dice.getOrDefault("lymph_nodes", Double.NaN), seconds.get("prediction"));
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(out.toAbsolutePath().normalize());
        for (String f : List.of("ct.nii.gz", "organs.nii.gz", "organs.tsv", "ground_truth.nii.gz", "prediction.nii.gz",
                "roi.nii.gz", SUMMARY)) stdout.println(out.resolve(f));
        if (!noExplain) stdout.println(out.resolve("explanation"));
        if (summary.containsKey("falsePositive")) {
            stdout.println(out.resolve("roi-fp.nii.gz"));
            stdout.println(out.resolve("explanation-fp"));
        }
        return ExitCode.OK;
    }

    /** Runs one explanation into {@code folder} (replacing what is there), prints its summary, returns its counts. */
    private Map<String, Object> explain(JobSpec.Builder b, JobRuntime jobRuntime, Path folder) throws IOException {
        JobSpec job = cache.apply(CliJobs.build(b).withRuntime(jobRuntime));
        // the demo owns its explanation folders: whatever is there is replaced
        ExplanationFolder dir = ExplanationFolder.inspect(folder, "--out", true);
        Map<String, Object> counts = new LinkedHashMap<>();
        try (Explainer explainer = Explainer.start(job.runtime())) {
            ExplanationJob run = CliSessions.prepare(explainer, job);
            Explanation e = run.evaluate(run.explain());
            ExplanationReport evaluated = e.report();
            ExplanationWriter.write(e, dir, root.opener());
            CliSessions.summarise(evaluated, run.setup().inputs().warnings());
            counts.put("units", run.setup().units().partition().unitCount());
            counts.put("players", run.setup().units().players().length);
            counts.put("coalitions", evaluated.sampling().evaluations());
            counts.put("tileForwards", evaluated.cache().tileForwards());
            counts.put("tileForwardsWithoutCache", evaluated.cache().tileForwardsWithoutCache());
        }
        return counts;
    }

    /** Removes segshap's files from an earlier demo's explanation folder (the report first), and the folder if then empty. */
    private static void removeEarlierExplanation(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) return;
        for (Path f : ExplanationFolder.inspect(folder, "--out", true).ownFiles()) Files.deleteIfExists(f);
        try (Stream<Path> left = Files.list(folder)) {
            if (left.findAny().isEmpty()) Files.delete(folder);
        }
    }

    private static void writeMask(NiftiImage ct, Roi roi, Path file) {
        byte[] mask = roi.maskOverGrid();
        float[] m = new float[mask.length];
        for (int i = 0; i < m.length; i++) m[i] = mask[i];
        NiftiWriter.write(file, ct.withData(new FloatTensor(ct.shapeZyx(), m), NiftiDataType.UINT8));
    }

    /**
     * The largest predicted lymph-node component (26-connected) with no voxel on a true lymph node, ties to the
     * earlier first voxel; empty when every component touches one.
     */
    static Optional<Roi> falsePositiveComponent(LabelMap predicted, FloatTensor truth) {
        int[] ids = ConnectedComponents.labelAll(predicted, LYMPH_NODES, Connectivity.TWENTY_SIX);
        int components = 0;
        for (int id : ids) components = Math.max(components, id);
        long[] size = new long[components + 1];
        boolean[] touchesTruth = new boolean[components + 1];
        float[] g = truth.data();
        for (int i = 0; i < ids.length; i++) {
            size[ids[i]]++;
            if (g[i] == LYMPH_NODES) touchesTruth[ids[i]] = true;
        }
        int best = 0; // 0: none yet (ids start at 1)
        for (int c = 1; c <= components; c++) if (!touchesTruth[c] && (best == 0 || size[c] > size[best])) best = c;
        if (best == 0) return Optional.empty();
        float[] mask = new float[ids.length];
        for (int i = 0; i < ids.length; i++) mask[i] = ids[i] == best ? 1 : 0;
        return Optional.of(Roi.fromMask(new FloatTensor(predicted.shapeZyx(), mask), predicted.shapeZyx(),
                "false-positive lymph-node component " + best + " of the demo prediction"));
    }

    /** Before any work: the folder can be made, and holds nothing but an earlier demo unless --force. */
    private void checkFolder() throws IOException {
        OutputTransaction.checkFolderCanHoldResult(out, "--out");
        if (force || !Files.isDirectory(out)) return;
        try (Stream<Path> entries = Files.list(out)) {
            List<String> foreign = entries.map(p -> p.getFileName().toString())
                    .filter(n -> !DEMO_ENTRIES.contains(n) && !OutputTransaction.isTemporary(n)).sorted().toList();
            if (!foreign.isEmpty()) {
                throw new InputException("--out " + out + ": the folder holds files that are not a demo's (" + String.join(", ",
                        foreign.subList(0, Math.min(3, foreign.size()))) + (foreign.size() > 3 ? ", …" : "")
                        + "); choose a new or empty folder, or pass --force to write the demo there (its own files are replaced, others kept)");
            }
        }
    }

    private static double lap(long since) {
        return Math.round((System.nanoTime() - since) / 1e8) / 10.0;
    }

    private static int[] toInts(FloatTensor t) {
        float[] v = t.data();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (int) v[i];
        return out;
    }

    /** Dice of label {@code l} between prediction and truth; NaN when both are empty. */
    static double dice(FloatTensor prediction, FloatTensor truth, int l) {
        float[] p = prediction.data(), g = truth.data();
        long both = 0, np = 0, ng = 0;
        for (int i = 0; i < p.length; i++) {
            boolean a = p[i] == l, b = g[i] == l;
            if (a) np++;
            if (b) ng++;
            if (a && b) both++;
        }
        return np + ng == 0 ? Double.NaN : 2.0 * both / (np + ng);
    }
}

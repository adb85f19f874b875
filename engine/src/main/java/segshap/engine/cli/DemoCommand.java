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

/** {@code segshap demo}: phantom CT → embedded model → prediction → explanation of the spleen. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs segshap end to end on a synthetic whole-body CT phantom with the embedded demo model (CPU).", "",
                "Writes the CT, its TotalSegmentator-style organ map, the ground truth, the prediction, the ROI (largest",
                "predicted spleen component) and its explanation with organ units, then prints where everything is.", "",
                "Examples:",
                "  segshap demo                      (seed 7, 60×192×192 at 5×2×2 mm, into ./segshap-demo)",
                "  segshap demo --seed 11 --out d2   (another patient)", ""})
final class DemoCommand implements Callable<Integer> {
    /** The spleen label of the demo model's dataset.json. */
    private static final int SPLEEN = Phantom.GT_SPLEEN;
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
            description = "Organ units are built inside the ROI box grown by MM millimetres. (default: ${DEFAULT-VALUE})")
    Double unitMargin;

    @Mixin CacheOptions cache;
    @Option(names = "--force",
            description = "Also write into a non-empty folder that holds files other than a demo's; the demo's files there are replaced, others kept.")
    boolean force;

    @Mixin RuntimeOptions runtime;

    @ParentCommand SegshapCommand root;

    @Spec CommandSpec spec;

    /** What a demo folder holds; a folder holding only these (or less) is an earlier demo, replaced without --force. */
    static final Set<String> DEMO_ENTRIES = Set.of("ct.nii.gz", "organs.nii.gz", "organs.tsv", "ground_truth.nii.gz",
            "prediction.nii.gz", "roi.nii.gz", "summary.json", "model", "explanation");

    @Override
    public Integer call() throws IOException {
        PhantomGrid phantomGrid = switch (grid.trim().toLowerCase(Locale.ROOT)) {
            case "demo" -> PhantomGrid.DEMO;
            case "paper" -> PhantomGrid.PAPER;
            default -> throw new InputException("--grid '" + grid + "': expected demo or paper");
        };
        BudgetSpec budgetSpec = BudgetSpec.parse(budget, BudgetSpec.DEFAULT_MAX_BUDGET, "--budget");
        OptionChecks.finiteAtLeast("--unit-margin", unitMargin, 0, "mm");
        JobRuntime jobRuntime = runtime.jobRuntime();
        checkFolder();
        // summary.json marks a complete demo: an earlier one goes first, so an interrupted run cannot look complete
        Files.createDirectories(out);
        Files.deleteIfExists(out.resolve(SUMMARY));
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

        Roi roi = Roi.largestComponent(new LabelMap(ct.shapeZyx(), toInts(seg)), SPLEEN, "the demo prediction");
        Path roiFile = out.resolve("roi.nii.gz");
        byte[] mask = roi.maskOverGrid();
        float[] m = new float[mask.length];
        for (int i = 0; i < m.length; i++) m[i] = mask[i];
        NiftiWriter.write(roiFile, ct.withData(new FloatTensor(ct.shapeZyx(), m), NiftiDataType.UINT8));
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
            JobSpec job = cache.apply(CliJobs.build(b).withRuntime(jobRuntime));
            // the demo owns its explanation folder: whatever is there is replaced
            ExplanationFolder explanationDir = ExplanationFolder.inspect(out.resolve("explanation"), "--out", true);
            try (Explainer explainer = Explainer.start(job.runtime())) {
                ExplanationJob run = CliSessions.prepare(explainer, job);
                Explanation e = run.evaluate(run.explain());
                ExplanationReport evaluated = e.report();
                ExplanationWriter.write(e, explanationDir, root.opener());
                CliSessions.summarise(evaluated, run.setup().inputs().warnings());
                summary.put("units", run.setup().units().partition().unitCount());
                summary.put("players", run.setup().units().players().length);
                summary.put("coalitions", evaluated.sampling().evaluations());
                summary.put("tileForwards", evaluated.cache().tileForwards());
                summary.put("tileForwardsWithoutCache", evaluated.cache().tileForwardsWithoutCache());
            }
            seconds.put("explanation", lap(t));
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
        return ExitCode.OK;
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

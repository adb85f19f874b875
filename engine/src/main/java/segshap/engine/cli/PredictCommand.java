package segshap.engine.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import segshap.engine.explain.HounsfieldCheck;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import segshap.engine.output.OutputTransaction;
import segshap.engine.output.ProtectedInputs;
import segshap.kernels.InputException;
import segshap.kernels.backend.ForwardBackend;
import segshap.kernels.cpu.CpuBackends;
import segshap.protocol.job.JobRuntime;
import segshap.kernels.model.NnunetModel;
import segshap.kernels.nifti.NiftiImage;
import segshap.kernels.nifti.NiftiReader;
import segshap.kernels.nifti.NiftiWriter;
import segshap.kernels.predict.NnunetPredictor;
import segshap.kernels.preprocess.Export;
import segshap.kernels.preprocess.PreprocessedCase;
import segshap.kernels.tensor.FloatTensor;
import segshap.kernels.tensor.Npy;
import segshap.kernels.window.AccumulationMode;

/** {@code segshap predict}: nnU-Net v2 inference on the CPU. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Segments a CT with an nnU-Net v2 model on the CPU, exactly as nnU-Net does (mirroring off).", "",
                "Examples:",
                "  segshap predict -m Dataset001/nnUNetTrainer__nnUNetPlans__3d_fullres -i ct.nii.gz -o seg.nii.gz",
                "      (all folds found in the model folder, logits averaged)",
                "  segshap predict -m MODEL -f 0 -i ct.nii.gz -o seg.nii.gz --logits logits.npy",
                "      (fold 0 only; also writes the logits on the network grid)",
                "  segshap predict -m MODEL -i case_0000.nii.gz -o predictions/",
                "      (writes predictions/case.nii.gz, as nnU-Net names it)", ""})
final class PredictCommand implements Callable<Integer> {
    /** nnU-Net's channel suffix of input file names ({@code case_0000.nii.gz}), dropped from output names. */
    private static final Pattern CHANNEL_SUFFIX = Pattern.compile("_\\d{4}$");

    @Mixin ModelOptions model;

    @Option(names = {"-i", "--input"}, paramLabel = "CT", required = true,
            description = "CT image (.nii or .nii.gz, Hounsfield units).")
    Path input;

    @Option(names = {"-o", "--output"}, paramLabel = "SEG|DIR", required = true,
            description = "Segmentation to write: labels of dataset.json in the CT's geometry. A name ending in .nii.gz or .nii is the file; "
                    + "anything else (e.g. out/) is a folder, created if missing, that receives <case>.nii.gz as nnU-Net names it "
                    + "(input_0000.nii.gz gives input.nii.gz).")
    String output;

    @Option(names = "--logits", paramLabel = "FILE.npy",
            description = "Also write the fused logits, float32 (classes, z, y, x) on nnU-Net's preprocessed grid.")
    Path logits;

    @Option(names = "--probabilities", paramLabel = "FILE.npy",
            description = "Also write softmax probabilities, float32 (classes, z, y, x) in the CT's array order.")
    Path probabilities;

    @Option(names = "--nnunet-fp16-accumulation",
            description = "Accumulate tiles in float16 as nnU-Net does (bit-level parity with its output); default float32.")
    boolean fp16;

    @Option(names = "--mirror", description = "Test-time mirroring over the checkpoint's axes (8× slower; nnU-Net's default).")
    boolean mirror;

    @Mixin RuntimeOptions runtime;

    @ParentCommand SegshapCommand root;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        JobRuntime r = runtime.jobRuntime(); // every option checked before any file is read
        Path segmentation = segmentationFile();
        if (isFolder(output)) OutputTransaction.checkFolderCanHoldResult(segmentation.getParent(), "--output");
        else checkWritable(segmentation, "--output");
        if (logits != null) checkWritable(logits, "--logits");
        if (probabilities != null) checkWritable(probabilities, "--probabilities");
        checkDistinct(segmentation);
        ProtectedInputs inputs = ProtectedInputs.builder().file("-i", input).modelFolder("-m", model.folder()).build();
        inputs.checkNotOverwritten("--output", List.of(segmentation));
        if (logits != null) inputs.checkNotOverwritten("--logits", List.of(logits));
        if (probabilities != null) inputs.checkNotOverwritten("--probabilities", List.of(probabilities));
        long t0 = System.nanoTime();
        NiftiImage ct = NiftiReader.read(input);
        HounsfieldCheck.warning(ct, input).ifPresent(w -> System.err.println("segshap: warning: " + w));
        NnunetModel m = model.load();
        m.warnings().forEach(w -> System.err.println("segshap: warning: " + w));
        NnunetPredictor.Options options = new NnunetPredictor.Options(runtime.tilesPerBatch(), mirror,
                fp16 ? AccumulationMode.NNUNET_FLOAT16 : AccumulationMode.FLOAT32);
        try (ForwardBackend backend = CpuBackends.forModel(m, r.threads(), r.memoryBudgetBytes())) {
            NnunetPredictor predictor = NnunetPredictor.open(m, backend, options);
            PreprocessedCase c = predictor.preprocess(ct, input.toString());
            ProgressBar bar = new ProgressBar(System.err, "tiles");
            FloatTensor z = predictor.predictLogits(c, (done, total) -> bar.update(done, total, ""));
            Export.Prediction p = predictor.export(z, c, probabilities != null);
            NiftiImage seg = predictor.segmentationImage(ct, p.segmentationZyx());
            try (OutputTransaction tx = new OutputTransaction(root.opener())) {
                if (logits != null) tx.write(logits, out -> Npy.writeFloat32(out, z));
                if (probabilities != null) tx.write(probabilities, out -> Npy.writeFloat32(out, p.probabilitiesCzyx()));
                tx.write(segmentation, out -> NiftiWriter.write(out, segmentation.getFileName().toString().endsWith(".gz"),
                        segmentation.toString(), seg));
                for (Path f : tx.commit(List.of())) spec.commandLine().getOut().println(f);
            }
        }
        System.err.printf(Locale.ROOT, "segshap: predicted %s in %.1f s%n", input.getFileName(), (System.nanoTime() - t0) / 1e9);
        return ExitCode.OK;
    }

    /** The segmentation's path: {@code -o} itself, or {@code <case>.nii.gz} inside the folder it names. */
    Path segmentationFile() {
        if (!isFolder(output)) return Path.of(output);
        String name = input.getFileName().toString();
        String base = name.endsWith(".nii.gz") ? name.substring(0, name.length() - 7)
                : name.endsWith(".nii") ? name.substring(0, name.length() - 4) : name;
        return Path.of(output).resolve(CHANNEL_SUFFIX.matcher(base).replaceFirst("") + ".nii.gz");
    }

    /** nnU-Net's {@code -o} is a folder; ours is a file only when named like a NIfTI and not an existing folder. */
    private static boolean isFolder(String output) {
        String lower = output.toLowerCase(Locale.ROOT);
        return output.endsWith("/") || output.endsWith(File.separator) || Files.isDirectory(Path.of(output))
                || !(lower.endsWith(".nii.gz") || lower.endsWith(".nii"));
    }

    private void checkDistinct(Path segmentation) {
        Path seg = segmentation.toAbsolutePath().normalize();
        Path l = logits == null ? null : logits.toAbsolutePath().normalize();
        Path pr = probabilities == null ? null : probabilities.toAbsolutePath().normalize();
        if (seg.equals(l) || seg.equals(pr)) {
            throw new InputException("--output " + segmentation + " is also named by " + (seg.equals(l) ? "--logits" : "--probabilities")
                    + "; give each output its own file");
        }
        if (l != null && l.equals(pr)) throw new InputException("--logits and --probabilities both name " + logits + "; give each its own file");
    }

    /** Fails before any computation when an output cannot be written. */
    static void checkWritable(Path file, String option) {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new InputException(option + " " + file + ": folder " + dir + " does not exist");
        }
        if (!Files.isWritable(dir) || (Files.exists(file) && !Files.isWritable(file))) {
            throw new InputException(option + " " + file + ": not writable");
        }
    }
}

package segshap.engine.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import segshap.engine.explain.HounsfieldCheck;
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
                "      (fold 0 only; also writes the logits on the network grid)", ""})
final class PredictCommand implements Callable<Integer> {
    @Mixin ModelOptions model;

    @Option(names = {"-i", "--input"}, paramLabel = "CT", required = true,
            description = "CT image (.nii or .nii.gz, Hounsfield units).")
    Path input;

    @Option(names = {"-o", "--output"}, paramLabel = "SEG", required = true,
            description = "Segmentation to write (.nii.gz): labels of dataset.json in the CT's geometry.")
    Path output;

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

    @Override
    public Integer call() throws IOException {
        JobRuntime r = runtime.jobRuntime(); // every option checked before any file is read
        checkWritable(output, "--output");
        if (logits != null) checkWritable(logits, "--logits");
        if (probabilities != null) checkWritable(probabilities, "--probabilities");
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
            NiftiWriter.write(output, predictor.segmentationImage(ct, p.segmentationZyx()));
            System.out.println(output);
            if (logits != null) {
                Npy.writeFloat32(logits, z);
                System.out.println(logits);
            }
            if (probabilities != null) {
                Npy.writeFloat32(probabilities, p.probabilitiesCzyx());
                System.out.println(probabilities);
            }
        }
        System.err.printf(Locale.ROOT, "segshap: predicted %s in %.1f s%n", input.getFileName(), (System.nanoTime() - t0) / 1e9);
        return ExitCode.OK;
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

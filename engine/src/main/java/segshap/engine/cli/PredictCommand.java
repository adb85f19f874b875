package segshap.engine.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import segshap.engine.explain.HounsfieldCheck;
import segshap.engine.output.OutputTransaction;
import segshap.engine.output.ProtectedInputs;
import segshap.kernels.InputException;
import segshap.kernels.backend.ForwardBackend;
import segshap.kernels.cpu.CpuBackends;
import segshap.kernels.model.NnunetModel;
import segshap.kernels.nifti.NiftiImage;
import segshap.kernels.nifti.NiftiReader;
import segshap.kernels.nifti.NiftiWriter;
import segshap.kernels.plans.NormalizationScheme;
import segshap.kernels.predict.CaseFiles;
import segshap.kernels.predict.CaseProperties;
import segshap.kernels.predict.NnunetPredictor;
import segshap.kernels.preprocess.Export;
import segshap.kernels.preprocess.PreprocessedCase;
import segshap.kernels.tensor.FloatTensor;
import segshap.kernels.tensor.Npy;
import segshap.kernels.tensor.Npz;
import segshap.kernels.window.AccumulationMode;
import segshap.protocol.job.JobRuntime;

/**
 * {@code segshap predict}: nnU-Net v2 inference on the CPU, for one case or a folder of cases as
 * {@code nnUNetv2_predict} takes them. Each case's files are one {@link OutputTransaction}: a case is written whole
 * or not at all, and when a case fails the cases before it stay complete and the ones after it are not started.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Segments CT images with an nnU-Net v2 model on the CPU, exactly as nnU-Net does (mirroring off).", "",
                "Examples:",
                "  segshap predict -m Dataset001/nnUNetTrainer__nnUNetPlans__3d_fullres -i ct.nii.gz -o seg.nii.gz",
                "      (all folds found in the model folder, logits averaged)",
                "  segshap predict -m MODEL -f 0 -i ct.nii.gz -o seg.nii.gz --logits logits.npy",
                "      (fold 0 only; also writes the logits on the network grid)",
                "  segshap predict -m MODEL -i case_0000.nii.gz -o predictions/",
                "      (writes predictions/case.nii.gz, as nnU-Net names it)",
                "  segshap predict -m MODEL -i imagesTs/ -o predictions/ --save-probabilities",
                "      (every case of the folder, as nnUNetv2_predict: predictions/<case>.nii.gz, <case>.npz, <case>.pkl)",
                "  segshap predict -d 17 -c 3d_fullres -f 0 1 2 3 4 -i imagesTs/ -o predictions/ --save_probabilities",
                "      (the model named as nnUNetv2_predict names it, under $nnUNet_results)", ""})
final class PredictCommand implements Callable<Integer> {
    /** nnU-Net's channel suffix of input file names ({@code case_0000.nii.gz}), dropped from output names. */
    private static final Pattern CHANNEL_SUFFIX = Pattern.compile("_\\d{4}$");
    /** Tolerance (mm) for channels on "the same grid": header floats are written with ~1e-6 relative noise. */
    private static final double SAME_GRID_TOL_MM = 1e-3;

    @Mixin ModelOptions model;

    @Option(names = {"-i", "--input"}, paramLabel = "CT|DIR", required = true,
            description = "CT image (.nii or .nii.gz, Hounsfield units); for a model with several input channels one image "
                    + "<case>_XXXX.nii.gz of the case (its other channels are read beside it); or a folder of "
                    + "<case>_XXXX<file_ending> images as nnUNetv2_predict -i takes it (files with other endings are ignored).")
    Path input;

    @Option(names = {"-o", "--output"}, paramLabel = "SEG|DIR", required = true,
            description = "Segmentation to write: labels of dataset.json in the CT's geometry. A name ending in .nii.gz or .nii is the file; "
                    + "anything else (e.g. out/) is a folder, created if missing, that receives <case>.nii.gz as nnU-Net names it "
                    + "(input_0000.nii.gz gives input.nii.gz). With a folder -i it must be a folder and receives "
                    + "<case><file_ending> per case. Existing outputs are replaced.")
    String output;

    @Option(names = "--logits", paramLabel = "FILE.npy",
            description = "Also write the fused logits, float32 (classes, z, y, x) on nnU-Net's preprocessed grid (one case only).")
    Path logits;

    @Option(names = "--probabilities", paramLabel = "FILE.npy",
            description = "Also write softmax probabilities, float32 (classes, z, y, x) in the CT's array order (one case only).")
    Path probabilities;

    @Option(names = {"--save-probabilities", "--save_probabilities"},
            description = "Also write nnU-Net's <case>.npz (softmax probabilities, float32 (classes, z, y, x) in the image's "
                    + "array order) and <case>.pkl (the case's properties: geometry, crop box, shapes) beside each segmentation, "
                    + "as nnUNetv2_predict --save_probabilities does.")
    boolean saveProbabilities;

    @Option(names = "--nnunet-fp16-accumulation",
            description = "Accumulate tiles in float16 as nnU-Net does (bit-level parity with its output); default float32.")
    boolean fp16;

    @Option(names = "--mirror", description = "Test-time mirroring over the checkpoint's axes (8× slower; nnU-Net's default).")
    boolean mirror;

    @Mixin RuntimeOptions runtime;

    @ParentCommand SegshapCommand root;

    @Spec CommandSpec spec;

    /** Where one case's results go; {@code null} for a file not asked for. The segmentation is written last. */
    private record CaseOutputs(Path segmentation, Path logits, Path probabilities, Path npz, Path pkl) {}

    @Override
    public Integer call() throws IOException {
        JobRuntime r = runtime.jobRuntime(); // every option checked before any file is read
        boolean isFolderInput = Files.isDirectory(input);
        if (isFolderInput) checkFolderOutput();
        else checkSingleCaseOutputs();
        long t0 = System.nanoTime();
        NnunetModel m = model.load();
        m.warnings().forEach(w -> System.err.println("segshap: warning: " + w));
        // every case's files are found and checked before the first prediction starts
        List<CaseFiles> cases = isFolderInput ? CaseFiles.listFolder(input, m.dataset()) : List.of(CaseFiles.ofFile(input, m.dataset()));
        List<CaseOutputs> outputs = new ArrayList<>();
        for (CaseFiles c : cases) outputs.add(isFolderInput ? folderOutputs(c, m.dataset().fileEnding()) : singleCaseOutputs());
        refuseOverwritingInputs(cases, outputs);

        NnunetPredictor.Options options = new NnunetPredictor.Options(runtime.tilesPerBatch(), mirror,
                fp16 ? AccumulationMode.NNUNET_FLOAT16 : AccumulationMode.FLOAT32);
        try (ForwardBackend backend = CpuBackends.forModel(m, r.threads(), r.memoryBudgetBytes())) {
            NnunetPredictor predictor = NnunetPredictor.open(m, backend, options);
            for (int i = 0; i < cases.size(); i++) {
                CaseFiles c = cases.get(i);
                if (isFolderInput) {
                    System.err.printf(Locale.ROOT, "segshap: case %d/%d %s (%s)%n", i + 1, cases.size(), c.caseId(), fileNames(c));
                }
                try {
                    predictCase(predictor, c, outputs.get(i));
                } catch (IOException | RuntimeException | Error e) {
                    if (isFolderInput) reportStop(cases, i);
                    throw e;
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (isFolderInput) System.err.printf(Locale.ROOT, "segshap: predicted %d case(s) of %s in %.1f s%n", cases.size(), input, seconds);
        else System.err.printf(Locale.ROOT, "segshap: predicted %s in %.1f s%n", input.getFileName(), seconds);
        return ExitCode.OK;
    }

    /** Reads, preprocesses, predicts and exports one case, then writes its files as one transaction. */
    private void predictCase(NnunetPredictor predictor, CaseFiles c, CaseOutputs out) throws IOException {
        NnunetModel m = predictor.model();
        List<NiftiImage> images = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Path f : c.channelFiles()) {
            images.add(NiftiReader.read(f));
            names.add(f.toString());
        }
        warnAboutIntensitiesAndGeometry(m, c, images);
        PreprocessedCase pc = predictor.preprocess(images, names);
        ProgressBar bar = new ProgressBar(System.err, "tiles");
        FloatTensor z = predictor.predictLogits(pc, (done, total) -> bar.update(done, total, ""));
        Export.Prediction p = predictor.export(z, pc, out.probabilities() != null || out.npz() != null);
        NiftiImage seg = predictor.segmentationImage(images.get(0), p.segmentationZyx());
        CaseProperties properties = out.pkl() == null ? null : CaseProperties.of(images.get(0), pc);
        Path s = out.segmentation();
        try (OutputTransaction tx = new OutputTransaction(root.opener())) {
            if (out.logits() != null) tx.write(out.logits(), o -> Npy.writeFloat32(o, z));
            if (out.probabilities() != null) tx.write(out.probabilities(), o -> Npy.writeFloat32(o, p.probabilitiesCzyx()));
            if (out.npz() != null) tx.write(out.npz(), o -> Npz.writeFloat32(o, "probabilities", p.probabilitiesCzyx()));
            if (properties != null) tx.write(out.pkl(), properties::writePickle);
            // last: a case whose segmentation is there is complete
            tx.write(s, o -> NiftiWriter.write(o, s.getFileName().toString().endsWith(".gz"), s.toString(), seg));
            for (Path f : tx.commit(List.of())) spec.commandLine().getOut().println(f);
        }
    }

    /** The HU check for channels the plans normalise as CT; a warning for channels whose origin or direction differ. */
    private static void warnAboutIntensitiesAndGeometry(NnunetModel m, CaseFiles c, List<NiftiImage> images) {
        List<NormalizationScheme> schemes = m.plan().normalization();
        for (int ch = 0; ch < images.size(); ch++) {
            if (schemes.get(ch) == NormalizationScheme.CT) {
                HounsfieldCheck.warning(images.get(ch), c.channelFiles().get(ch)).ifPresent(w -> System.err.println("segshap: warning: " + w));
            }
        }
        NiftiImage first = images.get(0);
        for (int ch = 1; ch < images.size(); ch++) {
            NiftiImage other = images.get(ch);
            boolean sameShapeAndSpacing = Arrays.equals(other.shapeZyx(), first.shapeZyx())
                    && Arrays.equals(other.spacingZyxMm(), first.spacingZyxMm());
            // a different shape or spacing is refused by preprocess; origin and direction only warn, as in nnU-Net
            if (sameShapeAndSpacing && !other.sameGridAs(first, SAME_GRID_TOL_MM)) {
                System.err.println("segshap: warning: " + c.channelFiles().get(ch) + ": origin or direction differ from "
                        + c.channelFiles().get(0) + " (same shape and spacing); the voxel arrays are combined as they are, as "
                        + "nnU-Net does: check that the images are registered");
            }
        }
    }

    /** Says where a folder run stopped; the error itself follows from the error handler. */
    private void reportStop(List<CaseFiles> cases, int failed) {
        int after = cases.size() - failed - 1;
        System.err.printf(Locale.ROOT, "segshap: stopped at case %s (%d of %d): %d case(s) before it are complete in %s, "
                        + "%d after it were not predicted%n", cases.get(failed).caseId(), failed + 1, cases.size(), failed,
                output, after);
    }

    private static String fileNames(CaseFiles c) {
        List<String> names = new ArrayList<>();
        for (Path f : c.channelFiles()) names.add(f.getFileName().toString());
        return String.join(", ", names);
    }

    // ---------------------------------------------------------------- outputs

    /** The segmentation's path: {@code -o} itself, or {@code <case>.nii.gz} inside the folder it names. */
    Path segmentationFile() {
        if (!isFolder(output)) return Path.of(output);
        String base = withoutNiftiEnding(input.getFileName().toString());
        return Path.of(output).resolve(CHANNEL_SUFFIX.matcher(base).replaceFirst("") + ".nii.gz");
    }

    private static String withoutNiftiEnding(String name) {
        return name.endsWith(".nii.gz") ? name.substring(0, name.length() - 7)
                : name.endsWith(".nii") ? name.substring(0, name.length() - 4) : name;
    }

    /** The segmentation and, beside it, nnU-Net's {@code <output_file_truncated>.npz/.pkl}: {@code seg.nii.gz} → {@code seg.npz}. */
    private CaseOutputs singleCaseOutputs() {
        Path seg = segmentationFile();
        String truncated = withoutNiftiEnding(seg.getFileName().toString());
        return new CaseOutputs(seg, logits, probabilities, saveProbabilities ? seg.resolveSibling(truncated + ".npz") : null,
                saveProbabilities ? seg.resolveSibling(truncated + ".pkl") : null);
    }

    private CaseOutputs folderOutputs(CaseFiles c, String fileEnding) {
        Path dir = Path.of(output);
        return new CaseOutputs(dir.resolve(c.caseId() + fileEnding), null, null,
                saveProbabilities ? dir.resolve(c.caseId() + ".npz") : null, saveProbabilities ? dir.resolve(c.caseId() + ".pkl") : null);
    }

    /** Fails before any computation when an output of the one case cannot be written or two outputs share a name. */
    private void checkSingleCaseOutputs() {
        CaseOutputs out = singleCaseOutputs();
        if (isFolder(output)) {
            OutputTransaction.checkFolderCanHoldResult(out.segmentation().getParent(), "--output");
        } else {
            checkWritable(out.segmentation(), "--output");
            if (out.npz() != null) checkWritable(out.npz(), "--save-probabilities");
            if (out.pkl() != null) checkWritable(out.pkl(), "--save-probabilities");
        }
        if (logits != null) checkWritable(logits, "--logits");
        if (probabilities != null) checkWritable(probabilities, "--probabilities");
        Map<Path, String> named = new LinkedHashMap<>();
        name(named, out.segmentation(), "--output");
        name(named, logits, "--logits");
        name(named, probabilities, "--probabilities");
        name(named, out.npz(), "--save-probabilities");
        name(named, out.pkl(), "--save-probabilities");
    }

    private static void name(Map<Path, String> named, Path file, String option) {
        if (file == null) return;
        String earlier = named.putIfAbsent(file.toAbsolutePath().normalize(), option);
        if (earlier != null) throw new InputException(earlier + " " + file + " is also named by " + option + "; give each output its own file");
    }

    /** With a folder {@code -i}, {@code -o} is a folder that can be created, not the input folder, and one-case options are refused. */
    private void checkFolderOutput() {
        if (logits != null || probabilities != null) {
            throw new InputException((logits != null ? "--logits" : "--probabilities") + " writes one file for one case, but -i "
                    + input + " is a folder of cases; use --save-probabilities to write each case's <case>.npz (probabilities) "
                    + "and <case>.pkl beside its segmentation");
        }
        if (!isFolder(output)) {
            throw new InputException("--output " + output + ": -i " + input + " is a folder of cases, so -o must be a folder "
                    + "(it receives one <case>.nii.gz per case, as nnU-Net names them); name a folder, e.g. predictions/");
        }
        Path dir = Path.of(output);
        OutputTransaction.checkFolderCanHoldResult(dir, "--output");
        if (Files.isDirectory(dir) && isSameFile(dir, input)) {
            throw new InputException("--output " + output + " is the input folder -i " + input + "; write the predictions to "
                    + "another folder (a <case>.nii.gz among the <case>_XXXX images would not follow nnU-Net's input naming)");
        }
    }

    /** Every output against every channel file and the model folder (symbolic and hard links seen through). */
    private void refuseOverwritingInputs(List<CaseFiles> cases, List<CaseOutputs> outputs) {
        ProtectedInputs.Builder b = ProtectedInputs.builder();
        for (CaseFiles c : cases) for (Path f : c.channelFiles()) b.file("-i", f);
        ProtectedInputs inputs = b.modelFolder("-m", model.folder()).build();
        List<Path> segmentations = new ArrayList<>();
        List<Path> nnunetFiles = new ArrayList<>();
        for (CaseOutputs o : outputs) {
            segmentations.add(o.segmentation());
            if (o.npz() != null) nnunetFiles.add(o.npz());
            if (o.pkl() != null) nnunetFiles.add(o.pkl());
        }
        inputs.checkNotOverwritten("--output", segmentations);
        inputs.checkNotOverwritten("--save-probabilities", nnunetFiles);
        if (logits != null) inputs.checkNotOverwritten("--logits", List.of(logits));
        if (probabilities != null) inputs.checkNotOverwritten("--probabilities", List.of(probabilities));
    }

    private static boolean isSameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException unreadable) {
            return false; // listing the input folder reports the real problem
        }
    }

    /** nnU-Net's {@code -o} is a folder; ours is a file only when named like a NIfTI and not an existing folder. */
    private static boolean isFolder(String output) {
        String lower = output.toLowerCase(Locale.ROOT);
        return output.endsWith("/") || output.endsWith(File.separator) || Files.isDirectory(Path.of(output))
                || !(lower.endsWith(".nii.gz") || lower.endsWith(".nii"));
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

package segshap.engine.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import segshap.kernels.InputException;
import segshap.kernels.model.NnunetModel;
import segshap.kernels.nifti.NiftiReader;
import segshap.protocol.job.JobRoi;
import segshap.protocol.job.JobSpec;

/**
 * nnU-Net's way of naming a model ({@code -d -c -tr -p -f 0 1 -chk}) and labels by name ({@code --target organA}),
 * on an {@code $nnUNet_results} tree with two trainers and two folds.
 */
class NnunetModelNamingTest {
    static final Path MODEL = Path.of(PredictCommandTest.MODEL);

    @TempDir Path tmp;

    /** results/Dataset901_TinyCT: nnUNetTrainer with fold_0, fold_1 (+ checkpoint_best.pth) and a second trainer with fold_3. */
    private Path results() throws IOException {
        Path results = tmp.resolve("nnUNet_results");
        Path plain = copy(MODEL, results.resolve("Dataset901_TinyCT/nnUNetTrainer__nnUNetPlans__3d_fullres"), "fold_0", "fold_1");
        Files.copy(plain.resolve("fold_0/checkpoint_final.pth"), plain.resolve("fold_1/checkpoint_best.pth"));
        copy(MODEL, results.resolve("Dataset901_TinyCT/nnUNetTrainer_250epochs__nnUNetPlans__3d_fullres"), "fold_3");
        return results;
    }

    private static Path copy(Path model, Path to, String... folds) throws IOException {
        Files.createDirectories(to);
        Files.copy(model.resolve("plans.json"), to.resolve("plans.json"));
        Files.copy(model.resolve("dataset.json"), to.resolve("dataset.json"));
        for (String f : folds) {
            Files.createDirectories(to.resolve(f));
            Files.copy(model.resolve("fold_0/checkpoint_final.pth"), to.resolve(f).resolve("checkpoint_final.pth"));
        }
        return to;
    }

    private static ModelOptions parse(String... args) {
        PredictCommand predict = new PredictCommand();
        new CommandLine(predict).parseArgs(args);
        return predict.model;
    }

    private static List<String> sources(NnunetModel m) {
        return m.foldWeights().stream().map(w -> Path.of(w.source()).getParent().getParent().getFileName() + "/"
                + Path.of(w.source()).getParent().getFileName() + "/" + Path.of(w.source()).getFileName()).toList();
    }

    @Test
    void datasetConfigurationTrainerAndFoldsAsNnunetWritesThem() throws IOException {
        String r = results().toString();
        ModelOptions byId = parse("--nnunet-results", r, "-d", "901", "-c", "3d_fullres", "-f", "0", "1", "-i", "ct", "-o", "o/");
        assertEquals(List.of("nnUNetTrainer__nnUNetPlans__3d_fullres/fold_0/checkpoint_final.pth",
                "nnUNetTrainer__nnUNetPlans__3d_fullres/fold_1/checkpoint_final.pth"), sources(byId.load()));
        ModelOptions byName = parse("--nnunet-results", r, "-d", "Dataset901_TinyCT", "-c", "3d_fullres",
                "-tr", "nnUNetTrainer_250epochs", "-p", "nnUNetPlans", "-i", "ct", "-o", "o/");
        assertEquals(List.of("nnUNetTrainer_250epochs__nnUNetPlans__3d_fullres/fold_3/checkpoint_final.pth"), sources(byName.load()));
        ModelOptions commas = parse("--nnunet-results", r, "-d", "901", "-c", "3d_fullres", "-f", "1,0", "-i", "ct", "-o", "o/");
        assertEquals(List.of("fold_1", "fold_0"), commas.load().foldNames());
    }

    @Test
    void checkpointBestIsLoadedFromTheFoldsThatHoldIt() throws IOException {
        String r = results().toString();
        ModelOptions best = parse("--nnunet-results", r, "-d", "901", "-c", "3d_fullres", "-chk", "checkpoint_best.pth", "-i", "ct", "-o", "o/");
        assertEquals(List.of("nnUNetTrainer__nnUNetPlans__3d_fullres/fold_1/checkpoint_best.pth"), sources(best.load()));
        ModelOptions missing = parse("--nnunet-results", r, "-d", "901", "-c", "3d_fullres", "-f", "0", "1",
                "-chk", "checkpoint_best.pth", "-i", "ct", "-o", "o/");
        InputException e = assertThrows(InputException.class, missing::load);
        assertTrue(e.getMessage().contains("fold_0/checkpoint_best.pth not found"), e.getMessage());
    }

    @Test
    void predictThroughDatasetNamingEqualsPredictThroughTheFolder() throws IOException {
        String r = results().toString();
        Path a = tmp.resolve("a.nii.gz"), b = tmp.resolve("b.nii.gz");
        CliRun byFolder = CliRun.of("predict", "-m", MODEL.toString(), "-i", PredictCommandTest.CT, "-o", a.toString(), "--threads", "2");
        assertEquals(ExitCode.OK, byFolder.exitCode(), byFolder.err());
        // fold_1 is a copy of fold_0: the two-fold mean equals the one fold exactly
        CliRun byName = CliRun.of("predict", "--nnunet-results", r, "-d", "901", "-c", "3d_fullres", "-f", "0", "1",
                "-i", PredictCommandTest.CT, "-o", b.toString(), "--threads", "2");
        assertEquals(ExitCode.OK, byName.exitCode(), byName.err());
        assertArrayEquals(NiftiReader.read(a).dataZyx().data(), NiftiReader.read(b).dataZyx().data());
    }

    @Test
    void explainTakesTheSameNamingAndLabelsByName() throws IOException {
        String r = results().toString();
        ExplainCommand explain = new ExplainCommand();
        new CommandLine(explain).parseArgs("--nnunet-results", r, "-d", "901", "-c", "3d_fullres", "-f", "0", "1",
                "-chk", "checkpoint_best.pth", "--ct", "ct.nii.gz", "--organs", "organs.nii.gz",
                "--roi-component", "organb@1,2,3", "--target", "organA", "--out", "out");
        JobSpec job = explain.inputs.job(explain.model, explain.method);
        assertEquals(Path.of(r, "Dataset901_TinyCT/nnUNetTrainer__nnUNetPlans__3d_fullres").toString(), job.inputs().model());
        assertEquals(List.of("fold_0", "fold_1"), job.inputs().folds());
        assertEquals("checkpoint_best.pth", job.inputs().checkpoint());
        assertEquals(1, job.values().target());
        JobRoi.Component c = (JobRoi.Component) job.roi();
        assertEquals(2, c.label());
        assertEquals(List.of(1.0, 2.0, 3.0), c.seedWorldMm());
    }

    @Test
    void unknownLabelNamesAndBackgroundAreRefusedWithTheLabels() {
        ModelOptions m = parse("-m", MODEL.toString(), "-i", "ct", "-o", "o/");
        InputException unknown = assertThrows(InputException.class,
                () -> ExplainCommand.InputOptions.labelValue("spleen", m, "--target"));
        assertTrue(unknown.getMessage().contains("--target spleen") && unknown.getMessage().contains("organA (1), organB (2)"),
                unknown.getMessage());
        InputException bg = assertThrows(InputException.class,
                () -> ExplainCommand.InputOptions.labelValue("background", m, "--roi-component"));
        assertTrue(bg.getMessage().contains("foreground"), bg.getMessage());
        assertEquals(2, ExplainCommand.InputOptions.labelValue("2", m, "--target"));
    }

    @Test
    void conflictingOrIncompleteNamingIsAnInputError() throws IOException {
        String r = results().toString();
        CliRun both = CliRun.of("predict", "-m", MODEL.toString(), "-d", "901", "-c", "3d_fullres", "--nnunet-results", r,
                "-i", PredictCommandTest.CT, "-o", tmp.resolve("s.nii.gz").toString());
        assertEquals(ExitCode.INVALID_INPUT, both.exitCode());
        assertTrue(both.err().contains("both name a model"), both.err());
        CliRun noConfig = CliRun.of("predict", "-d", "901", "--nnunet-results", r, "-i", PredictCommandTest.CT,
                "-o", tmp.resolve("s.nii.gz").toString());
        assertTrue(noConfig.err().contains("needs -c CONFIG"), noConfig.err());
        CliRun trainerWithFolder = CliRun.of("predict", "-m", MODEL.toString(), "-tr", "nnUNetTrainer", "-i", PredictCommandTest.CT,
                "-o", tmp.resolve("s.nii.gz").toString());
        assertTrue(trainerWithFolder.err().contains("-tr nnUNetTrainer"), trainerWithFolder.err());
        CliRun wrongTrainer = CliRun.of("predict", "-d", "901", "-c", "3d_fullres", "-tr", "nnUNetTrainerDA5", "--nnunet-results", r,
                "-i", PredictCommandTest.CT, "-o", tmp.resolve("s.nii.gz").toString());
        assertEquals(ExitCode.INVALID_INPUT, wrongTrainer.exitCode());
        assertTrue(wrongTrainer.err().contains("nnUNetTrainer_250epochs__nnUNetPlans__3d_fullres"), wrongTrainer.err());
        CliRun none = CliRun.of("predict", "-i", PredictCommandTest.CT, "-o", tmp.resolve("s.nii.gz").toString());
        assertTrue(none.err().contains("-m DIR") && none.err().contains("-d DATASET"), none.err());
        for (CliRun run : List.of(both, noConfig, trainerWithFolder, wrongTrainer, none)) {
            assertEquals(ExitCode.INVALID_INPUT, run.exitCode(), run.err());
            assertFalse(run.err().contains("Exception"), run.err());
        }
        assertFalse(Files.exists(tmp.resolve("s.nii.gz")));
    }

    @Test
    void withoutNnunetResultsTheMessageSaysHowToSetIt() {
        Assumptions.assumeTrue(System.getenv("nnUNet_results") == null, "nnUNet_results is set in this environment");
        ModelOptions m = parse("-d", "901", "-c", "3d_fullres", "-i", "ct", "-o", "o/");
        assertNull(m.results);
        InputException e = assertThrows(InputException.class, m::folder);
        assertTrue(e.getMessage().contains("export nnUNet_results="), e.getMessage());
    }
}

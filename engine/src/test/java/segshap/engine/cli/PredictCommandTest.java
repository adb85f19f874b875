package segshap.engine.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.kernels.nifti.NiftiReader;
import segshap.kernels.tensor.Npy;

class PredictCommandTest {
    static final Path FIXTURES = Path.of("../kernels/src/test/resources/fixtures/nnunet-v2");
    static final String MODEL = FIXTURES.resolve("models/Dataset901_TinyCT/nnUNetTrainer__nnUNetPlans__3d_fullres").toString();
    static final String CT = FIXTURES.resolve("cases/main/input_0000.nii.gz").toString();

    @TempDir Path tmp;

    @Test
    void predictWritesTheSegmentationAndLogitsOfTheFixture() {
        Path seg = tmp.resolve("seg.nii.gz"), logits = tmp.resolve("logits.npy");
        CliRun run = CliRun.of("predict", "-m", MODEL, "-i", CT, "-o", seg.toString(), "--logits", logits.toString(),
                "--threads", "2");
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertArrayEquals(Npy.read(FIXTURES.resolve("cases/main/plain/seg_from_fp32acc_zyx.npy")).data(),
                NiftiReader.read(seg).dataZyx().data());
        assertArrayEquals(new int[] {3, 40, 70, 60}, Npy.read(logits).shape());
    }

    @Test
    void aMissingModelFolderIsAnInputErrorNamingIt() {
        CliRun run = CliRun.of("predict", "-m", tmp.resolve("nope").toString(), "-i", CT, "-o", tmp.resolve("s.nii.gz").toString());
        assertEquals(ExitCode.INVALID_INPUT, run.exitCode());
        assertTrue(run.err().contains("nope") && run.err().contains("not a directory"), run.err());
        assertTrue(!run.err().contains("Exception"), "no stack trace for a user mistake: " + run.err());
    }

    @Test
    void aNonNiftiInputIsAnInputErrorNamingTheFile() throws IOException {
        Path bogus = Files.writeString(tmp.resolve("ct.nii.gz"), "not an image");
        CliRun run = CliRun.of("predict", "-m", MODEL, "-i", bogus.toString(), "-o", tmp.resolve("s.nii.gz").toString());
        assertEquals(ExitCode.INVALID_INPUT, run.exitCode());
        assertTrue(run.err().contains("ct.nii.gz"), run.err());
    }

    @Test
    void anOutputFolderThatDoesNotExistFailsBeforeAnyWork() {
        CliRun run = CliRun.of("predict", "-m", MODEL, "-i", CT, "-o", tmp.resolve("missing/seg.nii.gz").toString());
        assertEquals(ExitCode.INVALID_INPUT, run.exitCode());
        assertTrue(run.err().contains("does not exist"), run.err());
    }

    @Test
    void aBadFoldListIsAnInputError() {
        CliRun run = CliRun.of("predict", "-m", MODEL, "-f", "zero", "-i", CT, "-o", tmp.resolve("s.nii.gz").toString());
        assertEquals(ExitCode.INVALID_INPUT, run.exitCode());
        assertTrue(run.err().contains("--folds") && run.err().contains("zero"), run.err());
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        CliRun run = CliRun.of("predict", "-m", MODEL, "-i", CT, "-o", tmp.resolve("s.nii.gz").toString(), "--bogus");
        assertEquals(ExitCode.INVALID_INPUT, run.exitCode());
        assertTrue(run.err().contains("--bogus"), run.err());
    }
}

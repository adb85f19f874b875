package segshap.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.kernels.nifti.NiftiDataType;
import segshap.kernels.nifti.NiftiImage;
import segshap.kernels.nifti.NiftiReader;
import segshap.kernels.nifti.NiftiWriter;
import segshap.kernels.tensor.FloatTensor;

/** Every user mistake of {@code segshap explain} is exit code 2 with a message naming the file or option. */
class ExplainCommandInputErrorsTest {
    static final String MODEL = PredictCommandTest.MODEL;
    static final String CT = PredictCommandTest.CT;

    @TempDir Path tmp;
    Path organs;

    @BeforeEach
    void organs() throws IOException {
        organs = CliFixture.writeOrgans(tmp.resolve("organs.nii.gz"));
    }

    private CliRun explain(String... extra) {
        List<String> args = new ArrayList<>(List.of("explain", "-m", MODEL, "--ct", CT, "--organs", organs.toString(),
                "--out", tmp.resolve("out").toString(), "--threads", "2"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** Exit 2, the message, no stack trace, and (issue 9, 7b) no output folder left behind. */
    private void assertInputError(CliRun run, String... fragments) {
        assertEquals(ExitCode.INVALID_INPUT, run.exitCode(), run.err());
        for (String f : fragments) assertTrue(run.err().contains(f), "'" + f + "' missing in: " + run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace for a user mistake: " + run.err());
        assertFalse(Files.exists(tmp.resolve("out")), "a refused explain leaves no output folder");
        assertEquals("", run.out(), "nothing on stdout: no result was written");
    }

    private Path mask(int[] shapeZyx, boolean empty) throws IOException {
        NiftiImage ct = NiftiReader.read(Path.of(CT));
        float[] m = new float[shapeZyx[0] * shapeZyx[1] * shapeZyx[2]];
        if (!empty) m[m.length / 2] = 1;
        double[] affine = ct.affine();
        NiftiImage img = new NiftiImage(new int[] {shapeZyx[2], shapeZyx[1], shapeZyx[0]}, affine, ct.pixdimXyz(),
                NiftiDataType.UINT8, new FloatTensor(shapeZyx, m), 1f, 0f);
        Path file = tmp.resolve(empty ? "empty.nii.gz" : "other-grid.nii.gz");
        NiftiWriter.write(file, img);
        return file;
    }

    @Test
    void anEmptyRoiMaskIsRefused() throws IOException {
        assertInputError(explain("--roi", mask(NiftiReader.read(Path.of(CT)).shapeZyx(), true).toString(), "--target", "1"),
                "empty.nii.gz", "empty");
    }

    @Test
    void aRoiMaskOnAnotherGridIsRefused() throws IOException {
        assertInputError(explain("--roi", mask(new int[] {20, 70, 60}, false).toString(), "--target", "1"),
                "other-grid.nii.gz", "not on the CT grid");
    }

    @Test
    void anUnknownTargetNamesTheLabels() {
        assertInputError(explain("--roi-component", "1", "--target", "7"), "--target 7", "dataset.json");
    }

    @Test
    void aSeedOutsideTheVolumeIsRefused() {
        assertInputError(explain("--roi-component", "1@5000,5000,5000", "--target", "1"), "outside");
    }

    @Test
    void aSeedVoxelOutsideTheCtIsRefused() {
        assertInputError(explain("--roi-component", "1@voxel:60,10,10", "--target", "1"), "voxel", "outside");
    }

    @Test
    void aMalformedUnitSpecIsRefused() {
        assertInputError(explain("--roi-component", "1", "--target", "1", "--units", "regular"), "--units", "regular:20");
    }

    @Test
    void aMalformedBudgetIsRefused() {
        assertInputError(explain("--roi-component", "1", "--target", "1", "--budget", "lots"), "--budget", "lots");
    }

    @Test
    void aLabelMapThatDoesNotOverlapTheCtIsRefused() throws IOException {
        NiftiImage ct = NiftiReader.read(Path.of(CT));
        double[] far = ct.affine();
        far[3] += 1e5;
        Path moved = tmp.resolve("moved.nii.gz");
        NiftiWriter.write(moved, new NiftiImage(ct.shapeXyz(), far, ct.pixdimXyz(), NiftiDataType.UINT8,
                NiftiReader.read(organs).dataZyx(), 1f, 0f));
        organs = moved;
        assertInputError(explain("--roi-component", "1", "--target", "1"), "moved.nii.gz", "does not overlap");
    }

    @Test
    void anUnwritableOutputFolderIsRefusedFirst() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        List<String> args = List.of("explain", "-m", MODEL, "--ct", CT, "--organs", organs.toString(), "--roi-component", "1",
                "--target", "1", "--out", file.resolve("sub").toString());
        assertInputError(CliRun.of(args.toArray(String[]::new)), "--out", "cannot create");
    }
}

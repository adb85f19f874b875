package segshap.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.engine.explain.FixtureCase;
import segshap.kernels.tensor.Box;
import segshap.protocol.ReportJson;

/**
 * Issue 9, class 7a: an image that is plausible but cannot be a CT in Hounsfield units (a uint8 label map passed as
 * the CT) is still processed, but with a warning on stderr and, for an explanation, in {@code report.json}; a real
 * CT gets none.
 */
class CtNotInHounsfieldUnitsIsWarnedAboutTest {
    static final String NOT_HU = "cannot be Hounsfield units";

    @TempDir Path tmp;

    @Test
    void predictWarnsAboutALabelMapPassedAsTheCtAndNotAboutTheCt() throws IOException {
        Path labels = FixtureCase.writeOrgans(tmp);
        Path seg = tmp.resolve("seg.nii.gz");
        CliRun run = CliRun.of("predict", "-m", FixtureCase.MODEL.toString(),
                "-i", labels.toString(), "-o", seg.toString(), "--threads", "2");
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertTrue(run.err().contains("segshap: warning: " + labels + ": intensities 0…6 (uint8) " + NOT_HU), run.err());
        assertTrue(Files.isRegularFile(seg), "the image is still segmented");

        CliRun ct = CliRun.of("predict", "-m", FixtureCase.MODEL.toString(),
                "-i", FixtureCase.CT.toString(), "-o", tmp.resolve("ct-seg.nii.gz").toString(), "--threads", "2");
        assertEquals(ExitCode.OK, ct.exitCode(), ct.err());
        assertFalse(ct.err().contains(NOT_HU), ct.err());
    }

    @Test
    void explainRecordsTheWarningInTheReport() throws IOException {
        Path labels = FixtureCase.writeOrgans(tmp);
        Path roi = FixtureCase.writeRoiMask(tmp, new Box(14, 24, 20, 26, 46, 40));
        Path out = tmp.resolve("expl");
        CliRun run = CliRun.of("explain", "-m", FixtureCase.MODEL.toString(),
                "--ct", labels.toString(), "--organs", labels.toString(), "--roi", roi.toString(), "--target", "1",
                "--values", "dice", "--out", out.toString(), "--threads", "2");
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        String warning = ReportJson.read(out.resolve("report.json")).warnings().stream().filter(w -> w.contains(NOT_HU)).findFirst()
                .orElseThrow(() -> new AssertionError("no HU warning in report.json"));
        assertTrue(warning.startsWith(labels.toAbsolutePath().normalize().toString()) || warning.startsWith(labels.toString()), warning);
        assertEquals(1, run.err().lines().filter(l -> l.contains(NOT_HU)).count(), "printed once: " + run.err());
    }
}

package segshap.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, class 1: a disk that fills up while a result is written leaves the earlier result byte for byte (or
 * nothing, in a new folder), and the error is one line naming the file and the OS reason, exit 1. The full disk
 * is a {@link FaultyDisk} channel that fails like ENOSPC does; interruptions are {@link InterruptedWriteTest}.
 */
class OutputsAreWrittenSafelyTest {
    @TempDir Path tmp;
    Path organs;

    @BeforeEach
    void organs() throws IOException {
        organs = CliFixture.writeOrgans(tmp.resolve("in/organs.nii.gz"));
    }

    private static void assertDiskFull(CliRun run, Path file) {
        assertEquals(ExitCode.COMPUTATION_FAILED, run.exitCode(), run.both());
        assertTrue(run.err().contains("segshap: error: cannot write " + file + ": " + FaultyDisk.ENOSPC + "\n"), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace without --verbose: " + run.err());
        assertEquals("", run.out(), "no result is announced");
    }

    @Test
    void aFullDiskWhileExplainAndEvaluateReplaceAResultLeavesTheEarlierResultByteForByte() throws IOException {
        Path out = tmp.resolve("expl");
        String[] explain = CliFixture.explainArgs(organs, out).toArray(String[]::new);
        assertEquals(ExitCode.OK, CliRun.of(explain).exitCode());
        Map<String, String> earlier = CliFixture.snapshot(out);

        // the PNG after the maps: a valid report beside a truncated figure is what the issue saw
        assertDiskFull(CliRun.withDisk(FaultyDisk.fullAfter("shap_dice.png", 1000), explain), out.resolve("shap_dice.png"));
        assertEquals(earlier, CliFixture.snapshot(out), "the earlier result is untouched and no temporary is left");

        // evaluate used to rewrite report.json in place and leave it cut off at 4 KiB
        CliRun evaluate = CliRun.withDisk(FaultyDisk.fullAfter("report.json", 4096), "evaluate", "--explanation", out.toString(),
                "--threads", "2");
        assertDiskFull(evaluate, out.resolve("report.json"));
        assertEquals(earlier, CliFixture.snapshot(out), "the report and the maps are untouched, no curves appeared");
    }

    @Test
    void aFullDiskIntoANewFolderLeavesNothing() throws IOException {
        Path out = tmp.resolve("new/expl");
        CliRun run = CliRun.withDisk(FaultyDisk.fullAfter("units.nii.gz", 0), CliFixture.explainArgs(organs, out).toArray(String[]::new));
        assertDiskFull(run, out.resolve("units.nii.gz"));
        assertFalse(Files.exists(tmp.resolve("new")), "the folders the run created are gone again");
    }

    @Test
    void aFullDiskDuringPredictLeavesNoSegmentation() throws IOException {
        Path seg = tmp.resolve("seg.nii.gz");
        CliRun run = CliRun.withDisk(FaultyDisk.fullAfter("seg.nii.gz", 100), "predict", "-m", CliFixture.MODEL, "-i", CliFixture.CT,
                "-o", seg.toString(), "--threads", "2");
        assertDiskFull(run, seg);
        assertEquals(Map.of(), Map.copyOf(withoutInputs(CliFixture.snapshot(tmp))), "neither the file nor a temporary");
    }

    private static Map<String, String> withoutInputs(Map<String, String> files) {
        files.keySet().removeIf(k -> k.startsWith("in/"));
        return files;
    }
}

package segshap.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, class 2: segshap never writes over one of its inputs, refuses a non-empty folder that holds no segshap
 * result unless {@code --force} (and then replaces only its own files), and {@code predict -o DIR/} writes
 * {@code <case>.nii.gz} inside. Replacing an earlier result whole is {@link ExplainAndEvaluateEndToEndTest}.
 */
class ExistingOutputsAreNeverMergedOrOverwrittenTest {
    @TempDir Path tmp;

    private static void assertRefused(CliRun run, String... fragments) {
        assertEquals(ExitCode.INVALID_INPUT, run.exitCode(), run.both());
        for (String f : fragments) assertTrue(run.err().contains(f), "'" + f + "' missing in: " + run.err());
        assertFalse(run.err().contains("\tat "), run.err());
        assertEquals("", run.out());
    }

    @Test
    void aFolderHoldingOtherFilesIsRefusedAndWithForceOnlySegshapsOwnFilesAreReplaced() throws IOException {
        Path organs = CliFixture.writeOrgans(tmp.resolve("in/organs.nii.gz"));
        Path out = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(out.resolve("notes.txt"), "keep me");
        Files.writeString(out.resolve("shap_old.png"), "a stale map of some other run");
        Map<String, String> before = CliFixture.snapshot(out);
        List<String> args = new ArrayList<>(CliFixture.explainArgs(organs, out));
        args.addAll(List.of("--values", "dice"));

        assertRefused(CliRun.of(args.toArray(String[]::new)), "--out " + out, "not empty", "--force");
        assertEquals(before, CliFixture.snapshot(out));

        args.add("--force");
        CliRun forced = CliRun.of(args.toArray(String[]::new));
        assertEquals(ExitCode.OK, forced.exitCode(), forced.both());
        assertEquals(List.of("notes.txt", "report.json", "roi.nii.gz", "shap_dice.nii.gz", "shap_dice.png", "units.nii.gz"),
                List.copyOf(CliFixture.snapshot(out).keySet()), "the stale shap_old.png is gone, notes.txt kept");
        assertEquals("keep me", Files.readString(out.resolve("notes.txt")));
    }

    @Test
    void anOutputThatIsAnInputIsRefusedBeforeAnyWorkEvenWithForce() throws IOException {
        // the organ map under a name explain writes, in the folder it writes to
        Path in = tmp.resolve("in");
        Path organs = CliFixture.writeOrgans(in.resolve("units.nii.gz"));
        Map<String, String> before = CliFixture.snapshot(in);
        List<String> args = new ArrayList<>(CliFixture.explainArgs(organs, in));
        assertRefused(CliRun.of(args.toArray(String[]::new)), "--out " + in, "--force");
        args.add("--force");
        assertRefused(CliRun.of(args.toArray(String[]::new)), in.resolve("units.nii.gz") + " is the input organ map", "never writes over");
        assertEquals(before, CliFixture.snapshot(in));

        // predict -o equal to -i, reached through a symbolic link to the folder
        Path ct = Files.copy(Path.of(CliFixture.CT), in.resolve("ct.nii.gz"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), in);
        Map<String, String> withCt = CliFixture.snapshot(in);
        assertRefused(CliRun.of("predict", "-m", CliFixture.MODEL, "-i", ct.toString(), "-o", link.resolve("ct.nii.gz").toString()),
                "is the input -i", "choose another output");
        assertRefused(CliRun.of("predict", "-m", CliFixture.MODEL, "-i", ct.toString(), "-o", tmp.resolve("s.nii.gz").toString(),
                "--logits", Path.of(CliFixture.MODEL, "plans.json").toString()), "--logits", "is the input -m");
        assertEquals(withCt, CliFixture.snapshot(in));
    }

    @Test
    void predictIntoAFolderWritesTheCaseNamedAsNnUNetDoes() {
        Path folder = tmp.resolve("preds");
        CliRun run = CliRun.of("predict", "-m", CliFixture.MODEL, "-i", CliFixture.CT, "-o", folder + "/", "--threads", "2");
        assertEquals(ExitCode.OK, run.exitCode(), run.both());
        Path seg = folder.resolve("input.nii.gz"); // input_0000.nii.gz without nnU-Net's channel suffix
        assertEquals(seg + "\n", run.out());
        assertTrue(Files.isRegularFile(seg) && Files.isDirectory(folder), "a folder holding the case, not a file called preds");
    }
}

package segshap.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.engine.output.OutputTransaction;

/**
 * Issue 9, class 1, interruptions: a child JVM explaining the fixture into a folder holding an earlier result is
 * killed while it writes {@code report.json} (the maps are already in their temporaries). SIGTERM runs the cleanup
 * hook: the folder is byte for byte the earlier result. SIGKILL cannot be caught: the earlier result is untouched
 * and only hidden temporaries remain, which the next run into the folder removes.
 */
class InterruptedWriteTest {
    @TempDir Path tmp;

    @Test
    void aRunKilledWhileWritingLeavesTheEarlierResult() throws IOException, InterruptedException {
        Path organs = CliFixture.writeOrgans(tmp.resolve("in/organs.nii.gz"));
        Path out = tmp.resolve("expl");
        List<String> explain = CliFixture.explainArgs(organs, out);
        assertEquals(ExitCode.OK, CliRun.of(explain.toArray(String[]::new)).exitCode());
        Map<String, String> earlier = CliFixture.snapshot(out);

        killWhileWritingReport(explain, false);
        assertEquals(earlier, CliFixture.snapshot(out), "SIGTERM: the earlier result, no temporaries");

        killWhileWritingReport(explain, true);
        Map<String, String> afterKill = CliFixture.snapshot(out);
        assertTrue(afterKill.keySet().stream().anyMatch(OutputTransaction::isTemporary), "SIGKILL leaves temporaries: " + afterKill.keySet());
        afterKill.keySet().removeIf(OutputTransaction::isTemporary);
        assertEquals(earlier, afterKill, "SIGKILL: the earlier result untouched beside hidden temporaries");

        CliRun evaluate = CliRun.of("evaluate", "--explanation", out.toString(), "--threads", "2");
        assertEquals(ExitCode.OK, evaluate.exitCode(), evaluate.both());
        assertTrue(CliFixture.snapshot(out).keySet().stream().noneMatch(OutputTransaction::isTemporary),
                "the next commit removed the killed run's temporaries: " + CliFixture.snapshot(out).keySet());
    }

    private void killWhileWritingReport(List<String> explain, boolean sigkill) throws IOException, InterruptedException {
        Path log = Files.createTempFile(tmp, "child", ".log");
        List<String> args = new ArrayList<>(List.of("report.json"));
        args.addAll(explain);
        List<String> cmd = ChildJvm.command(List.of(), StalledWriteMain.class, args.toArray(String[]::new));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!Files.readString(log, StandardCharsets.UTF_8).contains("STALLED report.json")) {
                assertTrue(p.isAlive(), "the child ended before writing: " + Files.readString(log, StandardCharsets.UTF_8));
                assertTrue(System.nanoTime() < deadline, "the child did not reach the write phase in 3 minutes");
                Thread.sleep(100);
            }
            if (sigkill) p.destroyForcibly();
            else p.destroy(); // SIGTERM on Linux and macOS
            assertTrue(p.waitFor(1, TimeUnit.MINUTES), "the child did not exit after the signal");
        } finally {
            p.destroyForcibly();
        }
    }
}

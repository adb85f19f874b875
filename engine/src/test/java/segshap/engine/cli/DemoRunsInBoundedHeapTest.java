package segshap.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo explanation with {@code --memory-budget 64m} in a child JVM limited to {@code -Xmx512m}: it must
 * finish (no {@code OutOfMemoryError}) and write its explanation. The peak heap is printed for the record.
 */
class DemoRunsInBoundedHeapTest {
    @TempDir Path tmp;

    @Test
    void theDemoExplanationWithA64MegabyteBudgetFitsInA512MegabyteHeap() throws IOException, InterruptedException {
        Path out = tmp.resolve("demo");
        Path log = tmp.resolve("child.log");
        ProcessBuilder pb = new ProcessBuilder(ChildJvm.command(List.of("-Xmx512m"), BoundedHeapDemo.class, "demo",
                "--out", out.toString(), "--threads", "2", "--memory-budget", "64m", "--tiles-per-batch", "4"))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(20, TimeUnit.MINUTES), "the demo did not finish in 20 minutes");
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), output);
        assertTrue(!output.contains("OutOfMemoryError"), output);
        for (String f : List.of("explanation/report.json", "explanation/shap_dice.nii.gz", "explanation/curves_dice.png")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f + "\n" + output);
        }
        String peak = output.lines().filter(l -> l.startsWith("PEAK_HEAP_BYTES=")).findFirst().orElseThrow();
        System.out.printf("demo with --memory-budget 64m at -Xmx512m: peak heap after GC %.0f MiB%n",
                Long.parseLong(peak.substring(peak.indexOf('=') + 1)) / 1048576.0);
    }
}

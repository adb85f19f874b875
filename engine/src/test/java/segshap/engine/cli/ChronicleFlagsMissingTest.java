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
 * A JVM started without Chronicle Map's flags (a library user's, say) still explains: the tile cache moves to the
 * Java heap and one warning names the flags, instead of an error deep inside Chronicle.
 */
class ChronicleFlagsMissingTest {
    @TempDir Path tmp;

    @Test
    void withoutTheFlagsTheCacheIsOnTheHeapAndTheWarningNamesThem() throws IOException, InterruptedException {
        Path organs = CliFixture.writeOrgans(tmp.resolve("in/organs.nii.gz"));
        Path out = tmp.resolve("expl");
        Path log = tmp.resolve("child.log");
        Process p = new ProcessBuilder(ChildJvm.bare(List.of(), SegshapCommand.class,
                CliFixture.explainArgs(organs, out).toArray(String[]::new)))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the explanation did not finish");
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("the off-heap tile cache needs the JVM flags --add-opens=java.base/java.lang=ALL-UNNAMED"), output);
        assertTrue(Files.isRegularFile(out.resolve("report.json")), output);
    }
}

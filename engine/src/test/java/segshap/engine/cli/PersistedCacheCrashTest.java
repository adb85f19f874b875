package segshap.engine.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.engine.explain.FixtureCase;
import segshap.kernels.tensor.Box;
import segshap.protocol.EngineReport;
import segshap.protocol.ExplanationReport;
import segshap.protocol.ReportJson;

/**
 * The persisted cache survives what happens to real runs: a SIGKILL in the middle of an explanation, and bytes
 * flipped in its files. Each time the next run completes with φ bit-identical to a run without any cache.
 */
class PersistedCacheCrashTest {
    @TempDir static Path tmp;
    static List<String> inputs;
    static ExplanationReport reference;

    @BeforeAll
    static void referenceRunWithoutCache() throws IOException {
        Path organs = FixtureCase.writeOrgans(tmp);
        Path roi = FixtureCase.writeRoiMask(tmp, new Box(14, 26, 18, 22, 36, 28));
        inputs = List.of("explain", "-m", FixtureCase.MODEL.toString(), "--ct", FixtureCase.CT.toString(), "--organs",
                organs.toString(), "--roi", roi.toString(), "--target", "1", "--units", "hybrid:80", "--budget", "60",
                "--seed", "5", "--threads", "2");
        reference = explain(tmp.resolve("reference"), "--cache-size", "0");
    }

    static ExplanationReport explain(Path out, String... more) throws IOException {
        List<String> args = new ArrayList<>(inputs);
        args.addAll(List.of("--out", out.toString()));
        args.addAll(List.of(more));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        lastErr = run.err();
        assertEquals(0, run.exitCode(), lastErr);
        return ReportJson.read(out.resolve("report.json"));
    }

    static String lastErr;

    static void assertSamePhiAsReference(ExplanationReport r) {
        for (String v : reference.values().keySet()) {
            assertArrayEquals(reference.values().get(v).phi(), r.values().get(v).phi(), 0.0, v);
            assertArrayEquals(reference.values().get(v).stderr(), r.values().get(v).stderr(), 0.0, v);
        }
    }

    static long forwards(ExplanationReport r) {
        return r.engine().counters().get(EngineReport.FORWARDS);
    }

    @Test
    void aRunKilledMidwayLeavesACacheTheNextRunRecoversAndUses() throws Exception {
        Path cache = tmp.resolve("killed-cache");
        List<String> args = new ArrayList<>(inputs);
        args.addAll(List.of("--out", tmp.resolve("killed").toString(), "--cache", cache.toString()));
        Process p = new ProcessBuilder(ChildJvm.command(List.of("-Xmx1g"), SegshapCommand.class, args.toArray(String[]::new)))
                .redirectErrorStream(true).start();
        StringBuilder seen = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                seen.append(line).append('\n');
                // non-interactive progress prints one line per 10 %: kill once half of the coalitions are scored
                if (line.startsWith("segshap: coalitions 3") || line.startsWith("segshap: coalitions 4")) break;
            }
            assertTrue(p.isAlive(), "the child ended before it could be killed:\n" + seen);
            p.destroyForcibly(); // SIGKILL: no shutdown hook, no clean close
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        }
        assertTrue(!Files.exists(tmp.resolve("killed/report.json")), "a killed run leaves no report");

        ExplanationReport resumed = explain(tmp.resolve("resumed"), "--cache", cache.toString());
        assertTrue(lastErr.contains("was not closed"), lastErr);
        assertSamePhiAsReference(resumed);
        assertTrue(resumed.cache().entriesFromEarlierRuns() > 0, "the killed run's tiles were kept");
        assertTrue(forwards(resumed) < forwards(reference),
                "resumed " + forwards(resumed) + " forwards, cold " + forwards(reference) + "\n" + seen);
    }

    @Test
    void bytesFlippedInTheCacheFilesAreDetectedSaidAndRecomputed() throws IOException {
        Path cache = tmp.resolve("damaged-cache");
        explain(tmp.resolve("first"), "--cache", cache.toString());
        Path set;
        try (Stream<Path> s = Files.list(cache)) {
            set = s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        long used = ReportJson.read(tmp.resolve("first/report.json")).cache().bytesHeld();
        try (RandomAccessFile f = new RandomAccessFile(set.resolve("tiles.slab").toFile(), "rw")) {
            for (long at = used / 7; at < used; at += used / 7) { // a few records' bytes, headers or payloads
                f.seek(at);
                int b = f.read();
                f.seek(at);
                f.write(b ^ 0x5a);
            }
        }
        ExplanationReport again = explain(tmp.resolve("again"), "--cache", cache.toString());
        assertTrue(lastErr.contains("failed its checksum"), lastErr);
        assertTrue(again.cache().corrupt() > 0, "damaged entries are counted: " + again.cache());
        assertSamePhiAsReference(again);
        assertTrue(forwards(again) > 0 && forwards(again) < forwards(reference), "only the damaged tiles are forwarded again");
    }
}

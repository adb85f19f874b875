package segshap.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine benchmark's rows on the demo case with organ units, without timing a prefix: every strategy's shared
 * row sees the same coalitions (segshap's design, same seed), the engines agree bit for bit on them (the bench stops
 * otherwise), and every strategy prints its row.
 */
class EngineThroughputBenchTest {
    @TempDir Path tmp;

    @Test
    void everyStrategySeesTheSameSharedCoalitionsAndPrintsItsRow() throws IOException {
        EngineThroughputBench.Settings s = new EngineThroughputBench.Settings(List.of("demo-organs"), 7, 2, 0, 2, tmp, false);
        EngineThroughputBench.CaseInputs c = EngineThroughputBench.prepareCase("demo-organs", 7, tmp.resolve("demo-organs"));
        List<String> lines = EngineThroughputBench.runCase(s, c);

        Set<String> digests = new HashSet<>();
        int shared = 0, results = 0;
        for (String l : lines) {
            if (l.startsWith("SHARED ")) {
                shared++;
                digests.add(field(l, "coalitions_digest"));
                assertEquals("2", field(l, "coalitions"), l);
            }
            if (l.startsWith("RESULT ")) {
                results++;
                assertEquals("yes", field(l, "extrapolated"), "no prefix was timed beyond the shared coalitions: " + l);
                if (field(l, "strategy").equals("paper")) assertEquals("4", field(l, "runs"), l);
            }
        }
        assertEquals(EngineThroughputBench.STRATEGIES.size(), shared);
        assertEquals(EngineThroughputBench.STRATEGIES.size(), results);
        assertEquals(1, digests.size(), "one shared set of coalitions: " + digests);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("SPEEDUP case=demo-organs vs_paper=")), String.join("\n", lines));
    }

    private static String field(String line, String key) {
        for (String part : line.split(" ")) if (part.startsWith(key + "=")) return part.substring(key.length() + 1);
        throw new AssertionError("no " + key + " in " + line);
    }
}

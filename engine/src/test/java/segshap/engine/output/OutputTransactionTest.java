package segshap.engine.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The crash points of a result's commit, with the file operations themselves failing (no JVM is killed here). */
class OutputTransactionTest {
    @TempDir Path tmp;

    private static OutputTransaction.Content text(String s) {
        return out -> out.write(s.getBytes(StandardCharsets.UTF_8));
    }

    private List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void nothingIsVisibleBeforeTheCommitAndEverythingAfterIt() throws IOException {
        Path dir = tmp.resolve("a/b");
        try (OutputTransaction tx = new OutputTransaction(OutputTransaction.FILES)) {
            tx.write(dir.resolve("map.bin"), text("map"));
            tx.write(dir.resolve("report.json"), text("{}"));
            assertTrue(names(dir).stream().allMatch(OutputTransaction::isTemporary), names(dir).toString());
            assertEquals(List.of(dir.resolve("map.bin"), dir.resolve("report.json")), tx.commit(List.of()));
        }
        assertEquals(List.of("map.bin", "report.json"), names(dir));
        assertEquals("map", Files.readString(dir.resolve("map.bin")));
    }

    @Test
    void anAbandonedResultLeavesNeitherTemporariesNorTheFoldersItCreated() throws IOException {
        Path dir = tmp.resolve("new/deeper");
        try (OutputTransaction tx = new OutputTransaction(OutputTransaction.FILES)) {
            tx.write(dir.resolve("map.bin"), text("map"));
        }
        assertEquals(List.of(), names(tmp));
    }

    @Test
    void aRenameThatFailsMidwayLeavesNoReportAndNamesTheFile() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("expl"));
        Files.writeString(dir.resolve("report.json"), "old report");
        Files.writeString(dir.resolve("old.bin"), "old map");
        // a non-empty folder where the second file goes: its rename fails like a real I/O error would
        Files.createDirectories(dir.resolve("b.bin/blocker"));
        OutputException e = assertThrows(OutputException.class, () -> {
            try (OutputTransaction tx = new OutputTransaction(OutputTransaction.FILES)) {
                tx.write(dir.resolve("a.bin"), text("a"));
                tx.write(dir.resolve("b.bin"), text("b"));
                tx.write(dir.resolve("report.json"), text("new report"));
                tx.commit(List.of(dir.resolve("report.json"), dir.resolve("old.bin")));
            }
        });
        assertEquals(dir.resolve("b.bin"), e.file());
        assertTrue(e.getMessage().startsWith("cannot write " + dir.resolve("b.bin") + ": "), e.getMessage());
        assertEquals(List.of("a.bin", "b.bin"), names(dir), "no report: the old one went first and the new one never came");
    }

    @Test
    void temporariesOfDeadProcessesAreRemovedByTheNextCommitAndLiveOnesKept() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("expl"));
        long live = ProcessHandle.current().parent().orElseThrow().pid();
        Files.writeString(dir.resolve(".report.json.tmp-" + live), "another run, still writing");
        Files.writeString(dir.resolve(".report.json.tmp-99999999999"), "a killed run");
        try (OutputTransaction tx = new OutputTransaction(OutputTransaction.FILES)) {
            tx.write(dir.resolve("report.json"), text("{}"));
            tx.commit(List.of());
        }
        assertEquals(List.of(".report.json.tmp-" + live, "report.json"), names(dir));
        assertFalse(OutputTransaction.isTemporary("report.json"));
    }
}

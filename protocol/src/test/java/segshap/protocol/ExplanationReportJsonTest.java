package segshap.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.protocol.job.JobSpec;

class ExplanationReportJsonTest {
    private static final ObjectMapper TREES = new ObjectMapper();

    static JobSpec job() {
        return JobSpec.builder().model("/m").folds("fold_0").ct("/ct.nii.gz").organs("/organs.nii.gz")
                .roiComponent(1).roiSeedWorldMm(-80.5, 20, 310).target(1).budgetExact().build();
    }

    static EngineReport engine() {
        return new EngineReport("cpu, 4 threads, float32", 1L << 30, 2,
                Map.of(EngineReport.TILE_FORWARD_MS, new HistogramSummary(12, "ms", 40, 50, 60, 61, 42.5),
                        EngineReport.BATCH_SIZE, new HistogramSummary(6, "tiles", 2, 2, 2, 2, 2)),
                Map.of(EngineReport.REQUESTS, 30L, EngineReport.HITS, 10L, EngineReport.FORWARDS, 12L));
    }

    static ExplanationReport report(EngineReport engine, Map<String, FaithfulnessMetrics> metrics) {
        List<UnitEntry> units = List.of(
                new UnitEntry(1, "organ", 1, "spleen", 1000, new double[] {1, 2, 3}, false, null),
                new UnitEntry(2, "organ", 5, "liver", 9000, new double[] {4, 5, 6}, true, "outside the support"));
        Diagnostics exact = new Diagnostics(null, 0.0, null, null, null);
        return new ExplanationReport(ExplanationReport.FORMAT_VERSION, job(),
                new RoiInfo("component of label 1", 500, new int[] {1, 2, 3, 4, 5, 6}, 64, 4, 20, 9000, 0.93),
                units, Map.of("dice", new ValueAttribution(0.9, 0.1, new double[] {0.8, 0}, new double[] {0, 0})),
                new SamplingInfo(2, 4, true, 0, "exact"), exact, Map.of("dice", exact),
                new CacheStats(8, 4, 0.5, 4, 8, "memory", 0L, 0L, 4L, 0L, 0L, 4096L, 1L << 30), new Timing(1, 2, 3, null, 6), engine, metrics);
    }

    @Test
    void aVersion2ReportReadsBackToTheSameJson(@TempDir Path dir) throws IOException {
        ExplanationReport written = report(engine(), Map.of("dice",
                new FaithfulnessMetrics(0.1, 0.2, 0.3, 0.4, new double[] {1, 0.5}, new double[] {1, 0.9}, null)));
        Path file = dir.resolve("report.json");
        ReportJson.write(file, written);
        ExplanationReport read = ReportJson.read(file);
        // Records holding arrays compare arrays by identity, so the whole report is compared as JSON trees;
        // the array-free parts are compared as records too.
        Path again = dir.resolve("again.json");
        ReportJson.write(again, read);
        assertEquals(TREES.readTree(file.toFile()), TREES.readTree(again.toFile()));
        assertEquals(written.job(), read.job());
        assertEquals(written.engine(), read.engine());
        assertEquals(written.sampling(), read.sampling());
        assertEquals(written.diagnosticsByValue(), read.diagnosticsByValue());
        assertEquals(written.timing(), read.timing());
        assertEquals(2, read.formatVersion());
    }

    @Test
    void aReportWithoutEngineOrMetricsReadsBack(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("report.json");
        ReportJson.write(file, report(null, null));
        ExplanationReport read = ReportJson.read(file);
        assertNull(read.engine());
        assertNull(read.metrics());
        assertEquals(job(), read.job());
    }

    @Test
    void theJobIsWrittenAsANestedObjectWithItsRoiType(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("report.json");
        ReportJson.write(file, report(engine(), null));
        JsonNode tree = TREES.readTree(file.toFile());
        assertEquals("component", tree.at("/job/roi/type").asText());
        assertEquals("exact", tree.at("/job/sampling/budget").asText());
        assertTrue(tree.at("/job/inputs/organNames").isMissingNode());
        assertTrue(tree.at("/inputs").isMissingNode());
        assertEquals(12, tree.at("/engine/counters/forwards").asLong());
        assertEquals("ms", tree.at("/engine/histograms/tileForwardMs/unit").asText());
    }

    @Test
    void unknownFieldsOfANewerReportAreIgnored(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("report.json");
        ReportJson.write(file, report(engine(), null));
        ObjectNode tree = (ObjectNode) TREES.readTree(file.toFile());
        tree.put("formatVersion", 3);
        tree.put("gpuName", "H200");
        ((ObjectNode) tree.get("engine")).put("kernelVersion", "v4");
        ((ObjectNode) tree.at("/job/roi")).put("dilateMm", 2);
        TREES.writeValue(file.toFile(), tree);
        ExplanationReport read = ReportJson.read(file);
        assertEquals(3, read.formatVersion());
        assertEquals(engine(), read.engine());
        assertEquals(job(), read.job());
    }

    @Test
    void aVersion1ReportIsRefusedWithAHintToRunExplainAgain(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("report.json");
        Files.writeString(file, "{\"formatVersion\": 1, \"inputs\": {\"model\": \"/m\", \"budget\": \"exact\"}}");
        IOException e = assertThrows(IOException.class, () -> ReportJson.read(file));
        assertTrue(e.getMessage().contains("formatVersion 1") && e.getMessage().contains("segshap explain"), e.getMessage());
    }

    @Test
    void withMetricsReplacesMetricsAndTimingAndKeepsTheEngine() {
        ExplanationReport before = report(engine(), null);
        Map<String, FaithfulnessMetrics> metrics = Map.of("dice",
                new FaithfulnessMetrics(0.1, 0.2, 0.3, 0.4, new double[] {1}, new double[] {1}, null));
        Timing timing = new Timing(1, 2, 3, 4.0, 10);
        ExplanationReport after = before.withMetrics(metrics, timing);
        assertEquals(metrics, after.metrics());
        assertEquals(timing, after.timing());
        assertEquals(before.engine(), after.engine());
        assertEquals(before.job(), after.job());
        assertEquals(before.cache(), after.cache());
    }

    static final String SHA = "ab".repeat(32);

    @Test
    void inputDigestsAndWarningsReadBackInSortedKeyOrder(@TempDir Path dir) throws IOException {
        Map<String, InputDigest> digests = Map.of(ExplanationReport.DIGEST_ORGANS, new InputDigest("/organs.nii.gz", 10, SHA),
                ExplanationReport.DIGEST_CT, new InputDigest("/ct.nii.gz", 20, SHA.toUpperCase()),
                "model/plans.json", new InputDigest("/m/plans.json", 30, SHA));
        ExplanationReport r = report(engine(), null);
        ExplanationReport written = new ExplanationReport(r.formatVersion(), r.job(), r.roi(), r.units(), r.values(), r.sampling(),
                r.diagnostics(), r.diagnosticsByValue(), r.cache(), r.timing(), r.engine(), r.metrics(), digests,
                List.of("all attributions of dice are 0"),
                new StrategyReport("segshap", "crop", new int[] {0, 0, 0, 10, 20, 20}, 8, 18, 0.25, 0.97, 1));
        Path file = dir.resolve("report.json");
        ReportJson.write(file, written);
        ExplanationReport read = ReportJson.read(file);
        assertEquals(List.of("ct", "model/plans.json", "organs"), List.copyOf(read.inputDigests().keySet()));
        assertEquals(SHA, read.inputDigests().get("ct").sha256(), "hex digits are written in lower case");
        assertEquals(written.inputDigests(), read.inputDigests());
        assertEquals(List.of("all attributions of dice are 0"), read.warnings());
        assertEquals("crop", read.strategy().tiling());
        assertEquals(0.97, read.strategy().baselineDiceVsNnunet());
        JsonNode tree = TREES.readTree(file.toFile());
        assertEquals("/organs.nii.gz", tree.at("/inputDigests/organs/file").asText());
        assertEquals(8, tree.at("/strategy/tilesPerCoalition").asInt());
    }

    @Test
    void aReportWrittenBeforeDigestsReadsWithoutDigestsAndWithoutWarnings(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("report.json");
        ReportJson.write(file, report(engine(), null));
        ObjectNode tree = (ObjectNode) TREES.readTree(file.toFile());
        tree.remove("inputDigests");
        tree.remove("warnings");
        TREES.writeValue(file.toFile(), tree);
        ExplanationReport read = ReportJson.read(file);
        assertNull(read.inputDigests());
        assertEquals(List.of(), read.warnings());
    }

    @Test
    void aReportWhosePhiDoesNotMatchItsUnitsIsRefusedAsCorrupt(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("report.json");
        ReportJson.write(file, report(engine(), null));
        ObjectNode tree = (ObjectNode) TREES.readTree(file.toFile());
        ((com.fasterxml.jackson.databind.node.ArrayNode) tree.at("/values/dice/phi")).add(0.5);
        TREES.writeValue(file.toFile(), tree);
        IOException e = assertThrows(IOException.class, () -> ReportJson.read(file));
        assertTrue(e.getMessage().contains("corrupt report") && e.getMessage().contains("values.dice")
                && e.getMessage().contains("3 φ") && e.getMessage().contains("2 units"), e.getMessage());
    }

    @Test
    void undefinedNormalisedMetricsAreWrittenAsNullWithTheReason(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("report.json");
        ReportJson.write(file, report(engine(), Map.of("dice", new FaithfulnessMetrics(0.002, 0.0, null, null,
                new double[] {1, 0.998, 1}, new double[] {1, 1, 1}, "undefined: s_max = s_min"))));
        JsonNode tree = TREES.readTree(file.toFile());
        assertTrue(tree.at("/metrics/dice/naopc").isNull() && tree.at("/metrics/dice/nabpc").isNull(), tree.toString());
        assertEquals("undefined: s_max = s_min", tree.at("/metrics/dice/normalisedUndefined").asText());
        FaithfulnessMetrics read = ReportJson.read(file).metrics().get("dice");
        assertNull(read.naopc());
        assertEquals("undefined: s_max = s_min", read.normalisedUndefined());
        assertThrows(IllegalArgumentException.class, () -> new FaithfulnessMetrics(0, 0, null, null, new double[] {1},
                new double[] {1}, null), "null metrics need a reason");
    }
}

package segshap.protocol.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JobSpecJsonRoundTripTest {

    static JobSpec.Builder minimal() {
        return JobSpec.builder().model("model").ct("ct.nii.gz").organs("organs.nii.gz").roiComponent(1).target(1);
    }

    static Stream<JobSpec> everyShape() {
        return Stream.of(
                minimal().build(),
                minimal().roiMask("roi.nii.gz").build(),
                minimal().roiSeedWorldMm(-80.5, 20, 310).build(),
                minimal().roiSeedVoxelIjk(100, 120, 30).build(),
                minimal().budgetExact().build(),
                minimal().budgetFixed(512).allocation("kernel").seed(42).build(),
                minimal().budgetAuto().build(),
                minimal().budgetAuto(4096).build(),
                minimal().units("hybrid", 20.0).unitMarginMm(30.0).groupOrgans(true).build(),
                minimal().units("regular", 15.0).values("dice", "softdice").maskHu(-1000).scoreRegion("mask").build(),
                minimal().folds("fold_0", "fold_all").organNames("names.tsv").threads(3).tilesPerBatch(8)
                        .memoryBudgetBytes(1L << 20).device("cuda:1").cacheCapacityBytes(0).cacheDir("cache").build());
    }

    @ParameterizedTest
    @MethodSource("everyShape")
    void aJobReadsBackEqualToWhatWasWritten(JobSpec job) throws IOException {
        assertEquals(job, JobSpecJson.fromJson(JobSpecJson.toJson(job), "test"));
    }

    @Test
    void aJobFileReadsBackEqualToWhatWasWritten(@TempDir Path dir) throws IOException {
        JobSpec job = minimal().roiSeedWorldMm(1, 2, 3).budgetAuto(1000).build();
        Path file = dir.resolve("job.json");
        JobSpecJson.write(file, job);
        assertEquals(job, JobSpecJson.read(file));
    }

    @Test
    void theRoiIsWrittenWithItsTypeAndNullsAreOmitted() {
        String json = JobSpecJson.toJson(minimal().roiMask("roi.nii.gz").build());
        assertTrue(json.contains("\"type\" : \"mask\""), json);
        assertFalse(json.contains("null"), json);
        assertFalse(json.contains("organNames"), json);
        assertFalse(json.contains("maxCoalitions"), json);
    }

    @Test
    void aComponentRoiIsReadFromItsTypeName() throws IOException {
        JobSpec job = JobSpecJson.fromJson("""
                {"inputs": {"model": "m", "ct": "c", "organs": "o"},
                 "roi": {"type": "component", "label": 2, "seedVoxelIjk": [1, 2, 3]},
                 "values": {"target": 2}}""", "test");
        JobRoi.Component c = assertInstanceOf(JobRoi.Component.class, job.roi());
        assertEquals(2, c.label());
        assertEquals(List.of(1, 2, 3), c.seedVoxelIjk());
        assertNull(c.seedWorldMm());
    }

    @Test
    void unknownFieldsAreIgnoredAtEveryLevel() throws IOException {
        JobSpec job = JobSpecJson.fromJson("""
                {"comment": "from a newer segshap", "inputs": {"model": "m", "ct": "c", "organs": "o", "extra": 1},
                 "roi": {"type": "mask", "file": "r", "dilateMm": 3},
                 "values": {"target": 1, "future": [1, 2]}, "sampling": {"budget": "exact", "strategy": "x"},
                 "runtime": {"pinned": true}, "cache": {"evict": "lru"}, "daemon": {}}""", "test");
        assertEquals(new JobRoi.Mask("r"), job.roi());
        assertEquals("exact", job.sampling().budget());
    }

    @Test
    void missingSectionsAndFieldsTakeTheCliDefaults() throws IOException {
        JobSpec job = JobSpecJson.fromJson("""
                {"inputs": {"model": "m", "ct": "c", "organs": "o"}, "roi": {"type": "component", "label": 1},
                 "values": {"target": 1}, "runtime": {"threads": 2}}""", "test");
        assertEquals(JobValues.DEFAULT_MASK_HU, job.values().maskHu());
        assertEquals(JobValues.VALUE_FUNCTIONS, job.values().reported());
        assertEquals(JobSampling.defaults(), job.sampling());
        assertEquals(JobUnits.defaults(), job.units());
        assertEquals(2, job.runtime().threads());
        assertEquals(JobRuntime.DEFAULT_TILES_PER_BATCH, job.runtime().tilesPerBatch());
        assertEquals(JobCache.defaults(), job.cache());
    }

    @Test
    void malformedJsonNamesTheFileAndTheLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\n  \"inputs\": {\"model\": \"m\",,}\n}");
        IOException e = assertThrows(IOException.class, () -> JobSpecJson.read(file));
        assertTrue(e.getMessage().startsWith(file + ": not valid JSON: "), e.getMessage());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void aValueOfTheWrongTypeNamesItsJsonPath() {
        IOException e = assertThrows(IOException.class, () -> JobSpecJson.fromJson("""
                {"inputs": {"model": "m", "ct": "c", "organs": "o"}, "roi": {"type": "component", "label": 1},
                 "values": {"target": 1}, "runtime": {"threads": "eight"}}""", "job.json"));
        assertTrue(e.getMessage().startsWith("job.json: runtime.threads: not a job spec: "), e.getMessage());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void anUnknownRoiTypeIsRefusedWithTheKnownOnes() {
        IOException e = assertThrows(IOException.class, () -> JobSpecJson.fromJson("""
                {"inputs": {"model": "m", "ct": "c", "organs": "o"}, "roi": {"type": "sphere"},
                 "values": {"target": 1}}""", "job.json"));
        assertTrue(e.getMessage().contains("roi"), e.getMessage());
        assertTrue(e.getMessage().contains("sphere") && e.getMessage().contains("component"), e.getMessage());
    }

    @Test
    void anInvalidFieldInAFileNamesTheFileAndTheJsonPath(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("job.json");
        Files.writeString(file, """
                {"inputs": {"model": "m", "ct": "c", "organs": "o"}, "roi": {"type": "component", "label": 1},
                 "values": {"target": 1}, "sampling": {"budget": "fixed", "coalitions": 1}}""");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JobSpecJson.read(file));
        assertTrue(e.getMessage().startsWith(file + ": sampling.coalitions 1: "), e.getMessage());
    }

    @Test
    void aMissingTargetIsReportedAsMissing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JobSpecJson.fromJson("""
                {"inputs": {"model": "m", "ct": "c", "organs": "o"}, "roi": {"type": "component", "label": 1},
                 "values": {"maskHu": 0}}""", "job.json"));
        assertTrue(e.getMessage().startsWith("job.json: values.target: required"), e.getMessage());
    }
}

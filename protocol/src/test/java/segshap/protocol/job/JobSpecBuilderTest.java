package segshap.protocol.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobSpecBuilderTest {

    @Test
    void unsetFieldsTakeTheCliDefaults() {
        JobSpec job = JobSpec.builder().model(Path.of("m")).ct(Path.of("c")).organs(Path.of("o")).roiComponent(1).target(1).build();
        assertNull(job.inputs().folds());
        assertNull(job.inputs().organNames());
        assertEquals(new JobRoi.Component(1, null, null), job.roi());
        assertEquals(new JobUnits("organs", null, null, false, "support"), job.units());
        assertEquals(new JobValues(1, List.of("tp", "fp", "dice", "softdice"), -1024, "box"), job.values());
        assertEquals(new JobSampling("fixed", 2048, null, "equal", 0), job.sampling());
        assertEquals(new JobRuntime(Runtime.getRuntime().availableProcessors(), 2, 1L << 30, "cpu"), job.runtime());
        assertEquals(new JobCache(2L << 30, null), job.cache());
    }

    @Test
    void eachBudgetShapeSetsOnlyItsOwnCount() {
        JobSpec.Builder b = JobSpecJsonRoundTripTest.minimal();
        assertEquals(new JobSampling("exact", null, null, "equal", 0), b.budgetExact().build().sampling());
        assertEquals(new JobSampling("fixed", 300, null, "equal", 0), b.budgetFixed(300).build().sampling());
        assertEquals(new JobSampling("auto", null, 8192, "equal", 0), b.budgetAuto().build().sampling());
        assertEquals(new JobSampling("auto", null, 500, "equal", 0), b.budgetAuto(500).build().sampling());
    }

    @Test
    void theLastRoiChosenWins() {
        JobSpec.Builder b = JobSpecJsonRoundTripTest.minimal().roiSeedWorldMm(1, 2, 3);
        assertEquals(new JobRoi.Mask("roi.nii.gz"), b.roiMask("roi.nii.gz").build().roi());
        assertEquals(new JobRoi.Component(4, null, null), b.roiComponent(4).build().roi());
    }

    @Test
    void toBuilderRebuildsAnEqualJob() {
        JobSpec job = JobSpecJsonRoundTripTest.minimal().roiSeedVoxelIjk(1, 2, 3).folds("fold_1").units("hybrid", 20.0)
                .budgetAuto(100).seed(9).cacheDir("cache").build();
        assertEquals(job, job.toBuilder().build());
        assertEquals(new JobRoi.Mask("r"), job.toBuilder().roiMask("r").build().roi());
        assertEquals(5, job.toBuilder().threads(5).build().runtime().threads());
    }

    @Test
    void withFoldsAndWithRuntimeChangeOnlyTheirField() {
        JobSpec job = JobSpecJsonRoundTripTest.minimal().build();
        JobSpec used = job.withFolds(List.of("fold_0", "fold_1"));
        assertEquals(List.of("fold_0", "fold_1"), used.inputs().folds());
        assertEquals(job, used.withFolds(null));
        JobRuntime one = JobRuntime.of(1, null, null, null);
        assertEquals(one, job.withRuntime(one).runtime());
        assertEquals(job.values(), job.withRuntime(one).values());
    }

    @Test
    void relativePathsResolveAgainstTheBaseFolderAndAbsoluteOnesStay() {
        Path base = Path.of("/data/jobs").toAbsolutePath();
        Path absCt = Path.of("/scans/ct.nii.gz").toAbsolutePath();
        JobSpec job = JobSpec.builder().model("../models/m").ct(absCt).organs("organs.nii.gz").organNames("./names.tsv")
                .roiMask("rois/roi.nii.gz").target(1).cacheDir("cache").build().resolvedAgainst(base);
        assertEquals(base.resolve("../models/m").normalize().toString(), job.inputs().model());
        assertEquals(absCt.toString(), job.inputs().ct());
        assertEquals(base.resolve("organs.nii.gz").toString(), job.inputs().organs());
        assertEquals(base.resolve("names.tsv").toString(), job.inputs().organNames());
        assertEquals(new JobRoi.Mask(base.resolve("rois/roi.nii.gz").toString()), job.roi());
        assertEquals(base.resolve("cache").toString(), job.cache().dir());
    }

    @Test
    void resolvingKeepsAComponentRoiAndAbsentPaths() {
        JobSpec job = JobSpecJsonRoundTripTest.minimal().roiSeedWorldMm(1, 2, 3).build();
        JobSpec resolved = job.resolvedAgainst(Path.of("base"));
        assertEquals(job.roi(), resolved.roi());
        assertNull(resolved.inputs().organNames());
        assertNull(resolved.cache().dir());
        assertFalse(resolved.inputs().model().equals("model"));
    }
}

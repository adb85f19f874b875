package segshap.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.engine.grid.LabelMap;
import segshap.engine.roi.Roi;
import segshap.kernels.tensor.FloatTensor;

class DemoCommandTest {
    @TempDir Path tmp;

    @Test
    void theDemoWritesTheCaseThePredictionAndTheRoi() throws IOException {
        Path out = tmp.resolve("demo");
        CliRun run = CliRun.of("demo", "--out", out.toString(), "--seed", "9102", "--no-explain", "--threads", "2");
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        for (String f : List.of("ct.nii.gz", "organs.nii.gz", "organs.tsv", "ground_truth.nii.gz", "prediction.nii.gz",
                "roi.nii.gz", "summary.json", "model/plans.json", "model/fold_0/checkpoint_final.pth")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertTrue(summary.path("diceAgainstGroundTruth").path("spleen").asDouble() > 0.85, summary.toString());
        assertTrue(summary.path("roiVoxels").asLong() > 0);
    }

    @Test
    void anUnknownGridIsAnInputError() {
        CliRun run = CliRun.of("demo", "--out", tmp.resolve("d").toString(), "--grid", "huge");
        assertEquals(ExitCode.INVALID_INPUT, run.exitCode());
        assertTrue(run.err().contains("--grid") && run.err().contains("huge"), run.err());
    }

    @Test
    void anUnwritableOutputFolderIsAnInputError() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        CliRun run = CliRun.of("demo", "--out", file.resolve("d").toString());
        assertEquals(ExitCode.INVALID_INPUT, run.exitCode());
        assertTrue(run.err().contains("--out"), run.err());
    }

    @Test
    void theFalsePositiveIsTheLargestLymphNodeComponentTouchingNoTrueLymphNode() {
        // one row of 12 voxels: predicted lymph-node runs at x 0–1, 3–6 and 8–10; truth has a lymph node at x 4 only
        int[] predicted = {2, 2, 0, 2, 2, 2, 2, 0, 2, 2, 2, 0};
        float[] truth = new float[12];
        truth[4] = 2;
        Roi fp = DemoCommand.falsePositiveComponent(new LabelMap(new int[] {1, 1, 12}, predicted),
                new FloatTensor(new int[] {1, 1, 12}, truth)).orElseThrow();
        assertEquals(3, fp.voxelCount(), "x 8–10: the 4-voxel run touches the true node");
        assertTrue(fp.contains(0, 0, 8) && fp.contains(0, 0, 10) && !fp.contains(0, 0, 0));
        truth[0] = 2;
        truth[9] = 2;
        assertTrue(DemoCommand.falsePositiveComponent(new LabelMap(new int[] {1, 1, 12}, predicted),
                new FloatTensor(new int[] {1, 1, 12}, truth)).isEmpty(), "every component touches a true node");
    }

    @Test
    void aNegativeFalsePositiveBudgetIsAnInputError() {
        CliRun run = CliRun.of("demo", "--out", tmp.resolve("d").toString(), "--fp-budget", "-1");
        assertEquals(ExitCode.INVALID_INPUT, run.exitCode());
        assertTrue(run.err().contains("--fp-budget -1"), run.err());
    }

    @Test
    void aBadBudgetIsAnInputError() {
        CliRun run = CliRun.of("demo", "--out", tmp.resolve("d").toString(), "--budget", "many");
        assertEquals(ExitCode.INVALID_INPUT, run.exitCode());
        assertTrue(run.err().contains("--budget"), run.err());
    }
}

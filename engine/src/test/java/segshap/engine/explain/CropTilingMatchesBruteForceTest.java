package segshap.engine.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.engine.coalition.Coalition;
import segshap.engine.coalition.TilePlan;
import segshap.kernels.tensor.Box;
import segshap.protocol.ExplanationReport;
import segshap.protocol.StrategyReport;
import segshap.protocol.job.JobSpec;

/**
 * The crop tiling and the paper's method on the fixture model: each equals a brute-force Shapley sum of its own
 * crop-based game (the sliding window over B_RF, evaluated by the plain reference evaluator), and the paper's
 * method pays for every dirty tile of every coalition of each of its four runs.
 */
class CropTilingMatchesBruteForceTest {
    private static final Box ROI = new Box(14, 26, 18, 22, 36, 28);

    @TempDir Path tmp;

    @Test
    void cropTilingThroughSegshapsEngineEqualsBruteForceOfTheCropGame() throws IOException {
        JobSpec job = FixtureCase.job(FixtureCase.writeOrgans(tmp)).roiMask(FixtureCase.writeRoiMask(tmp, ROI)).tiling("crop").build();
        try (Explainer explainer = FixtureCase.explainer(); ExplanationJob run = explainer.prepare(job, p -> { })) {
            ExplanationReport report = run.explain().report();
            ExplanationSetup s = run.setup();
            assertCropWindow(s, report);
            assertEquals(1, report.strategy().runs());
            BruteForceShapley.assertMatches(s, report);
            assertTrue(report.cache().tileForwards() < report.cache().tileForwardsWithoutCache(),
                    "the m|U_s cache works on crop tiles too: " + report.cache());
        }
    }

    @Test
    void thePapersMethodEqualsBruteForceOfItsCropGameAndForwardsEveryDirtyTileOfEveryRun() throws IOException {
        JobSpec job = FixtureCase.job(FixtureCase.writeOrgans(tmp)).roiMask(FixtureCase.writeRoiMask(tmp, ROI)).strategy("paper")
                .build();
        try (Explainer explainer = FixtureCase.explainer(); ExplanationJob run = explainer.prepare(job, p -> { })) {
            ExplanationReport report = run.explain().report();
            ExplanationSetup s = run.setup();
            assertCropWindow(s, report);
            assertEquals("paper", report.strategy().kind());
            assertEquals(4, report.strategy().runs(), "one KernelSHAP run per value function");
            BruteForceShapley.assertMatches(s, report);

            // each exact run evaluates all 2^M coalitions; only clean tiles are reused, nothing else
            TilePlan plan = s.plan();
            long dirty = 0;
            for (Coalition c : BruteForceShapley.allCoalitions(s)) {
                for (int i = 0; i < plan.relevantTileCount(); i++) if (!plan.isClean(i, c)) dirty++;
            }
            assertEquals(4L << s.units().players().length, report.sampling().evaluations());
            assertEquals(4 * dirty, report.cache().tileForwards(), "every dirty tile of every coalition of every run: " + report.cache());
            assertEquals(0L, report.cache().entriesStored(), "the paper's method keeps no tile cache");
        }
    }

    @Test
    void nnunetTilingReportsNnunetsOwnTilesAndNoDeviation() throws IOException {
        JobSpec job = FixtureCase.job(FixtureCase.writeOrgans(tmp)).roiMask(FixtureCase.writeRoiMask(tmp, ROI)).build();
        try (Explainer explainer = FixtureCase.explainer(); ExplanationJob run = explainer.prepare(job, p -> { })) {
            StrategyReport st = run.explain().report().strategy();
            assertEquals("nnunet", st.tiling());
            assertEquals(st.nnunetTiles(), st.tilesPerCoalition());
            assertNull(st.baselineMaxAbsLogitDiff());
            assertNull(run.setup().cropDeviation());
        }
    }

    /** B_RF = B grown by half a patch, clipped; its window has fewer tiles than nnU-Net's tiles meeting B. */
    private static void assertCropWindow(ExplanationSetup s, ExplanationReport report) {
        int[] patch = s.network().tiles().patchZyx();
        Box b = s.roi().roi().box();
        int[] shape = s.network().tiles().shapeZyx();
        assertEquals(new Box(Math.max(0, b.z0() - patch[0] / 2), Math.max(0, b.y0() - patch[1] / 2), Math.max(0, b.x0() - patch[2] / 2),
                Math.min(shape[0], b.z1() + patch[0] / 2), Math.min(shape[1], b.y1() + patch[1] / 2),
                Math.min(shape[2], b.x1() + patch[2] / 2)), s.plan().window());
        StrategyReport st = report.strategy();
        assertEquals("crop", st.tiling());
        assertEquals(s.plan().relevantTileCount(), st.tilesPerCoalition());
        assertEquals(s.plan().tileGrid().tileCount(), st.tilesPerCoalition(), "every tile of the window over B_RF meets B");
        assertTrue(st.tilesPerCoalition() < st.nnunetTiles(), st.tilesPerCoalition() + " crop tiles vs " + st.nnunetTiles());
        assertNotNull(s.cropDeviation());
        assertTrue(st.baselineMaxAbsLogitDiff() >= 0 && st.baselineDiceVsNnunet() > 0.5, "deviation " + st.baselineMaxAbsLogitDiff()
                + ", Dice " + st.baselineDiceVsNnunet());
    }
}

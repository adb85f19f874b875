package segshap.engine.explain;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.kernels.tensor.Box;
import segshap.protocol.ExplanationReport;
import segshap.protocol.job.JobSpec;

/**
 * End to end on the fixture model: exact organ-unit attributions equal Shapley values computed here by brute
 * force (the textbook permutation-weight sum) from the plain, cache-less reference evaluator.
 */
class ExactExplanationMatchesBruteForceTest {
    @TempDir Path tmp;

    @Test
    void exactOrganAttributionsEqualBruteForceShapleyOfTheReferenceEvaluator() throws IOException {
        Path organs = FixtureCase.writeOrgans(tmp);
        Path roi = FixtureCase.writeRoiMask(tmp, new Box(14, 26, 18, 22, 36, 28));
        JobSpec job = FixtureCase.job(organs).roiMask(roi).build();
        try (Explainer explainer = FixtureCase.explainer()) {
            ExplanationJob run = explainer.prepare(job, p -> { });
            ExplanationReport report = run.explain().report();
            ExplanationSetup s = run.setup();
            assertTrue(report.sampling().exact());
            int m = s.units().players().length;
            assertTrue(m >= 3, "the fixture ROI should see several organs, saw " + m);
            assertTrue(s.plan().relevantTileCount() < s.roi().support().tiles().size(), "a small ROI meets only some tiles");

            BruteForceShapley.assertMatches(s, report);
            assertTrue(report.cache().tileForwards() < report.cache().tileForwardsWithoutCache(),
                    "the m|U_s cache saves forwards: " + report.cache());
            assertTrue(report.engine() != null && report.engine().counters().get("forwards") > 0, "the engine object is filled");
        }
    }
}

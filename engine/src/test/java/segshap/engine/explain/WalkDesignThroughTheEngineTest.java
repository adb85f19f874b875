package segshap.engine.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.kernels.tensor.Box;
import segshap.protocol.EngineReport;
import segshap.protocol.ExplanationReport;
import segshap.protocol.ValueAttribution;
import segshap.protocol.job.JobSpec;

/**
 * Walks and forward budgets through the real engine on the fixture model (hybrid units, sampled): the report says which
 * design ran and how many tile forwards it cost, a forward budget stops the design, efficiency holds, and walks cost
 * fewer forwards per coalition than independent pairs.
 */
class WalkDesignThroughTheEngineTest {
    @TempDir static Path tmp;
    static Path organs;
    static Path roi;

    @BeforeAll
    static void inputs() throws IOException {
        organs = FixtureCase.writeOrgans(tmp);
        roi = FixtureCase.writeRoiMask(tmp, new Box(14, 26, 18, 22, 36, 28));
    }

    private static ExplanationReport explain(JobSpec job) {
        try (Explainer explainer = FixtureCase.explainer(); ExplanationJob j = explainer.prepare(job, p -> { })) {
            return j.explain().report();
        }
    }

    private static JobSpec.Builder hybrid() {
        return FixtureCase.job(organs).roiMask(roi).units("hybrid", 80.0).seed(3);
    }

    @Test
    void walksReportTheirDesignAndForwardsAndCostLessPerCoalitionThanPairs() {
        ExplanationReport walks = explain(hybrid().budgetFixed(400).design("walks").build());
        ExplanationReport pairs = explain(hybrid().budgetFixed(400).design("pairs").build());
        assertEquals("walks", walks.sampling().design());
        assertEquals("pairs", pairs.sampling().design());
        for (ExplanationReport r : new ExplanationReport[] {walks, pairs}) {
            long engineForwards = r.engine().counters().get(EngineReport.FORWARDS);
            assertTrue(r.sampling().tileForwards() > 0 && r.sampling().tileForwards() <= engineForwards,
                    r.sampling().tileForwards() + " of " + engineForwards);
            for (ValueAttribution v : r.values().values()) {
                double sum = 0;
                for (double p : v.phi()) sum += p;
                assertEquals(v.full() - v.empty(), sum, 1e-9 * Math.max(1, Math.abs(v.full() - v.empty())));
            }
        }
        double walkCost = walks.sampling().tileForwards() / (double) walks.sampling().evaluations();
        double pairCost = pairs.sampling().tileForwards() / (double) pairs.sampling().evaluations();
        assertTrue(walkCost < pairCost, "forwards per coalition: walks " + walkCost + ", pairs " + pairCost);
    }

    @Test
    void aForwardBudgetStopsTheDesignAndTheSameJobRepeatsBitForBit() {
        JobSpec job = hybrid().budgetFixed(100_000).forwardBudget(300L).design("walks").build();
        ExplanationReport a = explain(job);
        ExplanationReport b = explain(job);
        assertEquals("walks", a.sampling().design());
        assertTrue(a.sampling().tileForwards() >= 300, "forwards " + a.sampling().tileForwards());
        assertTrue(a.sampling().budget() < 100_000, "coalitions " + a.sampling().budget());
        for (String v : a.values().keySet()) {
            assertArrayEquals(a.values().get(v).phi(), b.values().get(v).phi(), 0.0, v);
            assertArrayEquals(a.values().get(v).stderr(), b.values().get(v).stderr(), 0.0, v);
        }
    }
}

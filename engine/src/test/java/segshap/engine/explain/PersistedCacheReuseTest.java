package segshap.engine.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.engine.coalition.Coalition;
import segshap.engine.coalition.TileKey;
import segshap.engine.coalition.TilePlan;
import segshap.engine.pipeline.EngineMetrics;
import segshap.kernels.tensor.Box;
import segshap.protocol.EngineReport;
import segshap.protocol.ExplanationReport;
import segshap.protocol.FaithfulnessMetrics;
import segshap.protocol.job.JobSpec;

/**
 * The persisted cache's reuse, counted in tile forwards on the fixture model: a later process forwards only the
 * tiles no earlier run stored, and its numbers equal a run without the cache bit for bit.
 */
class PersistedCacheReuseTest {
    @TempDir static Path tmp;
    static Path organs, roi;

    @BeforeAll
    static void inputs() throws IOException {
        organs = FixtureCase.writeOrgans(tmp);
        roi = FixtureCase.writeRoiMask(tmp, new Box(14, 26, 18, 22, 36, 28));
    }

    /** The smaller budget: 2M for the fixture ROI's hybrid units. */
    static final int B = 40;

    /** Hybrid units on the fixture ROI, a sampled budget: most tile patterns are new to each coalition. */
    static JobSpec.Builder hybrid(int budget) {
        return FixtureCase.job(organs).roiMask(roi).units("hybrid", 80.0).budgetFixed(budget).seed(11);
    }

    /** One engine (one process, as far as the cache knows): explain, optionally evaluate. */
    record Run(ExplanationReport explained, ExplanationReport evaluated, long forwardsAfterBaseline, long forwardsAfterExplain,
               long forwardsAtEnd, long hitsFromEarlierRuns, Set<TileKey> allMaskedKeys, int players) {}

    static Run run(JobSpec job, boolean evaluate) {
        List<String> notices = new ArrayList<>();
        try (Explainer explainer = Explainer.start(FixtureCase.explainer().runtime(), notices::add);
             ExplanationJob j = explainer.prepare(job, p -> { })) {
            long afterBaseline = j.metrics().counter(EngineReport.FORWARDS);
            ExplanationReport explained = j.explain().report();
            long afterExplain = j.metrics().counter(EngineReport.FORWARDS);
            ExplanationReport evaluated = evaluate ? j.evaluate(explained) : null;
            assertTrue(notices.isEmpty(), notices.toString());
            TilePlan plan = j.setup().plan();
            Set<TileKey> allMasked = new HashSet<>();
            for (int i = 0; i < plan.relevantTileCount(); i++) allMasked.add(plan.keyOf(i, Coalition.empty(plan.partition().unitCount())));
            return new Run(explained, evaluated, afterBaseline, afterExplain, j.metrics().counter(EngineReport.FORWARDS),
                    j.metrics().counter(EngineMetrics.HITS_FROM_EARLIER_RUNS), allMasked, j.setup().units().players().length);
        }
    }

    static void assertSamePhi(ExplanationReport a, ExplanationReport b) {
        for (String v : a.values().keySet()) {
            assertArrayEquals(a.values().get(v).phi(), b.values().get(v).phi(), 0.0, v);
            assertArrayEquals(a.values().get(v).stderr(), b.values().get(v).stderr(), 0.0, v);
        }
    }

    @Test
    void evaluateInANewProcessForwardsNoTileTheExplanationComputed() {
        JobSpec inMemory = hybrid(B).build();
        Run together = run(inMemory, true); // explain and curves in one job: the curves reuse the explanation's tiles
        long curvesForwards = together.forwardsAtEnd() - together.forwardsAfterExplain();

        JobSpec persisted = hybrid(B).cacheDir(tmp.resolve("cache-a").toString()).build();
        Run first = run(persisted, false);
        Run second = run(persisted, true);
        assertEquals(0, second.forwardsAfterBaseline(), "the baseline comes from the earlier run");
        assertEquals(0, second.forwardsAfterExplain(), "the explanation's coalitions all come from the earlier run");
        assertEquals(curvesForwards, second.forwardsAtEnd(), "the curves forward only what the explanation did not");
        assertTrue(second.hitsFromEarlierRuns() > 0);
        assertSamePhi(together.explained(), first.explained());
        assertSamePhi(together.explained(), second.explained());
        for (String v : together.evaluated().metrics().keySet()) {
            FaithfulnessMetrics a = together.evaluated().metrics().get(v), b = second.evaluated().metrics().get(v);
            assertArrayEquals(a.morf(), b.morf(), 0.0, v);
            assertArrayEquals(a.lerf(), b.lerf(), 0.0, v);
            assertEquals(a.aopc(), b.aopc(), 0.0, v);
        }
        assertEquals(first.forwardsAtEnd(), second.explained().cache().entriesFromEarlierRuns(), "every forward was stored");
    }

    @Test
    void aLargerBudgetAfterASmallerOneForwardsOnlyTheNewCoalitionsTiles() {
        long small = run(hybrid(B).build(), false).forwardsAtEnd();
        Run largeCold = run(hybrid(2 * B).build(), false);

        JobSpec.Builder persisted = hybrid(B).cacheDir(tmp.resolve("cache-b").toString());
        run(persisted.build(), false);
        Run largeWarm = run(persisted.budgetFixed(2 * B).build(), false);
        assertEquals(largeCold.forwardsAtEnd() - small, largeWarm.forwardsAtEnd(),
                "nested designs: the larger budget adds coalitions, and only their new tiles are forwarded");
        assertSamePhi(largeCold.explained(), largeWarm.explained());
    }

    @Test
    void hybridUnitsAfterOrganUnitsReuseTheBaselineAndTheAllMaskedTiles() {
        Path cache = tmp.resolve("cache-c");
        Run organsRun = run(FixtureCase.job(organs).roiMask(roi).cacheDir(cache.toString()).build(), false);
        Run hybridCold = run(hybrid(B).build(), false);
        Run hybridWarm = run(hybrid(B).cacheDir(cache.toString()).build(), false);
        Set<TileKey> shared = new HashSet<>(hybridWarm.allMaskedKeys());
        shared.retainAll(organsRun.allMaskedKeys());
        assertEquals(hybridWarm.allMaskedKeys(), shared, "both partitions mask the same voxels when every unit is removed");
        assertEquals(0, hybridWarm.forwardsAfterBaseline(), "the baseline tiles are the organ run's");
        long tiles = shared.size();
        System.out.printf("hybrid after organs: %d players, %d forwards warm vs %d cold, %d hits from earlier runs%n",
                hybridWarm.players(), hybridWarm.forwardsAtEnd(), hybridCold.forwardsAtEnd(), hybridWarm.hitsFromEarlierRuns());
        assertTrue(hybridWarm.forwardsAtEnd() <= hybridCold.forwardsAtEnd() - 2 * tiles,
                "baseline and all-masked tiles are not forwarded again: " + hybridWarm.forwardsAtEnd() + " warm vs "
                        + hybridCold.forwardsAtEnd() + " cold");
        assertSamePhi(hybridCold.explained(), hybridWarm.explained());
        assertTrue(organsRun.forwardsAtEnd() > 0);
    }
}

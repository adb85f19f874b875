package segshap.engine.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.testkit.TestPublisher;
import org.apache.pekko.stream.testkit.TestSubscriber;
import org.apache.pekko.stream.testkit.javadsl.TestSink;
import org.apache.pekko.stream.testkit.javadsl.TestSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import segshap.engine.coalition.Baseline;
import segshap.engine.coalition.Coalition;
import segshap.engine.coalition.ReferenceCoalitionEvaluator;
import segshap.engine.coalition.TileMeanBackend;
import segshap.engine.device.MemoryBudget;

class TileExpanderSpec {
    static final PipelineTestKit KIT = new PipelineTestKit();
    static final Baseline BASELINE = new ReferenceCoalitionEvaluator(StageFixture.PLAN, new TileMeanBackend(), 4).baseline();
    static final int TILES = StageFixture.PLAN.relevantTileCount();

    @AfterAll
    static void stop() {
        KIT.close();
    }

    private Pair<TestPublisher.Probe<CoalitionSource.Item>, TestSubscriber.Probe<TileRequest>> run(MemoryBudget budget, long cost) {
        return TestSource.<CoalitionSource.Item>probe(KIT.system)
                .via(new TileExpander(StageFixture.PLAN, BASELINE, budget, cost, new EngineMetrics()))
                .toMat(TestSink.probe(KIT.system), org.apache.pekko.stream.javadsl.Keep.both())
                .run(KIT.materializer);
    }

    @Test
    void aCoalitionBecomesOneRequestPerRelevantTileInTileOrder() {
        var probes = run(new MemoryBudget("open", 100), 10);
        probes.first().sendNext(new CoalitionSource.Item(0, StageFixture.none()));
        probes.second().request(TILES);
        for (int i = 0; i < TILES; i++) {
            TileRequest r = probes.second().expectNext();
            assertEquals(i, r.tile());
            assertEquals(TileRequest.Origin.UNRESOLVED, r.origin());
        }
    }

    @Test
    void cleanTilesResolveToTheBaselineAtOnce() {
        var probes = run(new MemoryBudget("open", 100), 10);
        probes.first().sendNext(new CoalitionSource.Item(0, Coalition.full(StageFixture.UNITS)));
        probes.second().request(TILES);
        for (int i = 0; i < TILES; i++) {
            TileRequest r = probes.second().expectNext();
            assertEquals(TileRequest.Origin.CLEAN, r.origin());
            assertSame(BASELINE.tileLogits()[i], r.logits());
            assertNull(r.key());
        }
    }

    @Test
    void itWaitsForTheOpenCoalitionBudgetAndResumesWhenBytesReturn() {
        MemoryBudget budget = new MemoryBudget("open", 10);
        var probes = run(budget, 10);
        assertEquals(true, budget.tryAcquire(10), "the test holds the whole budget");
        probes.first().sendNext(new CoalitionSource.Item(0, StageFixture.none()));
        probes.second().request(1);
        probes.second().expectNoMessage(Duration.ofMillis(200));
        budget.release(10);
        assertEquals(0, probes.second().expectNext().tile());
    }

    @Test
    void itCompletesAfterTheLastCoalitionIsExpanded() {
        var probes = run(new MemoryBudget("open", 100), 10);
        probes.first().sendNext(new CoalitionSource.Item(0, StageFixture.none()));
        probes.first().sendComplete();
        probes.second().request(TILES + 1);
        for (int i = 0; i < TILES; i++) probes.second().expectNext();
        probes.second().expectComplete();
    }

    @Test
    void itFailsWhenUpstreamFails() {
        var probes = run(new MemoryBudget("open", 100), 10);
        probes.second().request(1);
        probes.first().sendError(new IllegalStateException("boom"));
        assertEquals("boom", probes.second().expectError().getMessage());
    }
}

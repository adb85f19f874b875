package segshap.engine.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import segshap.engine.coalition.Baseline;
import segshap.engine.coalition.ReferenceCoalitionEvaluator;
import segshap.engine.coalition.TileMeanBackend;
import segshap.engine.device.MemoryBudget;

class ValueStageSpec {
    static final PipelineTestKit KIT = new PipelineTestKit();

    @AfterAll
    static void stop() {
        KIT.close();
    }

    @Test
    void itScoresAllFourValuesGivesTheCoalitionsBytesBackAndReportsIt() {
        ReferenceCoalitionEvaluator reference = new ReferenceCoalitionEvaluator(StageFixture.PLAN, new TileMeanBackend(), 2);
        Baseline baseline = reference.baseline();
        float[] fused = new float[StageFixture.PLAN.fusedFloats()];
        StageFixture.PLAN.fuse(reference.tileLogits(StageFixture.none()), fused);
        MemoryBudget open = new MemoryBudget("open", 100);
        open.tryAcquire(40);
        AtomicLong reported = new AtomicLong(-1);
        List<ValueStage.Scored> out = CoalitionPipeline.join(Source.single(new FusedCoalition(3, fused, System.nanoTime()))
                .via(ValueStage.flow(StageFixture.PLAN, baseline, open, 40, new EngineMetrics(), reported::set))
                .runWith(Sink.seq(), KIT.materializer));
        assertArrayEquals(reference.evaluate(List.of(StageFixture.none()))[0], out.get(0).values(), 0.0);
        assertEquals(0, open.inUseBytes());
        assertEquals(3, reported.get());
    }
}

package segshap.engine.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import segshap.engine.coalition.Coalition;
import segshap.engine.coalition.ReferenceCoalitionEvaluator;
import segshap.engine.coalition.TileMeanBackend;
import segshap.engine.coalition.TilePlan;

class FusionStageSpec {
    static final PipelineTestKit KIT = new PipelineTestKit();

    @AfterAll
    static void stop() {
        KIT.close();
    }

    @Test
    void tilesArrivingInAnyOrderAndInterleavedFuseAsTheReferenceDoes() {
        TilePlan plan = StageFixture.PLAN;
        ReferenceCoalitionEvaluator reference = new ReferenceCoalitionEvaluator(plan, new TileMeanBackend(), 2);
        Coalition a = StageFixture.none(), b = Coalition.of(StageFixture.UNITS, 0, 2);
        float[][] la = reference.tileLogits(a), lb = reference.tileLogits(b);
        List<TileRequest> in = new ArrayList<>();
        for (int i = 0; i < plan.relevantTileCount(); i++) {
            in.add(StageFixture.unresolved(0, i, a).with(TileRequest.Origin.HIT, la[i], null));
            in.add(StageFixture.unresolved(1, i, b).with(TileRequest.Origin.HIT, lb[i], null));
        }
        Collections.shuffle(in, new Random(7));
        List<FusedCoalition> out = CoalitionPipeline.join(Source.from(in).via(new FusionStage(plan, new EngineMetrics()))
                .runWith(Sink.seq(), KIT.materializer));
        assertEquals(2, out.size());
        for (FusedCoalition f : out) {
            float[] expected = new float[plan.fusedFloats()];
            plan.fuse(f.coalition() == 0 ? la : lb, expected);
            assertArrayEquals(expected, f.fusedOverB(), "coalition " + f.coalition());
        }
    }

    @Test
    void upstreamEndingWithACoalitionMissingTilesFailsTheStage() {
        TileRequest one = StageFixture.unresolved(0, 0, StageFixture.none()).with(TileRequest.Origin.HIT, new float[1], null);
        Throwable e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> CoalitionPipeline.join(
                Source.single(one).via(new FusionStage(StageFixture.PLAN, new EngineMetrics())).runWith(Sink.seq(), KIT.materializer)));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }
}

package segshap.engine.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import segshap.engine.cache.HeapTileCache;
import segshap.protocol.EngineReport;

class InFlightDedupSpec {
    static final PipelineTestKit KIT = new PipelineTestKit();

    @AfterAll
    static void stop() {
        KIT.close();
    }

    @Test
    void manyCoalitionsAskingForOneKeyTogetherGetOneForwardAndJoinIt() {
        EngineMetrics metrics = new EngineMetrics();
        List<TileRequest> out = CoalitionPipeline.join(Source.range(1, 9)
                .map(seq -> StageFixture.unresolved(seq, 0, StageFixture.none()))
                .via(new InFlightDedup(new HeapTileCache(1 << 20), metrics))
                .runWith(Sink.seq(), KIT.materializer));
        assertEquals(TileRequest.Origin.FORWARD, out.get(0).origin());
        for (int i = 1; i < out.size(); i++) {
            assertEquals(TileRequest.Origin.JOINED, out.get(i).origin(), "request " + i);
            assertSame(out.get(0).pending(), out.get(i).pending(), "joins the leader's forward");
        }
        assertEquals(8, metrics.snapshot().counter(EngineReport.DEDUP_JOINS));
    }

    @Test
    void aKeyThatReachedTheCacheMeanwhileIsAHit() {
        HeapTileCache cache = new HeapTileCache(1 << 20);
        TileRequest r = StageFixture.unresolved(0, 0, StageFixture.none());
        float[] logits = new float[StageFixture.PLAN.cropFloats(0)];
        cache.put(r.key(), logits);
        List<TileRequest> out = CoalitionPipeline.join(Source.single(r).via(new InFlightDedup(cache, new EngineMetrics()))
                .runWith(Sink.seq(), KIT.materializer));
        assertEquals(TileRequest.Origin.HIT, out.get(0).origin());
        assertSame(logits, out.get(0).logits());
    }

    @Test
    void resolvedRequestsPassThroughUnchanged() {
        TileRequest clean = StageFixture.unresolved(0, 0, StageFixture.none()).with(TileRequest.Origin.CLEAN, new float[1], null);
        List<TileRequest> out = CoalitionPipeline.join(Source.single(clean).via(new InFlightDedup(new HeapTileCache(0), new EngineMetrics()))
                .runWith(Sink.seq(), KIT.materializer));
        assertSame(clean, out.get(0));
    }
}

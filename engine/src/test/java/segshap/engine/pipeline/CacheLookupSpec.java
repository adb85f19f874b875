package segshap.engine.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import segshap.engine.coalition.Coalition;
import segshap.engine.cache.HeapTileCache;

class CacheLookupSpec {
    static final PipelineTestKit KIT = new PipelineTestKit();

    @AfterAll
    static void stop() {
        KIT.close();
    }

    @Test
    void aCachedKeyResolvesToItsEntryAndAnUncachedOnePassesOnUnresolved() {
        HeapTileCache cache = new HeapTileCache(1 << 20);
        TileRequest cached = StageFixture.unresolved(0, 0, StageFixture.none());
        TileRequest other = StageFixture.unresolved(1, 1, Coalition.of(StageFixture.UNITS, 1));
        float[] logits = new float[StageFixture.PLAN.cropFloats(0)];
        cache.put(cached.key(), logits);
        List<TileRequest> out = CoalitionPipeline.join(Source.from(List.of(cached, other))
                .via(CacheLookup.flow(cache, new EngineMetrics())).runWith(Sink.seq(), KIT.materializer));
        assertEquals(TileRequest.Origin.HIT, out.get(0).origin());
        assertSame(logits, out.get(0).logits());
        assertSame(other, out.get(1));
    }
}

package segshap.engine.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import segshap.engine.cache.HeapTileCache;

class CacheStoreSpec {

    @Test
    void aForwardedOutputIsCachedAndDeliveredToTheRequestsThatJoinedIt() {
        HeapTileCache cache = new HeapTileCache(1 << 20);
        CompletableFuture<float[]> pending = new CompletableFuture<>();
        float[] logits = new float[StageFixture.PLAN.cropFloats(0)];
        TileRequest leader = StageFixture.unresolved(0, 0, StageFixture.none()).with(TileRequest.Origin.FORWARD, logits, pending);
        TileRequest joined = StageFixture.unresolved(1, 0, StageFixture.none()).with(TileRequest.Origin.JOINED, null, pending);
        List<TileRequest> out = CacheStore.store(List.of(leader, joined), cache, new EngineMetrics());
        assertSame(logits, cache.get(leader.key()).logits());
        assertTrue(pending.isDone());
        assertSame(logits, out.get(1).logits());
        assertEquals(2, out.size());
    }

    @Test
    void aJoinedRequestWhoseLeaderHasNotDeliveredIsABrokenOrder() {
        TileRequest joined = StageFixture.unresolved(1, 0, StageFixture.none()).with(TileRequest.Origin.JOINED, null, new CompletableFuture<>());
        assertThrows(IllegalStateException.class, () -> CacheStore.store(List.of(joined), new HeapTileCache(0), new EngineMetrics()));
    }

    @Test
    void aFullCacheRefusesTheEntryButTheRequestStillHasItsLogits() {
        HeapTileCache cache = new HeapTileCache(0);
        float[] logits = new float[4];
        TileRequest leader = StageFixture.unresolved(0, 0, StageFixture.none()).with(TileRequest.Origin.FORWARD, logits, new CompletableFuture<>());
        List<TileRequest> out = CacheStore.store(List.of(leader), cache, new EngineMetrics());
        assertSame(logits, out.get(0).logits());
        assertEquals(1, cache.stats().refused());
    }
}

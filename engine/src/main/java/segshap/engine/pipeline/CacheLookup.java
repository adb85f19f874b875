package segshap.engine.pipeline;

import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;
import segshap.engine.cache.TileCache;

/**
 * Resolves unresolved tile requests whose key is in the tile cache ({@link TileRequest.Origin#HIT}); passes
 * every other request on unchanged. One in, one out: emits when downstream pulls, backpressures otherwise,
 * completes with upstream, fails with upstream.
 */
public final class CacheLookup {
    private CacheLookup() {}

    public static Flow<TileRequest, TileRequest, NotUsed> flow(TileCache cache, EngineMetrics metrics) {
        return Flow.<TileRequest>create().map(r -> {
            if (r.origin() != TileRequest.Origin.UNRESOLVED) return r;
            TileCache.Hit hit = cache.get(r.key());
            if (hit == null) return r;
            metrics.recordHit(hit);
            return r.with(TileRequest.Origin.HIT, hit.logits(), null);
        });
    }
}

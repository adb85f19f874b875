package segshap.engine.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;
import segshap.engine.cache.TileCache;

/**
 * Stores every forwarded tile output in the tile cache (when it has room), completes the leader's future for
 * the requests that joined it, resolves those, and flattens the batch back into single requests in order.
 * Every request leaves with its logits. Emits when downstream pulls; backpressures otherwise; completes with
 * upstream; fails with upstream, or when a joined request's leader has not delivered (a broken order
 * invariant, never expected).
 */
public final class CacheStore {
    private CacheStore() {}

    /** @param cache where forwarded tiles are stored, or {@code null} to store nothing (tiles not shared by key) */
    public static Flow<List<TileRequest>, TileRequest, NotUsed> flow(TileCache cache, EngineMetrics metrics) {
        return Flow.<List<TileRequest>>create().mapConcat(batch -> store(batch, cache, metrics));
    }

    static List<TileRequest> store(List<TileRequest> batch, TileCache cache, EngineMetrics metrics) {
        for (TileRequest r : batch) {
            if (r.origin() != TileRequest.Origin.FORWARD) continue;
            if (cache == null) {
                r.pending().complete(r.logits());
                continue;
            }
            TileCache.Admission a = cache.put(r.key(), r.logits());
            if (a == TileCache.Admission.STORED) {
                metrics.entriesStored.increment();
                metrics.bytesCached.add(4L * r.logits().length);
            } else if (a == TileCache.Admission.REFUSED) {
                metrics.cacheRefused.increment();
            }
            r.pending().complete(r.logits()); // after the store: a request arriving once the key left flight finds it cached
        }
        List<TileRequest> out = new ArrayList<>(batch.size());
        for (TileRequest r : batch) {
            if (r.origin() == TileRequest.Origin.JOINED) {
                float[] v = r.pending().getNow(null);
                if (v == null) throw new IllegalStateException("request " + r.key() + " joined a forward that has not delivered");
                out.add(r.with(TileRequest.Origin.JOINED, v, null));
            } else {
                out.add(r);
            }
        }
        return out;
    }
}

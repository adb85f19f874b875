package segshap.engine.pipeline;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import segshap.engine.cache.TileCache;
import segshap.engine.coalition.TileKey;

/**
 * One forward per key while it is in flight. The first unresolved request for a key becomes the leader
 * ({@link TileRequest.Origin#FORWARD}, carrying a future that {@link CacheStore} completes); later requests
 * for the same key, until that future completes, join it ({@link TileRequest.Origin#JOINED}) instead of
 * forwarding again. A request whose key reached the cache since {@link CacheLookup} looked is a hit.
 *
 * <p>Joined requests travel behind their leader in stream order, and every later stage keeps that order, so a
 * joined request's future is complete when it reaches {@link CacheStore}. One in, one out: emits when
 * downstream pulls, backpressures otherwise, completes with upstream, fails with upstream.
 */
public final class InFlightDedup extends GraphStage<FlowShape<TileRequest, TileRequest>> {
    private final Inlet<TileRequest> in = Inlet.create("InFlightDedup.in");
    private final Outlet<TileRequest> out = Outlet.create("InFlightDedup.out");
    private final FlowShape<TileRequest, TileRequest> shape = FlowShape.of(in, out);
    private final TileCache cache;
    private final EngineMetrics metrics;

    public InFlightDedup(TileCache cache, EngineMetrics metrics) {
        this.cache = cache;
        this.metrics = metrics;
    }

    @Override
    public FlowShape<TileRequest, TileRequest> shape() {
        return shape;
    }

    @Override
    public GraphStageLogic createLogic(Attributes attributes) {
        return new GraphStageLogic(shape) {
            private final Map<TileKey, CompletableFuture<float[]>> inFlight = new HashMap<>();
            private AsyncCallback<TileKey> landed;

            @Override
            public void preStart() {
                landed = createAsyncCallback(inFlight::remove);
            }

            {
                setHandler(in, new AbstractInHandler() {
                    @Override
                    public void onPush() {
                        push(out, route(grab(in)));
                    }
                });
                setHandler(out, new AbstractOutHandler() {
                    @Override
                    public void onPull() {
                        pull(in);
                    }
                });
            }

            private TileRequest route(TileRequest r) {
                if (r.origin() != TileRequest.Origin.UNRESOLVED) return r;
                CompletableFuture<float[]> leader = inFlight.get(r.key());
                if (leader != null) {
                    metrics.dedupJoins.increment();
                    return r.with(TileRequest.Origin.JOINED, null, leader);
                }
                TileCache.Hit hit = cache.get(r.key());
                if (hit != null) {
                    metrics.recordHit(hit);
                    return r.with(TileRequest.Origin.HIT, hit.logits(), null);
                }
                CompletableFuture<float[]> result = new CompletableFuture<>();
                TileKey key = r.key();
                inFlight.put(key, result);
                result.whenComplete((v, e) -> landed.invoke(key));
                return r.with(TileRequest.Origin.FORWARD, null, result);
            }
        };
    }
}

package segshap.engine.pipeline;

import java.time.Duration;
import java.util.List;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;

/**
 * Groups tile requests into batches for the device worker, by bytes: a request that must be forwarded weighs
 * what one more tile adds to a batch on the backend ({@code bytesPerTile}); every other request (clean, hit,
 * joined) weighs nothing and only rides along to keep the stream in order. Built on Pekko's
 * {@code groupedWeightedWithin}, which never exceeds {@code maxBatchBytes} (a request that would is the
 * first of the next batch) — unlike {@code groupedWeighted}, which emits once it has reached the weight and
 * so overshoots it.
 *
 * <p>Emits a batch when the next request would pass the byte limit, when it holds {@code maxRequests}
 * requests, or {@code linger} after its first request, whichever comes first (Triton's dynamic batching).
 * Backpressures when downstream does not pull and a batch is full. Completes with upstream (after emitting
 * the open batch); fails with upstream.
 */
public final class Batcher {
    private Batcher() {}

    /**
     * @param maxBatchBytes weight limit of one batch, ≥ {@code bytesPerTile}
     * @param bytesPerTile  weight of one request to forward, ≥ 1
     * @param maxRequests   most requests (of any kind) in one batch
     * @param linger        longest time a batch waits for more requests
     */
    public static Flow<TileRequest, List<TileRequest>, NotUsed> flow(long maxBatchBytes, long bytesPerTile, int maxRequests,
                                                                     Duration linger) {
        if (bytesPerTile < 1 || maxBatchBytes < bytesPerTile) {
            throw new IllegalArgumentException("batch limit " + maxBatchBytes + " bytes cannot hold one tile of " + bytesPerTile);
        }
        return Flow.<TileRequest>create()
                .groupedWeightedWithin(maxBatchBytes, maxRequests, r -> r.needsForward() ? bytesPerTile : 0L, linger);
    }
}

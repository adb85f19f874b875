package segshap.engine.pipeline;

import java.util.concurrent.CompletableFuture;
import segshap.engine.coalition.Coalition;
import segshap.engine.coalition.TileKey;
import segshap.engine.coalition.TilePlan;

/**
 * One relevant tile of one coalition on its way through the pipeline. It starts unresolved (only a key) and
 * leaves {@link CacheStore} with its logits (heads, crop); {@link #origin} says where they came from.
 *
 * @param plan         the explanation it belongs to (the device worker serves many)
 * @param coalition    the coalition's sequence number within one pipeline run
 * @param tile         relevant tile index in {@code plan}
 * @param kept         the coalition, over the plan's units
 * @param key          {@code m|U_s}
 * @param origin       how the logits were (or will be) obtained
 * @param logits       the tile's logits, or {@code null} while unresolved
 * @param pending      for {@link Origin#FORWARD} the future this request completes, for {@link Origin#JOINED}
 *                     the one it waits for; else {@code null}
 * @param createdNanos {@link System#nanoTime()} when the coalition was expanded
 */
public record TileRequest(TilePlan plan, long coalition, int tile, Coalition kept, TileKey key, Origin origin,
                          float[] logits, CompletableFuture<float[]> pending, long createdNanos) {

    /** Where a tile's logits come from. */
    public enum Origin {
        /** No unit of the tile is removed: the baseline's logits. */
        CLEAN,
        /** Found in the tile cache. */
        HIT,
        /** Another request with the same key is being forwarded; this one shares its result. */
        JOINED,
        /** Forwarded through the network. */
        FORWARD,
        /** Not yet looked up. */
        UNRESOLVED
    }

    /** True for the one request per key that the device worker forwards, until its logits are set. */
    public boolean needsForward() {
        return origin == Origin.FORWARD && logits == null;
    }

    TileRequest with(Origin newOrigin, float[] newLogits, CompletableFuture<float[]> newPending) {
        return new TileRequest(plan, coalition, tile, kept, key, newOrigin, newLogits, newPending, createdNanos);
    }
}

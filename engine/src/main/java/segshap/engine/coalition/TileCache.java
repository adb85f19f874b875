package segshap.engine.coalition;

/**
 * Tile outputs by {@link TileKey}: the logits (heads, crop) of a tile input computed once. Entries are never
 * evicted, so a hit is always valid; when full, a cache stops admitting and evaluation goes on, slower.
 * Implementations are safe for concurrent use (a pipeline stores from one stage and looks up from another).
 */
public interface TileCache {

    /** The stored logits of {@code key}, or {@code null}; the caller must not mutate them. */
    float[] get(TileKey key);

    /** Stores {@code logits} under {@code key} when there is room; returns whether it was admitted. */
    boolean put(TileKey key, float[] logits);

    /** Entries held. */
    long entries();

    /** Bytes of tile outputs held. */
    long bytes();

    /** Entries refused because the cache was full. */
    long refused();
}

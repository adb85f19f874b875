package segshap.engine.cache;

import segshap.engine.coalition.TileKey;

/**
 * Tile outputs by {@link TileKey}: the logits (heads, crop) of a tile input, computed once. Entries are never
 * evicted and a key names its content, so a hit is always valid; when full, a cache stops admitting and
 * evaluation goes on, slower. Implementations are safe for concurrent use (a pipeline stores from one stage and
 * looks up from another; jobs on one engine share a cache). The pipeline sees only this interface.
 */
public interface TileCache extends AutoCloseable {

    /**
     * The stored logits of {@code key}, or {@code null} when absent. An entry that fails its check (a corrupt
     * file) is dropped, counted in {@link Stats#corrupt()} and reported as absent, so it is recomputed.
     */
    Hit get(TileKey key);

    /**
     * Stores {@code logits} under {@code key} when there is room; never throws because the cache is full. The
     * caller does not mutate {@code logits} afterwards (an in-heap cache may keep the array itself).
     */
    Admission put(TileKey key, float[] logits);

    /** Counters and sizes now. */
    Stats stats();

    /** Releases memory and files; a persisted cache is left consistent for the next run. Idempotent. */
    @Override
    void close();

    /**
     * A stored tile output.
     *
     * @param logits         (heads, crop); the caller must not mutate them
     * @param fromEarlierRun stored by an earlier process (a persisted cache reopened)
     */
    record Hit(float[] logits, boolean fromEarlierRun) {}

    /** What {@link #put} did. */
    enum Admission {
        /** Stored now. */
        STORED,
        /** The key was there already (a racing store of the same key; its value is identical). */
        PRESENT,
        /** Not stored: the cache is full (or the value is larger than the cache can ever hold). */
        REFUSED
    }

    /**
     * @param location        {@code memory} or the folder of the persisted file set
     * @param entries         entries held
     * @param bytes           bytes held (tile outputs and their record headers)
     * @param capacityBytes   bytes it may hold
     * @param entriesAtOpen   entries found from earlier runs when it was opened
     * @param refused         entries refused because it was full, since it was opened
     * @param corrupt         entries dropped because they failed their checksum, since it was opened
     */
    record Stats(String location, long entries, long bytes, long capacityBytes, long entriesAtOpen, long refused,
                 long corrupt) {}
}

package segshap.engine.coalition;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link TileCache} on the Java heap, bounded by a byte capacity; gone with the process. */
public final class HeapTileCache implements TileCache {
    private final long capacityBytes;
    private final ConcurrentHashMap<TileKey, float[]> map = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    /** @param capacityBytes bytes of tile outputs it may hold, ≥ 0 */
    public HeapTileCache(long capacityBytes) {
        if (capacityBytes < 0) throw new IllegalArgumentException("cache capacity must be ≥ 0 bytes, got " + capacityBytes);
        this.capacityBytes = capacityBytes;
    }

    @Override
    public float[] get(TileKey key) {
        return map.get(key);
    }

    @Override
    public boolean put(TileKey key, float[] logits) {
        long size = 4L * logits.length;
        long now;
        do {
            now = bytes.get();
            if (now + size > capacityBytes) {
                refused.incrementAndGet();
                return false;
            }
        } while (!bytes.compareAndSet(now, now + size));
        if (map.putIfAbsent(key, logits) != null) {
            bytes.addAndGet(-size); // a racing store of the same key won; its value is identical
            return false;
        }
        return true;
    }

    @Override
    public long entries() {
        return map.size();
    }

    @Override
    public long bytes() {
        return bytes.get();
    }

    @Override
    public long refused() {
        return refused.get();
    }
}

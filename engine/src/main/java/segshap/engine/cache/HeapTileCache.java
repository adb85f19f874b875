package segshap.engine.cache;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import segshap.engine.coalition.TileKey;

/**
 * A {@link TileCache} on the Java heap, bounded by a byte capacity; gone with the process. The plain reference
 * the off-heap cache is tested against, and the cache of tests that need no files.
 */
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
    public Hit get(TileKey key) {
        float[] v = map.get(key);
        return v == null ? null : new Hit(v, false);
    }

    @Override
    public Admission put(TileKey key, float[] logits) {
        if (map.containsKey(key)) return Admission.PRESENT;
        long size = 4L * logits.length;
        long now;
        do {
            now = bytes.get();
            if (now + size > capacityBytes) {
                refused.incrementAndGet();
                return Admission.REFUSED;
            }
        } while (!bytes.compareAndSet(now, now + size));
        if (map.putIfAbsent(key, logits) != null) {
            bytes.addAndGet(-size); // a racing store of the same key won; its value is identical
            return Admission.PRESENT;
        }
        return Admission.STORED;
    }

    @Override
    public Stats stats() {
        return new Stats("heap", map.size(), bytes.get(), capacityBytes, 0, refused.get(), 0);
    }

    @Override
    public void close() {
        map.clear();
    }
}

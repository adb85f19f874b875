package segshap.engine.cache;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import segshap.protocol.job.JobCache;

/**
 * The tile caches open in one engine, shared by every job on the same model and preprocessed volume (and, when
 * persisted, the same folder): a job leases one and closes its lease when done; the last lease closes the cache
 * (a persisted one is then marked clean for the next run). Safe for concurrent use.
 */
public final class TileCacheRegistry implements AutoCloseable {
    private final Consumer<String> notices;
    private final Map<String, Shared> open = new HashMap<>(); // guarded by this

    /** @param notices receives the caches' one-line messages (full, recovered, moved aside) */
    public TileCacheRegistry(Consumer<String> notices) {
        this.notices = notices;
    }

    /** A job's use of a cache; closing it twice does nothing. */
    public final class Lease implements AutoCloseable {
        private final Shared shared;
        private boolean closed;

        private Lease(Shared shared) {
            this.shared = shared;
        }

        public TileCache cache() {
            return shared.cache;
        }

        @Override
        public void close() {
            synchronized (TileCacheRegistry.this) {
                if (closed) return;
                closed = true;
                if (--shared.leases == 0) {
                    open.remove(shared.name);
                    shared.cache.close();
                }
            }
        }
    }

    private static final class Shared {
        final String name;
        final TileCache cache;
        int leases;

        Shared(String name, TileCache cache) {
            this.name = name;
            this.cache = cache;
        }
    }

    /**
     * The cache of a job's cache section for this model and volume, opened when no running job holds it.
     * Capacity 0 gives a cache that stores nothing; a persisted cache another process holds gives an in-memory
     * one for this job, with a message.
     *
     * @throws CacheException when a persisted cache is broken beyond moving it aside
     */
    public synchronized Lease lease(JobCache spec, byte[] modelDigest, byte[] volumeDigest) {
        HexFormat hex = HexFormat.of();
        String where = spec.dir() == null ? "memory" : Path.of(spec.dir()).toAbsolutePath().normalize().toString();
        String name = where + "|" + hex.formatHex(modelDigest) + "|" + hex.formatHex(volumeDigest);
        Shared shared = open.get(name);
        if (shared == null) {
            shared = new Shared(name, create(spec, modelDigest, volumeDigest));
            open.put(name, shared);
        }
        shared.leases++;
        return new Lease(shared);
    }

    private TileCache create(JobCache spec, byte[] modelDigest, byte[] volumeDigest) {
        if (spec.capacityBytes() == 0) return new HeapTileCache(0);
        List<String> missing = ChronicleTileCache.missingJvmFlags();
        if (!missing.isEmpty()) {
            // a library user's JVM without Chronicle's flags: keep working, on the heap, and say how to fix it
            notices.accept("the off-heap tile cache needs the JVM flags " + String.join(" ", missing) + "; this run keeps "
                    + "tile outputs on the Java heap" + (spec.dir() == null ? "" : " and does not persist them to " + spec.dir()));
            return new HeapTileCache(spec.capacityBytes());
        }
        if (spec.dir() == null) return ChronicleTileCache.inMemory(spec.capacityBytes(), notices);
        try {
            return ChronicleTileCache.persisted(Path.of(spec.dir()), modelDigest, volumeDigest, spec.capacityBytes(), notices);
        } catch (CacheFileSet.InUseException e) {
            notices.accept(e.getMessage() + "; this run keeps its tiles in memory only");
            return ChronicleTileCache.inMemory(spec.capacityBytes(), notices);
        }
    }

    /** Closes every cache still open (leases left open by their jobs included). */
    @Override
    public synchronized void close() {
        List<Shared> all = new ArrayList<>(open.values());
        open.clear();
        for (Shared s : all) s.cache.close();
    }
}

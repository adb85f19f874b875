package segshap.engine.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import segshap.engine.coalition.TileKey;

/**
 * The off-heap tile cache: a Chronicle Map index (32-byte {@link TileKey} → 16-byte {@link Slab.Location}) over a
 * {@link Slab} of checksummed records, in direct memory or persisted in a {@link CacheFileSet}.
 *
 * <p><b>Full.</b> Past its capacity (slab bytes), its index size, the largest record a chunk holds, or the JVM's
 * direct memory, it stops admitting, counts what it refuses and says so once through {@code notices}; it never
 * throws because it is full. <b>Never an unchecked entry.</b> Every hit is read back through its record's
 * checksum and key; one that fails is dropped, counted and recomputed by the caller. <b>Crashes.</b> Records are
 * written before they are indexed, so a kill leaves at worst an unindexed or cut-off record; a set not closed
 * cleanly is reopened with Chronicle's own recovery ({@code recoverPersistedTo}), and when even that fails the
 * index is moved aside and rebuilt from the slab's records.
 *
 * <p>Lookups run concurrently; stores are serialised (one append position).
 */
public final class ChronicleTileCache implements TileCache {
    static {
        // Chronicle phones home and prints banners unless told not to (the artifact is also excluded from the build)
        if (System.getProperty("chronicle.analytics.disable") == null) System.setProperty("chronicle.analytics.disable", "true");
        if (System.getProperty("chronicle.announcer.disable") == null) System.setProperty("chronicle.announcer.disable", "true");
    }

    /**
     * The JVM flags Chronicle Map needs that this JVM lacks (empty when it has them all): without them it fails
     * deep inside its first map. Java 17+ flags: {@code --add-opens java.base/java.lang}, {@code
     * java.base/java.lang.reflect}, {@code --add-exports java.base/sun.nio.ch}, {@code java.base/jdk.internal.ref}
     * (each {@code =ALL-UNNAMED}).
     */
    public static List<String> missingJvmFlags() {
        Module base = Object.class.getModule();
        Module us = ChronicleTileCache.class.getModule();
        List<String> missing = new ArrayList<>();
        for (String p : List.of("java.lang", "java.lang.reflect")) {
            if (!base.isOpen(p, us)) missing.add("--add-opens=java.base/" + p + "=ALL-UNNAMED");
        }
        for (String p : List.of("sun.nio.ch", "jdk.internal.ref")) {
            if (!base.isExported(p, us)) missing.add("--add-exports=java.base/" + p + "=ALL-UNNAMED");
        }
        return missing;
    }

    /** Index entries per byte of capacity for a new index: one per 16 KiB of tile outputs, within bounds. */
    private static final long BYTES_PER_INDEX_ENTRY = 16 << 10;
    private static final long MIN_INDEX_ENTRIES = 4096, MAX_INDEX_ENTRIES = 1 << 24;
    /** A persisted slab maps 1 GiB chunks (lazily, sparse); the largest record is one chunk. */
    private static final long PERSISTED_CHUNK = 1L << 30;

    private final String location;
    private final ChronicleMap<byte[], byte[]> index;
    private final Slab slab;
    private final CacheFileSet files; // null in memory
    private final long capacityBytes;
    private final long maxEntries;
    private final long endAtOpen; // records before it were stored by earlier runs
    private final long entriesAtOpen;
    private final Consumer<String> notices;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong corrupt = new AtomicLong();
    private final AtomicBoolean saidFull = new AtomicBoolean();
    private final AtomicBoolean saidCorrupt = new AtomicBoolean();
    private long end; // guarded by this
    private boolean closed; // guarded by this
    private volatile boolean full;

    private ChronicleTileCache(String location, ChronicleMap<byte[], byte[]> index, Slab slab, CacheFileSet files,
                               long capacityBytes, long maxEntries, long end, Consumer<String> notices) {
        this.location = location;
        this.index = index;
        this.slab = slab;
        this.files = files;
        this.capacityBytes = capacityBytes;
        this.maxEntries = maxEntries;
        this.end = end;
        this.endAtOpen = files == null ? 0 : end;
        this.entriesAtOpen = index.size();
        this.notices = notices;
    }

    /**
     * A cache in direct memory, gone with the process.
     *
     * @param capacityBytes bytes of records it may hold, ≥ 1
     * @param notices       receives the one-line messages (full, corrupt entries)
     */
    public static ChronicleTileCache inMemory(long capacityBytes, Consumer<String> notices) {
        long entries = indexEntries(capacityBytes);
        return new ChronicleTileCache("memory", builder(entries).create(), new Slab(null, memoryChunk(capacityBytes)), null,
                capacityBytes, entries, 0, notices);
    }

    /**
     * Opens (or creates) the persisted cache of this model and volume under {@code root}, recovering it when the
     * last run did not close it, moving broken files aside.
     *
     * @throws CacheFileSet.InUseException when another process holds it
     * @throws CacheException              when a broken set cannot be moved aside or the folder is not writable
     */
    static ChronicleTileCache persisted(Path root, byte[] modelDigest, byte[] volumeDigest, long capacityBytes,
                                        Consumer<String> notices) throws CacheFileSet.InUseException {
        CacheFileSet set = CacheFileSet.open(root, modelDigest, volumeDigest, PERSISTED_CHUNK, indexEntries(capacityBytes), notices);
        try {
            FileChannel slabFile = FileChannel.open(set.slabFile(), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            Slab slab = new Slab(slabFile, set.chunkBytes());
            long slabSize = slabFile.size();
            ChronicleMapBuilder<byte[], byte[]> builder = builder(set.indexEntries());
            ChronicleMap<byte[], byte[]> index = null;
            long end = 0;
            try {
                switch (set.state()) {
                    case FRESH -> index = builder.createPersistedTo(set.indexFile().toFile());
                    case CLEAN -> {
                        index = builder.createPersistedTo(set.indexFile().toFile());
                        end = set.cleanEnd();
                    }
                    case UNCLEAN -> {
                        notices.accept("tile cache " + set.folder() + " was not closed (the last run was killed?); recovering it");
                        index = builder.recoverPersistedTo(set.indexFile().toFile(), true);
                        end = dropBeyond(index, slabSize);
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (index != null) index.close();
                Path aside = set.moveIndexAside();
                notices.accept("tile cache " + set.folder() + ": its index is unreadable (" + e.getMessage()
                        + "); moved it to " + aside + " and rebuilding it from the stored tiles");
                index = builder.createPersistedTo(set.indexFile().toFile());
                ChronicleMap<byte[], byte[]> rebuilt = index;
                end = slab.scan(slabSize, (key, where) -> rebuilt.put(key, where.toBytes()));
            }
            return new ChronicleTileCache(set.folder().toString(), index, slab, set, capacityBytes, set.indexEntries(), end, notices);
        } catch (IOException e) {
            set.close();
            throw new CacheException("tile cache " + set.folder() + ": cannot open its files (" + e.getMessage()
                    + "); delete that folder or choose another --cache", e);
        } catch (RuntimeException e) {
            set.close();
            throw e;
        }
    }

    /** After a kill: the append position is past every indexed record; entries pointing outside the file go. */
    private static long dropBeyond(ChronicleMap<byte[], byte[]> index, long slabSize) {
        long[] end = {0};
        index.entrySet().removeIf(e -> {
            Slab.Location where = Slab.Location.of(e.getValue());
            if (where.offset() < 0 || where.end() > slabSize) return true;
            end[0] = Math.max(end[0], where.end());
            return false;
        });
        return end[0];
    }

    private static ChronicleMapBuilder<byte[], byte[]> builder(long entries) {
        return ChronicleMapBuilder.of(byte[].class, byte[].class)
                .name("segshap-tile-index")
                .entries(entries)
                .constantKeySizeBySample(new byte[TileKey.BYTES])
                .constantValueSizeBySample(new byte[Slab.Location.BYTES])
                .maxBloatFactor(2.0)
                .putReturnsNull(true)
                .removeReturnsNull(true)
                .sparseFile(true);
    }

    static long indexEntries(long capacityBytes) {
        return Math.max(MIN_INDEX_ENTRIES, Math.min(MAX_INDEX_ENTRIES, capacityBytes / BYTES_PER_INDEX_ENTRY));
    }

    /** In memory a chunk is allocated (and zeroed) whole: 1/32 of the capacity, 16–256 MiB, at most the capacity. */
    static long memoryChunk(long capacityBytes) {
        long c = Long.highestOneBit(Math.max(1, capacityBytes / 32));
        c = Math.max(16L << 20, Math.min(256L << 20, c));
        return Math.max(64, Math.min(c, capacityBytes) & ~7L);
    }

    @Override
    public Hit get(TileKey key) {
        byte[] k = new byte[TileKey.BYTES];
        key.copyTo(k, 0);
        byte[] raw;
        float[] logits;
        Slab.Location where;
        try {
            raw = index.get(k);
            if (raw == null) return null;
            where = Slab.Location.of(raw);
            logits = slab.read(where, key);
        } catch (RuntimeException e) {
            logits = null;
            where = null;
        }
        if (logits == null) {
            dropCorrupt(k);
            return null;
        }
        return new Hit(logits, where.offset() < endAtOpen);
    }

    private void dropCorrupt(byte[] k) {
        corrupt.incrementAndGet();
        try {
            index.remove(k);
        } catch (RuntimeException ignored) {
            // an index that cannot even remove is as good as without the entry
        }
        if (saidCorrupt.compareAndSet(false, true)) {
            notices.accept("tile cache " + location + ": a stored tile failed its checksum (a damaged file?); it is dropped "
                    + "and recomputed, as is any other (counted in the report's cache.corrupt)");
        }
    }

    @Override
    public synchronized Admission put(TileKey key, float[] logits) {
        if (closed) throw new IllegalStateException("tile cache " + location + " is closed");
        byte[] k = new byte[TileKey.BYTES];
        key.copyTo(k, 0);
        if (index.containsKey(k)) return Admission.PRESENT;
        if (full) return refuse(null);
        int payload = logits.length * Float.BYTES;
        long at = slab.placement(end, payload);
        if (at < 0) {
            return refuse(String.format(Locale.ROOT, "a tile output of %.1f MiB is larger than its largest record (%.1f MiB); "
                    + "such tiles are not cached (raise --cache-size)", payload / 1048576.0, slab.chunkBytes() / 1048576.0));
        }
        if (at + Slab.recordBytes(payload) > capacityBytes || index.size() >= maxEntries) return fill();
        Slab.Location where;
        try {
            where = slab.write(end, at, key, logits);
        } catch (OutOfMemoryError e) {
            return fill(); // no direct memory for another chunk
        }
        try {
            index.put(k, where.toBytes());
        } catch (IllegalStateException | IllegalArgumentException e) {
            return fill(); // Chronicle's index has no tier left; the record stays unindexed, its space is reused
        }
        end = where.end();
        return Admission.STORED;
    }

    private Admission fill() {
        full = true;
        return refuse(String.format(Locale.ROOT, "full (%.1f of %.1f MiB, %d entries); new tile outputs are no longer "
                + "stored and the run goes on, slower (raise --cache-size)", end / 1048576.0, capacityBytes / 1048576.0, index.size()));
    }

    private Admission refuse(String firstMessage) {
        refused.incrementAndGet();
        if (firstMessage != null && saidFull.compareAndSet(false, true)) notices.accept("tile cache " + location + ": " + firstMessage);
        return Admission.REFUSED;
    }

    @Override
    public synchronized Stats stats() {
        return new Stats(location, closed ? 0 : index.size(), end, capacityBytes, entriesAtOpen, refused.get(), corrupt.get());
    }

    /** Forces a persisted slab to disk, closes the index, then marks the set clean; frees memory otherwise. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            slab.force();
            index.close();
            slab.close();
            if (files != null) files.markClean(end);
        } catch (UncheckedIOException e) {
            notices.accept("tile cache " + location + ": not closed cleanly (" + e.getMessage() + "); the next run recovers it");
        } finally {
            if (files != null) files.close();
        }
    }
}

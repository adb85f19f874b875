package segshap.engine.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * The files of one persisted tile cache, one set per (model digest, volume digest) under the cache folder:
 * {@code <dir>/<model>-<volume>/} holding {@code cache.properties} (format, version, the two digests in full,
 * chunk size, index size), {@code index.cm} (Chronicle Map), {@code tiles.slab} (the records), {@code lock}
 * (held while a process uses the set) and {@code clean} (present only between a clean close and the next open;
 * it holds the slab's end). A missing {@code clean} means the last user did not close the set: recovery.
 * A set whose properties are missing, unreadable or of another version or digest pair is moved aside whole
 * into {@code broken-<time>/}, with one message.
 */
final class CacheFileSet implements AutoCloseable {
    static final String FORMAT = "segshap-tile-cache";
    static final int VERSION = 1;
    private static final List<String> DATA_FILES = List.of("cache.properties", "index.cm", "tiles.slab", "clean");

    /** How the set was found. */
    enum State { FRESH, CLEAN, UNCLEAN }

    /** Another process holds the set. */
    static final class InUseException extends Exception {
        private static final long serialVersionUID = 1L;

        InUseException(String message) {
            super(message);
        }
    }

    private final Path folder;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final State state;
    private final long cleanEnd;
    private final long chunkBytes;
    private final long indexEntries;

    private CacheFileSet(Path folder, FileChannel lockChannel, FileLock lock, State state, long cleanEnd, long chunkBytes,
                         long indexEntries) {
        this.folder = folder;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.state = state;
        this.cleanEnd = cleanEnd;
        this.chunkBytes = chunkBytes;
        this.indexEntries = indexEntries;
    }

    /**
     * Opens (creating when absent) the set of this model and volume under {@code root}, holding its lock.
     *
     * @param newChunkBytes   chunk size for a new set (an existing set keeps its own)
     * @param newIndexEntries index size for a new set
     * @throws InUseException when another process holds it
     * @throws CacheException when the folder cannot be created or a broken set cannot be moved aside
     */
    static CacheFileSet open(Path root, byte[] model, byte[] volume, long newChunkBytes, long newIndexEntries,
                             Consumer<String> notices) throws InUseException {
        HexFormat hex = HexFormat.of();
        Path folder = root.resolve(hex.formatHex(model, 0, 8) + "-" + hex.formatHex(volume, 0, 8));
        FileChannel channel;
        try {
            Files.createDirectories(folder);
            channel = FileChannel.open(folder.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new CacheException("tile cache " + folder + ": cannot create it (" + reason(e)
                    + "); choose a writable --cache folder", e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException | IOException e) {
            lock = null;
        }
        if (lock == null) {
            close(channel);
            throw new InUseException("tile cache " + folder + " is in use by another segshap process");
        }
        try {
            return examine(folder, channel, lock, hex.formatHex(model), hex.formatHex(volume), newChunkBytes,
                    newIndexEntries, notices);
        } catch (RuntimeException e) {
            release(lock, channel);
            throw e;
        }
    }

    private static CacheFileSet examine(Path folder, FileChannel channel, FileLock lock, String model, String volume,
                                        long newChunkBytes, long newIndexEntries, Consumer<String> notices) {
        Path meta = folder.resolve("cache.properties");
        boolean anyData = DATA_FILES.stream().anyMatch(f -> Files.exists(folder.resolve(f)));
        if (!anyData) return fresh(folder, channel, lock, model, volume, newChunkBytes, newIndexEntries);
        Properties p = new Properties();
        String problem = null;
        try {
            if (!Files.exists(meta)) {
                problem = "it has no cache.properties (not a segshap tile cache, or one cut off while created)";
            } else {
                try (var in = Files.newBufferedReader(meta, StandardCharsets.UTF_8)) {
                    p.load(in);
                }
                problem = mismatch(p, model, volume);
            }
        } catch (IOException | IllegalArgumentException e) {
            problem = "cache.properties is unreadable (" + e.getMessage() + ")";
        }
        if (problem != null) {
            moveAside(folder, problem, notices);
            return fresh(folder, channel, lock, model, volume, newChunkBytes, newIndexEntries);
        }
        long chunk = Long.parseLong(p.getProperty("chunkBytes"));
        long entries = Long.parseLong(p.getProperty("indexEntries"));
        Path clean = folder.resolve("clean");
        if (!Files.exists(folder.resolve("tiles.slab")) || !Files.exists(folder.resolve("index.cm"))) {
            if (!Files.exists(folder.resolve("tiles.slab")) && !Files.exists(folder.resolve("index.cm"))) {
                deleteIfExists(clean);
                return new CacheFileSet(folder, channel, lock, State.FRESH, 0, chunk, entries);
            }
            moveAside(folder, "its index or its slab file is missing", notices);
            return fresh(folder, channel, lock, model, volume, newChunkBytes, newIndexEntries);
        }
        if (Files.exists(clean)) {
            long end;
            try {
                end = Long.parseLong(Files.readString(clean, StandardCharsets.US_ASCII).trim().replace("end=", ""));
            } catch (IOException | NumberFormatException e) {
                end = -1;
            }
            deleteIfExists(clean); // from here on, a kill leaves the set marked as not closed
            if (end >= 0) return new CacheFileSet(folder, channel, lock, State.CLEAN, end, chunk, entries);
        }
        return new CacheFileSet(folder, channel, lock, State.UNCLEAN, 0, chunk, entries);
    }

    private static String mismatch(Properties p, String model, String volume) {
        if (!FORMAT.equals(p.getProperty("format"))) return "cache.properties does not describe a " + FORMAT;
        if (!String.valueOf(VERSION).equals(p.getProperty("version"))) {
            return "it has format version " + p.getProperty("version") + ", this segshap reads version " + VERSION;
        }
        if (!model.equals(p.getProperty("model")) || !volume.equals(p.getProperty("volume"))) {
            return "its digests belong to another model or volume";
        }
        try {
            if (Long.parseLong(p.getProperty("chunkBytes")) <= 0 || Long.parseLong(p.getProperty("indexEntries")) <= 0) {
                return "cache.properties has a non-positive size";
            }
        } catch (NumberFormatException e) {
            return "cache.properties has an unreadable size (" + e.getMessage() + ")";
        }
        return null;
    }

    private static CacheFileSet fresh(Path folder, FileChannel channel, FileLock lock, String model, String volume,
                                      long chunkBytes, long indexEntries) {
        String text = "# segshap tile cache: the files of one (model, volume) pair; safe to delete while unused\n"
                + "format=" + FORMAT + "\nversion=" + VERSION + "\nmodel=" + model + "\nvolume=" + volume
                + "\nchunkBytes=" + chunkBytes + "\nindexEntries=" + indexEntries + "\n";
        writeAtomically(folder.resolve("cache.properties"), text);
        return new CacheFileSet(folder, channel, lock, State.FRESH, 0, chunkBytes, indexEntries);
    }

    private static void moveAside(Path folder, String why, Consumer<String> notices) {
        Path aside = folder.resolve("broken-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")));
        try {
            Files.createDirectories(aside);
            for (String f : DATA_FILES) {
                Path src = folder.resolve(f);
                if (Files.exists(src)) Files.move(src, aside.resolve(f));
            }
        } catch (IOException e) {
            throw new CacheException("tile cache " + folder + ": " + why + ", and it cannot be moved aside (" + reason(e)
                    + "); delete that folder or choose another --cache", e);
        }
        notices.accept("tile cache " + folder + ": " + why + "; moved its files to " + aside + " and starting empty");
    }

    /** Moves the index alone aside (it is rebuilt from the slab). */
    Path moveIndexAside() {
        Path aside = folder.resolve("index.cm.broken-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")));
        try {
            Files.move(indexFile(), aside);
            return aside;
        } catch (IOException e) {
            throw new CacheException("tile cache " + folder + ": its index is unreadable and cannot be moved aside ("
                    + reason(e) + "); delete that folder or choose another --cache", e);
        }
    }

    /** Marks the set closed cleanly, with the slab's end; call last, after everything is on disk. */
    void markClean(long end) {
        writeAtomically(folder.resolve("clean"), "end=" + end + "\n");
    }

    Path folder() { return folder; }

    Path indexFile() { return folder.resolve("index.cm"); }

    Path slabFile() { return folder.resolve("tiles.slab"); }

    State state() { return state; }

    /** The slab's end recorded by the last clean close (state CLEAN). */
    long cleanEnd() { return cleanEnd; }

    long chunkBytes() { return chunkBytes; }

    long indexEntries() { return indexEntries; }

    /** Releases the lock (the files stay). */
    @Override
    public void close() {
        release(lock, lockChannel);
    }

    private static void writeAtomically(Path target, String text) {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            c.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            c.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + tmp + ": " + reason(e), e);
        }
        try {
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + reason(e), e);
        }
    }

    private static void deleteIfExists(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + p + ": " + reason(e), e);
        }
    }

    private static String reason(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void release(FileLock lock, FileChannel channel) {
        try {
            if (lock != null && lock.isValid()) lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases it too
        }
        close(channel);
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was written through it
        }
    }
}

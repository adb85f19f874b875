package segshap.engine.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on a persisted cache, plus reopening, recovery after a kill, damaged and foreign files. */
class PersistedTileCacheTest extends TileCacheContract {
    static final byte[] MODEL = digest(1), VOLUME = digest(2);
    static final int FLOATS = 3000;

    @TempDir Path dir;
    final List<String> notices = new ArrayList<>();
    private int opened;

    static byte[] digest(int seed) {
        return key(1000 + seed).digest();
    }

    @Override
    TileCache open(long capacityBytes) {
        return persisted(dir.resolve("c" + opened++), capacityBytes);
    }

    TileCache persisted(Path root, long capacityBytes) {
        try {
            return ChronicleTileCache.persisted(root, MODEL, VOLUME, capacityBytes, notices::add);
        } catch (CacheFileSet.InUseException e) {
            throw new AssertionError(e);
        }
    }

    private void fill(TileCache c, int from, int to) {
        for (int i = from; i < to; i++) assertEquals(TileCache.Admission.STORED, c.put(key(i), value(i, FLOATS)));
    }

    private void assertServes(TileCache c, int from, int to, boolean earlier) {
        for (int i = from; i < to; i++) {
            TileCache.Hit h = c.get(key(i));
            assertNotNull(h, "entry " + i);
            assertArrayEquals(value(i, FLOATS), h.logits(), "entry " + i);
            assertEquals(earlier, h.fromEarlierRun(), "entry " + i);
        }
    }

    /** A set under {@code root} holding entries [0, n), closed cleanly; returns its folder. */
    private Path closedSetWith(Path root, int n) throws IOException {
        try (TileCache c = persisted(root, 64 << 20)) {
            fill(c, 0, n);
        }
        return set();
    }

    private Path set() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("root"))) {
            return s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    @Test
    void aReopenedCacheServesWhatEarlierRunsStoredAndAddsToIt() {
        try (TileCache c = persisted(dir.resolve("root"), 64 << 20)) {
            fill(c, 0, 20);
        }
        try (TileCache c = persisted(dir.resolve("root"), 64 << 20)) {
            assertEquals(20, c.stats().entriesAtOpen());
            assertServes(c, 0, 20, true);
            fill(c, 20, 30);
            assertServes(c, 20, 30, false);
        }
        try (TileCache c = persisted(dir.resolve("root"), 64 << 20)) {
            assertEquals(30, c.stats().entriesAtOpen());
            assertServes(c, 0, 30, true);
        }
        assertTrue(notices.isEmpty(), notices.toString());
    }

    @Test
    void aCacheLeftOpenByAKilledProcessIsRecoveredAndServesEveryCompleteEntry() throws IOException {
        Path root = dir.resolve("root");
        Path copy = dir.resolve("copy");
        try (TileCache c = persisted(root, 64 << 20)) {
            fill(c, 0, 25);
            // the files as a SIGKILL leaves them: no clean marker, pages written, nothing flushed or closed
            Path set = set();
            Files.createDirectories(copy.resolve(set.getFileName()));
            for (String f : List.of("cache.properties", "index.cm", "tiles.slab")) {
                Files.copy(set.resolve(f), copy.resolve(set.getFileName()).resolve(f));
            }
        }
        try (TileCache c = persisted(copy, 64 << 20)) {
            assertTrue(notices.stream().anyMatch(n -> n.contains("was not closed")), notices.toString());
            assertServes(c, 0, 25, true);
            fill(c, 25, 30);
        }
        try (TileCache c = persisted(copy, 64 << 20)) {
            assertServes(c, 0, 30, true);
        }
    }

    @Test
    void aDamagedTileIsNeverServedItIsDroppedCountedAndSaidOnce() throws IOException {
        Path root = dir.resolve("root");
        try (RandomAccessFile f = new RandomAccessFile(closedSetWith(root, 10).resolve("tiles.slab").toFile(), "rw")) {
            long at = Slab.recordBytes(4L * FLOATS) * 3 + Slab.HEADER + 100; // inside entry 3's payload
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x10);
        }
        try (TileCache c = persisted(root, 64 << 20)) {
            assertNull(c.get(key(3)), "a tile that fails its checksum is a miss");
            assertEquals(1, c.stats().corrupt());
            assertServes(c, 0, 3, true);
            assertServes(c, 4, 10, true);
            assertEquals(TileCache.Admission.STORED, c.put(key(3), value(3, FLOATS)), "the recomputed tile is stored again");
            assertArrayEquals(value(3, FLOATS), c.get(key(3)).logits());
        }
        assertEquals(1, notices.stream().filter(n -> n.contains("failed its checksum")).count(), notices.toString());
    }

    @Test
    void anUnreadableIndexIsMovedAsideAndRebuiltFromTheStoredTiles() throws IOException {
        Path root = dir.resolve("root");
        Path index = closedSetWith(root, 12).resolve("index.cm");
        byte[] garbage = new byte[4096];
        new Random(5).nextBytes(garbage);
        try (RandomAccessFile f = new RandomAccessFile(index.toFile(), "rw")) {
            f.seek(0);
            f.write(garbage);
        }
        try (TileCache c = persisted(root, 64 << 20)) {
            assertTrue(notices.stream().anyMatch(n -> n.contains("index is unreadable") && n.contains("rebuilding")), notices.toString());
            assertServes(c, 0, 12, true);
        }
        try (Stream<Path> s = Files.list(set())) {
            assertTrue(s.anyMatch(p -> p.getFileName().toString().startsWith("index.cm.broken-")), "the old index is kept aside");
        }
    }

    @Test
    void aForeignOrOtherVersionSetIsMovedAsideWithOneMessageAndTheRunStartsEmpty() throws IOException {
        Path root = dir.resolve("root");
        Path props = closedSetWith(root, 5).resolve("cache.properties");
        Files.writeString(props, Files.readString(props).replace("version=1", "version=99"));
        try (TileCache c = persisted(root, 64 << 20)) {
            assertEquals(0, c.stats().entriesAtOpen());
            assertNull(c.get(key(0)));
        }
        assertEquals(1, notices.size(), notices.toString());
        assertTrue(notices.get(0).contains("version 99") && notices.get(0).contains("moved its files"), notices.get(0));
        try (Stream<Path> s = Files.list(set())) {
            assertTrue(s.anyMatch(p -> p.getFileName().toString().startsWith("broken-")));
        }
    }

    @Test
    void aSetInUseByAnotherOpenerIsRefused() {
        Path root = dir.resolve("root");
        try (TileCache first = persisted(root, 64 << 20)) {
            assertThrows(CacheFileSet.InUseException.class,
                    () -> ChronicleTileCache.persisted(root, MODEL, VOLUME, 64 << 20, notices::add));
            first.put(key(1), value(1, 10));
        }
        assertFalse(notices.stream().anyMatch(n -> n.contains("in use")));
    }
}

package segshap.engine.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.protocol.job.JobCache;

/** Jobs on the same model and volume share one cache; the last lease closes it; a held set falls back to memory. */
class TileCacheRegistryTest {
    static final byte[] MODEL = TileCacheContract.key(1).digest(), VOLUME = TileCacheContract.key(2).digest();
    @TempDir Path dir;
    final List<String> notices = new ArrayList<>();

    @Test
    void theTestJvmHasChroniclesFlags() {
        assertEquals(List.of(), ChronicleTileCache.missingJvmFlags(), "surefire's argLine gives them");
    }

    @Test
    void jobsOnTheSameModelAndVolumeShareOneCacheUntilTheLastLeaseCloses() {
        try (TileCacheRegistry r = new TileCacheRegistry(notices::add)) {
            JobCache spec = new JobCache(1 << 24, dir.resolve("c").toString());
            TileCacheRegistry.Lease a = r.lease(spec, MODEL, VOLUME);
            TileCacheRegistry.Lease b = r.lease(spec, MODEL, VOLUME);
            assertSame(a.cache(), b.cache());
            assertNotSame(a.cache(), r.lease(new JobCache(1 << 24, null), MODEL, VOLUME).cache(), "memory is another cache");
            a.cache().put(TileCacheContract.key(5), new float[] {1, 2});
            a.close();
            a.close(); // idempotent: still one lease left
            assertEquals(1, b.cache().stats().entries());
            b.close();
            TileCacheRegistry.Lease c = r.lease(spec, MODEL, VOLUME);
            assertNotSame(a.cache(), c.cache(), "reopened after the last lease closed it");
            assertEquals(1, c.cache().stats().entriesAtOpen());
            assertTrue(c.cache().get(TileCacheContract.key(5)).fromEarlierRun());
        }
        assertTrue(notices.isEmpty(), notices.toString());
    }

    @Test
    void aSetHeldByAnotherOpenerGivesAMemoryCacheAndSaysSo() throws Exception {
        try (TileCache held = ChronicleTileCache.persisted(dir, MODEL, VOLUME, 1 << 24, notices::add);
             TileCacheRegistry r = new TileCacheRegistry(notices::add)) {
            TileCache c = r.lease(new JobCache(1 << 24, dir.toString()), MODEL, VOLUME).cache();
            assertEquals("memory", c.stats().location());
            assertNull(c.get(TileCacheContract.key(9)));
            held.put(TileCacheContract.key(9), new float[4]);
        }
        assertEquals(1, notices.size(), notices.toString());
        assertTrue(notices.get(0).contains("in use by another segshap process"), notices.get(0));
    }

    @Test
    void capacityZeroStoresNothing() {
        try (TileCacheRegistry r = new TileCacheRegistry(notices::add)) {
            TileCache c = r.lease(new JobCache(0, null), MODEL, VOLUME).cache();
            assertEquals(TileCache.Admission.REFUSED, c.put(TileCacheContract.key(1), new float[1]));
        }
    }
}

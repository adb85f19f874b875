package segshap.engine.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import segshap.engine.coalition.TileKey;

/** What every {@link TileCache} must do; one subclass per implementation. */
abstract class TileCacheContract {

    /** A new, empty cache holding at most {@code capacityBytes}. */
    abstract TileCache open(long capacityBytes);

    static TileKey key(int i) {
        byte[] d = new byte[TileKey.BYTES];
        new Random(i * 7919L + 1).nextBytes(d);
        return new TileKey(d);
    }

    static float[] value(int i, int floats) {
        Random r = new Random(i);
        float[] v = new float[floats];
        for (int j = 0; j < floats; j++) v[j] = (float) r.nextGaussian();
        return v;
    }

    @Test
    void anAbsentKeyIsNull() {
        try (TileCache c = open(1 << 20)) {
            assertNull(c.get(key(1)));
            c.put(key(2), value(2, 10));
            assertNull(c.get(key(1)));
        }
    }

    @Test
    void whatIsPutComesBackBitForBitAndASecondPutFindsItPresent() {
        try (TileCache c = open(1 << 20)) {
            float[] v = value(3, 1000);
            v[5] = Float.NaN;
            v[6] = -0f;
            assertEquals(TileCache.Admission.STORED, c.put(key(3), v));
            assertEquals(TileCache.Admission.PRESENT, c.put(key(3), v));
            TileCache.Hit hit = c.get(key(3));
            assertNotNull(hit);
            assertEquals(v.length, hit.logits().length);
            for (int j = 0; j < v.length; j++) {
                assertEquals(Float.floatToRawIntBits(v[j]), Float.floatToRawIntBits(hit.logits()[j]), "float " + j);
            }
            assertEquals(1, c.stats().entries());
            assertTrue(!hit.fromEarlierRun());
        }
    }

    @Test
    void aFullCacheRefusesCountsAndKeepsServingWhatItHolds() {
        int floats = 4096; // 16 KiB per entry
        try (TileCache c = open(200 << 10)) {
            int stored = 0;
            for (int i = 0; i < 40; i++) {
                TileCache.Admission a = c.put(key(i), value(i, floats));
                if (a == TileCache.Admission.STORED) stored++;
            }
            assertTrue(stored > 0 && stored < 40, "some stored, some refused: " + stored);
            assertEquals(40 - stored, c.stats().refused());
            assertTrue(c.stats().bytes() <= 200 << 10, "held " + c.stats().bytes());
            int served = 0;
            for (int i = 0; i < 40; i++) {
                TileCache.Hit h = c.get(key(i));
                if (h != null) {
                    assertArrayEquals(value(i, floats), h.logits());
                    served++;
                }
            }
            assertEquals(stored, served);
        }
    }

    @Test
    void readersRunConcurrentlyWithOneWriterAndOnlySeeCompleteEntries() throws Exception {
        int n = 300, floats = 2048;
        try (TileCache c = open(64 << 20)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            AtomicBoolean writing = new AtomicBoolean(true);
            List<Future<Integer>> readers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int seed = t;
                readers.add(pool.submit(() -> {
                    Random r = new Random(seed);
                    int seen = 0;
                    while (writing.get() || seen == 0) {
                        int i = r.nextInt(n);
                        TileCache.Hit h = c.get(key(i));
                        if (h != null) {
                            assertArrayEquals(value(i, floats), h.logits(), "entry " + i);
                            seen++;
                        }
                    }
                    return seen;
                }));
            }
            Future<?> writer = pool.submit(() -> {
                for (int i = 0; i < n; i++) c.put(key(i), value(i, floats));
                writing.set(false);
            });
            writer.get(60, TimeUnit.SECONDS);
            for (Future<Integer> f : readers) assertTrue(f.get(60, TimeUnit.SECONDS) > 0);
            pool.shutdown();
            assertEquals(n, c.stats().entries());
            assertEquals(0, c.stats().corrupt());
        }
    }
}

package segshap.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import segshap.engine.cache.ChronicleTileCache;
import segshap.engine.cache.HeapTileCache;
import segshap.engine.cache.TileCache;
import segshap.engine.cache.TileCacheRegistry;
import segshap.engine.coalition.TileKey;
import segshap.protocol.job.JobCache;

/**
 * Tile cache throughput and footprint, every implementation side by side in one JVM: put (new keys) and get
 * (best of 3 passes) in GB/s of tile outputs, bytes held per entry, entries per GiB. And, with {@code --startup},
 * the milliseconds from JVM start until the first Chronicle-backed cache is open and has served a get (the
 * script runs it in fresh JVMs with and without the build-time generated Chronicle class).
 *
 * <pre>
 * bench/run-tile-cache.sh
 * java -cp "$CP" segshap.bench.TileCacheBench [--total-mib 512] [--sizes-kib 64,1024,4096] [--dir DIR]
 * java -cp "$CP" segshap.bench.TileCacheBench --startup
 * </pre>
 * The heap map stores the caller's array (no copy on put or get); the off-heap caches copy and checksum both
 * ways, which is what keeps tile outputs off the Java heap and lets them survive the process.
 */
public final class TileCacheBench {
    /** Where the values read back go, so that no pass can be optimised away. */
    private static volatile double sink;

    private TileCacheBench() {}

    public static void main(String[] args) throws IOException {
        if (List.of(args).contains("--startup")) {
            try (TileCache c = ChronicleTileCache.inMemory(64 << 20, n -> { })) {
                c.put(key(0), new float[1024]);
                if (c.get(key(0)) == null) throw new IllegalStateException("the cache lost its entry");
            }
            System.out.printf(Locale.ROOT, "STARTUP_MS=%d%n", ManagementFactory.getRuntimeMXBean().getUptime());
            return;
        }
        long totalBytes = 512L << 20;
        int[] sizesKib = {64, 1024, 4096};
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--total-mib" -> totalBytes = Long.parseLong(args[++i]) << 20;
                case "--sizes-kib" -> sizesKib = java.util.Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--dir" -> dir = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path root = dir != null ? dir : Files.createTempDirectory("segshap-cache-bench");
        System.out.printf(Locale.ROOT, "%-10s %8s %8s %10s %10s %12s %12s%n", "cache", "entry", "entries", "put GB/s",
                "get GB/s", "bytes/entry", "entries/GiB");
        for (int kib : sizesKib) {
            int floats = kib * 256;
            int n = (int) Math.max(1, totalBytes / (kib * 1024L));
            List<float[]> values = values(n, floats);
            long capacity = totalBytes * 2;
            run("heap", new HeapTileCache(capacity), values);
            run("off-heap", ChronicleTileCache.inMemory(capacity, System.err::println), values);
            try (TileCacheRegistry registry = new TileCacheRegistry(System.err::println)) {
                byte[] model = key(1_000_000 + kib).digest();
                TileCacheRegistry.Lease lease = registry.lease(new JobCache(capacity, root.resolve("kib" + kib).toString()), model, model);
                run("persisted", lease.cache(), values);
            }
        }
    }

    private static void run(String name, TileCache cache, List<float[]> values) {
        long bytes = 4L * values.get(0).length * values.size();
        long t0 = System.nanoTime();
        for (int i = 0; i < values.size(); i++) {
            if (cache.put(key(i), values.get(i)) != TileCache.Admission.STORED) throw new IllegalStateException(name + " refused entry " + i);
        }
        double put = bytes / ((System.nanoTime() - t0) / 1e9) / 1e9;
        double best = Double.MAX_VALUE;
        double sum = 0;
        for (int pass = 0; pass < 3; pass++) {
            long t1 = System.nanoTime();
            for (int i = 0; i < values.size(); i++) sum += cache.get(key(i)).logits()[i % 7];
            best = Math.min(best, (System.nanoTime() - t1) / 1e9);
        }
        sink = sum;
        TileCache.Stats s = cache.stats();
        double perEntry = name.equals("heap") ? 4.0 * values.get(0).length + 16 : (double) s.bytes() / s.entries();
        System.out.printf(Locale.ROOT, "%-10s %7dK %8d %10.2f %10.2f %12.0f %12.0f%n", name, values.get(0).length / 256,
                values.size(), put, bytes / best / 1e9, perEntry, (1L << 30) / perEntry);
        cache.close();
    }

    private static List<float[]> values(int n, int floats) {
        SplittableRandom r = new SplittableRandom(7);
        List<float[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] v = new float[floats];
            for (int j = 0; j < floats; j++) v[j] = (float) r.nextDouble();
            out.add(v);
        }
        return out;
    }

    private static TileKey key(int i) {
        byte[] d = new byte[TileKey.BYTES];
        new SplittableRandom(i * 31L + 17).nextBytes(d);
        return new TileKey(d);
    }
}

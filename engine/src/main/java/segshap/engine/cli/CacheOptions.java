package segshap.engine.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import segshap.protocol.job.JobCache;
import segshap.protocol.job.JobSpec;

/** The tile cache: in memory (default) or persisted in a folder shared by later runs. */
final class CacheOptions {
    @Option(names = "--cache", paramLabel = "DIR",
            description = "Keep tile outputs in DIR for later runs (created if missing; one file set per model and CT inside). "
                    + "A run on the same model and CT reuses every tile it finds there. (default: in memory only"
                    + "; 'evaluate' reuses the folder its explanation used)")
    Path dir;

    @Option(names = "--cache-size", paramLabel = "SIZE",
            description = "Most bytes of tile outputs the cache holds (e.g. 512m, 8g; 0 turns it off); when full it stops "
                    + "storing and the run goes on. (default: 2g)")
    String size;

    /** {@code job} with these options applied over its cache section. */
    JobSpec apply(JobSpec job) {
        JobCache c = job.cache();
        long bytes = size == null ? c.capacityBytes() : size.trim().equals("0") ? 0 : RuntimeOptions.bytes(size, "--cache-size");
        String folder = dir == null ? c.dir() : dir.toAbsolutePath().normalize().toString();
        return job.withCache(new JobCache(bytes, folder));
    }
}

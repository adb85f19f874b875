package segshap.engine.explain;

/**
 * How to run an explanation; does not change its numbers.
 *
 * @param threads         CPU threads of the forward pass, ≥ 1
 * @param tilesPerBatch   tiles per forward call, ≥ 1
 * @param cacheBytes      bytes of tile outputs the {@code m|U_s} cache may hold, ≥ 0
 */
public record RuntimeSettings(int threads, int tilesPerBatch, long cacheBytes) {
    /** 2 GiB: ample for organ units; regular units on large ROIs stop caching beyond it. */
    public static final long DEFAULT_CACHE_BYTES = 2L << 30;

    public RuntimeSettings {
        if (threads < 1) throw new IllegalArgumentException("threads must be ≥ 1");
        if (tilesPerBatch < 1) throw new IllegalArgumentException("tilesPerBatch must be ≥ 1");
        if (cacheBytes < 0) throw new IllegalArgumentException("cacheBytes must be ≥ 0");
    }

    /** All cores, 2 tiles per call, 2 GiB cache. */
    public static RuntimeSettings defaults() {
        return new RuntimeSettings(Runtime.getRuntime().availableProcessors(), 2, DEFAULT_CACHE_BYTES);
    }
}

package segshap.protocol.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code m|U_s} tile cache; changes no number of the result, only how many tiles are forwarded.
 *
 * <p>Example: {@code {"capacityBytes": 8589934592, "dir": "/data/segshap-cache"}}.
 *
 * @param capacityBytes bytes of tile outputs the cache may hold, ≥ 0 (0 turns it off; default
 *                      {@value #DEFAULT_CAPACITY_BYTES}, 2 GiB); when full, new keys are not admitted
 * @param dir           folder of a persisted cache, shared by every run that names it (one file set per model
 *                      and preprocessed volume inside), or {@code null} (default) for a cache in memory only
 * @throws IllegalArgumentException naming the field ({@code cache.capacityBytes}), the value and the fix
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobCache(long capacityBytes, String dir) {
    /** 2 GiB: ample for organ units; regular units on large ROIs stop caching beyond it. */
    public static final long DEFAULT_CAPACITY_BYTES = 2L << 30;

    public JobCache {
        if (capacityBytes < 0) {
            throw new IllegalArgumentException("cache.capacityBytes " + capacityBytes + ": must be ≥ 0 (0 turns the cache off)");
        }
        if (dir != null && dir.isBlank()) {
            throw new IllegalArgumentException("cache.dir '" + dir + "': blank; name a folder, or omit the field for a memory-only cache");
        }
    }

    /** 2 GiB in memory. */
    public static JobCache defaults() {
        return new JobCache(DEFAULT_CAPACITY_BYTES, null);
    }

    /**
     * The cache section with defaults for what is {@code null}; this is how JSON is read.
     *
     * @throws IllegalArgumentException when a given field is invalid
     */
    @JsonCreator
    public static JobCache of(@JsonProperty("capacityBytes") Long capacityBytes, @JsonProperty("dir") String dir) {
        return new JobCache(capacityBytes == null ? DEFAULT_CAPACITY_BYTES : capacityBytes, dir);
    }
}

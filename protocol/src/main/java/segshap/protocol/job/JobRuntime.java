package segshap.protocol.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.regex.Pattern;

/**
 * How to run an explanation; changes no number of the result.
 *
 * <p>Example: {@code {"threads": 8, "tilesPerBatch": 4, "memoryBudgetBytes": 1073741824, "device": "cpu"}}.
 *
 * @param threads           CPU threads of the forward pass, ≥ 1 (default: the available processors)
 * @param tilesPerBatch     most tiles per forward call, ≥ 1 (default {@value #DEFAULT_TILES_PER_BATCH}); the
 *                          engine may run smaller batches
 * @param memoryBudgetBytes bytes of tile inputs and outputs the pipeline may hold in flight, ≥ 1 (default
 *                          {@value #DEFAULT_MEMORY_BUDGET_BYTES}, 1 GiB); stages wait when it is exhausted
 * @param device            {@code cpu} (default), {@code cuda} or {@code cuda:N}; the engine refuses a device
 *                          this build or machine does not have
 * @throws IllegalArgumentException naming the field ({@code runtime.threads}), the value and the fix
 */
public record JobRuntime(int threads, int tilesPerBatch, long memoryBudgetBytes, String device) {
    /** Tiles per forward call of the CLI. */
    public static final int DEFAULT_TILES_PER_BATCH = 2;
    /** 1 GiB of tiles in flight. */
    public static final long DEFAULT_MEMORY_BUDGET_BYTES = 1L << 30;
    private static final Pattern DEVICE = Pattern.compile("cpu|cuda(:(0|[1-9][0-9]*))?");

    public JobRuntime {
        if (threads < 1) {
            throw new IllegalArgumentException("runtime.threads " + threads + ": must be ≥ 1; omit it for all available cores");
        }
        if (tilesPerBatch < 1) {
            throw new IllegalArgumentException("runtime.tilesPerBatch " + tilesPerBatch + ": must be ≥ 1 (default "
                    + DEFAULT_TILES_PER_BATCH + ")");
        }
        if (memoryBudgetBytes < 1) {
            throw new IllegalArgumentException("runtime.memoryBudgetBytes " + memoryBudgetBytes
                    + ": must be ≥ 1 byte (default " + DEFAULT_MEMORY_BUDGET_BYTES + ", 1 GiB)");
        }
        if (device == null) device = "cpu";
        if (!DEVICE.matcher(device).matches()) {
            throw new IllegalArgumentException("runtime.device '" + device + "': expected cpu, cuda or cuda:N");
        }
    }

    /** All available cores, 2 tiles per call, 1 GiB in flight, on the CPU. */
    public static JobRuntime defaults() {
        return of(null, null, null, null);
    }

    /**
     * The runtime section with defaults for what is {@code null}; this is how JSON is read.
     *
     * @throws IllegalArgumentException when a given field is invalid
     */
    @JsonCreator
    public static JobRuntime of(@JsonProperty("threads") Integer threads, @JsonProperty("tilesPerBatch") Integer tilesPerBatch,
                                @JsonProperty("memoryBudgetBytes") Long memoryBudgetBytes, @JsonProperty("device") String device) {
        return new JobRuntime(threads == null ? Runtime.getRuntime().availableProcessors() : threads,
                tilesPerBatch == null ? DEFAULT_TILES_PER_BATCH : tilesPerBatch,
                memoryBudgetBytes == null ? DEFAULT_MEMORY_BUDGET_BYTES : memoryBudgetBytes, device);
    }
}

package segshap.engine.pipeline;

import java.time.Duration;

/**
 * How the pipeline runs; none of it changes a number of the result (only how many tiles are forwarded).
 *
 * @param tilesPerBatch       upper bound on tiles per forward call, ≥ 1 (the device budget may allow fewer)
 * @param openCoalitionBytes  host bytes that coalitions between expansion and scoring may hold together
 *                            (fusion buffers over B and their tiles' outputs)
 * @param batchesInFlight     batches the inference stage holds at once, ≥ 1
 * @param linger              longest a batch waits for more tiles before it is sent
 * @param shareTiles          reuse dirty tiles by key (the tile cache and joins of in-flight forwards); off, only
 *                            clean tiles are reused and every other tile of every coalition is forwarded (the paper's
 *                            method)
 */
public record PipelineSettings(int tilesPerBatch, long openCoalitionBytes, int batchesInFlight, Duration linger,
                               boolean shareTiles) {
    /** Two batches: one computing while the next is admitted and waits. */
    public static final int DEFAULT_BATCHES_IN_FLIGHT = 2;
    /** Short: the device is the bottleneck, so batches fill long before this on any busy run. */
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(5);

    public PipelineSettings {
        if (tilesPerBatch < 1) throw new IllegalArgumentException("tilesPerBatch must be ≥ 1, got " + tilesPerBatch);
        if (openCoalitionBytes < 1) throw new IllegalArgumentException("openCoalitionBytes must be ≥ 1, got " + openCoalitionBytes);
        if (batchesInFlight < 1) throw new IllegalArgumentException("batchesInFlight must be ≥ 1, got " + batchesInFlight);
    }

    public static PipelineSettings of(int tilesPerBatch, long openCoalitionBytes) {
        return new PipelineSettings(tilesPerBatch, openCoalitionBytes, DEFAULT_BATCHES_IN_FLIGHT, DEFAULT_LINGER, true);
    }

    /** These settings with dirty tiles shared by key or not. */
    public PipelineSettings withShareTiles(boolean share) {
        return new PipelineSettings(tilesPerBatch, openCoalitionBytes, batchesInFlight, linger, share);
    }
}

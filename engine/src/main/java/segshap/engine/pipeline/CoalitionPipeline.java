package segshap.engine.pipeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.LongConsumer;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import segshap.engine.coalition.Baseline;
import segshap.engine.coalition.Coalition;
import segshap.engine.cache.TileCache;
import segshap.engine.coalition.TilePlan;
import segshap.engine.device.DeviceWorker;
import segshap.engine.device.MemoryBudget;
import segshap.kernels.InputException;
import segshap.kernels.backend.ForwardBackend;

/**
 * The streaming evaluator of one explanation: coalitions in, TP/FP/Dice/Soft Dice out, through
 * {@link CoalitionSource} → {@link TileExpander} → {@link CacheLookup} → {@link InFlightDedup} →
 * {@link Batcher} → {@link InferenceStage} → {@link CacheStore} → {@link FusionStage} → {@link ValueStage}.
 * Many coalitions are in flight at once; tiles of different coalitions share batches; the numbers equal the
 * reference evaluator's bit for bit whatever the batch size, budget or timing.
 *
 * <p>Every buffer is bounded by a budget: batches by the device worker's memory budget, open coalitions by
 * {@link PipelineSettings#openCoalitionBytes()}, the streams' own buffers by Pekko's fixed input buffers.
 * The materializer, device worker and cache are the caller's; this class creates no threads.
 *
 * <p>{@link #cancel} stops it for good: the streams running then fail within the batch in flight, and every later
 * {@link #evaluate} or {@link #baseline} fails at once, all with a {@link CancellationException}. Batches already
 * on the device finish there and give their memory back, so other pipelines on the same device go on.
 */
public final class CoalitionPipeline {
    /** Batches carry at most this many requests of any kind (clean and cached ones ride along for free). */
    private static final int MAX_REQUESTS_PER_BATCH = 4096;

    private final Materializer materializer;
    private final TilePlan plan;
    private final TileCache cache;
    private final DeviceWorker device;
    private final PipelineSettings settings;
    private final EngineMetrics metrics;
    private final MemoryBudget openCoalitions;
    private final long bytesPerCoalition;
    private final long bytesPerTile;
    private final long maxBatchBytes;
    /** Every stream of this pipeline passes it; aborting it is the cancellation. */
    private final SharedKillSwitch killSwitch = KillSwitches.shared("coalition-pipeline");
    private volatile CancellationException cancelled;

    /**
     * @throws InputException when the budgets cannot hold one tile's forward or one open coalition
     */
    public CoalitionPipeline(Materializer materializer, TilePlan plan, TileCache cache, DeviceWorker device,
                             PipelineSettings settings, EngineMetrics metrics) {
        this.materializer = materializer;
        this.plan = plan;
        this.cache = cache;
        this.device = device;
        this.settings = settings;
        this.metrics = metrics;
        ForwardBackend backend = device.backend();
        long one = InferenceStage.costOf(backend, plan, 1), two = InferenceStage.costOf(backend, plan, 2);
        long capacity = device.memory().capacityBytes();
        if (one > capacity) {
            throw new InputException("--memory-budget: one tile forward of " + mib(one) + " needs more than the "
                    + mib(capacity) + " the device budget allows; raise --memory-budget");
        }
        bytesPerTile = Math.max(1, two - one);
        long fixed = Math.max(0, one - bytesPerTile);
        long allowance = capacity / settings.batchesInFlight() >= one ? capacity / settings.batchesInFlight() : capacity;
        maxBatchBytes = Math.max(bytesPerTile, Math.min(allowance - fixed, (long) settings.tilesPerBatch() * bytesPerTile));
        long perCoalition = 4L * plan.fusedFloats();
        for (int i = 0; i < plan.relevantTileCount(); i++) perCoalition += 4L * plan.cropFloats(i);
        bytesPerCoalition = perCoalition;
        if (bytesPerCoalition > settings.openCoalitionBytes()) {
            throw new InputException("--memory-budget: one open coalition (fusion over B and " + plan.relevantTileCount()
                    + " tile outputs) holds " + mib(bytesPerCoalition) + ", more than the " + mib(settings.openCoalitionBytes())
                    + " allowed for open coalitions; raise --memory-budget");
        }
        openCoalitions = new MemoryBudget("open coalitions", settings.openCoalitionBytes());
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    /** Tiles the batcher puts into one forward call at most. */
    public int maxTilesPerBatch() {
        return Math.toIntExact(maxBatchBytes / bytesPerTile);
    }

    public TilePlan plan() { return plan; }

    /** The tile cache it looks up and stores in. */
    public TileCache cache() { return cache; }

    public EngineMetrics metrics() { return metrics; }

    public DeviceWorker device() { return device; }

    /** The budget of open coalitions (for its peak). */
    public MemoryBudget openCoalitions() { return openCoalitions; }

    /**
     * Stops this pipeline: running streams fail with a {@link CancellationException} naming {@code reason},
     * later calls fail with it at once. Idempotent (the first reason stays); callable from any thread.
     */
    public void cancel(String reason) {
        synchronized (killSwitch) {
            if (cancelled != null) return;
            cancelled = new CancellationException(reason);
        }
        killSwitch.abort(cancelled);
    }

    /** Whether {@link #cancel} was called. */
    public boolean isCancelled() {
        return cancelled != null;
    }

    /**
     * Request → logits: lookup, dedup, batching, inference, store (shared by the baseline and coalitions); without
     * {@link PipelineSettings#shareTiles} every unresolved request is forwarded and nothing is stored.
     */
    private Flow<TileRequest, TileRequest, NotUsed> tiles() {
        Flow<TileRequest, TileRequest, NotUsed> resolve = settings.shareTiles()
                ? CacheLookup.flow(cache, metrics).via(new InFlightDedup(cache, metrics))
                : Flow.<TileRequest>create().map(r -> r.origin() == TileRequest.Origin.UNRESOLVED
                        ? r.with(TileRequest.Origin.FORWARD, null, new CompletableFuture<>()) : r);
        return resolve
                .async()
                .via(Batcher.flow(maxBatchBytes, bytesPerTile, MAX_REQUESTS_PER_BATCH, settings.linger()))
                .via(new InferenceStage(device, settings.batchesInFlight(), metrics))
                .async()
                .via(CacheStore.flow(settings.shareTiles() ? cache : null, metrics));
    }

    /**
     * The unperturbed prediction: the all-kept coalition's tiles through the same path as any coalition
     * (so they land in the cache under the all-ones keys), fused. Blocks until done.
     */
    public Baseline baseline() {
        if (cancelled != null) throw cancelled;
        Coalition all = Coalition.full(plan.partition().unitCount());
        List<TileRequest> tiles = join(CoalitionSource.of(List.of(all))
                .via(killSwitch.flow())
                .via(new TileExpander(plan, null, openCoalitions, bytesPerCoalition, metrics))
                .via(tiles())
                .runWith(Sink.seq(), materializer));
        openCoalitions.release(bytesPerCoalition);
        List<TileRequest> sorted = new ArrayList<>(tiles);
        sorted.sort(Comparator.comparingInt(TileRequest::tile));
        float[][] logits = new float[plan.relevantTileCount()][];
        for (TileRequest r : sorted) logits[r.tile()] = r.logits();
        return Baseline.of(plan, logits);
    }

    /**
     * TP, FP, Dice, Soft Dice of every coalition (over the plan's units).
     *
     * @param onScored receives each coalition's index in {@code coalitions} when it is scored (any order)
     * @return completes with {@code result[j]} = the four values of {@code coalitions.get(j)}
     */
    public CompletionStage<double[][]> evaluate(List<Coalition> coalitions, Baseline baseline, LongConsumer onScored) {
        if (cancelled != null) return CompletableFuture.failedFuture(cancelled);
        return CoalitionSource.of(coalitions)
                .via(killSwitch.flow())
                .via(new TileExpander(plan, baseline, openCoalitions, bytesPerCoalition, metrics))
                .via(tiles())
                .via(new FusionStage(plan, metrics))
                .via(ValueStage.flow(plan, baseline, openCoalitions, bytesPerCoalition, metrics, onScored))
                .runWith(Sink.seq(), materializer)
                .thenApply(scored -> {
                    double[][] out = new double[coalitions.size()][];
                    for (ValueStage.Scored s : scored) out[(int) s.coalition()] = s.values();
                    return out;
                });
    }

    /** Waits for a stage's result; rethrows the failure that ended the stream as it is. */
    public static <T> T join(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) throw r;
            if (c instanceof Error err) throw err;
            throw e;
        }
    }
}

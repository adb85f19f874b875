package segshap.engine.explain;

import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Consumer;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.Materializer;
import segshap.engine.cache.TileCacheRegistry;
import segshap.engine.device.DeviceRegistry;
import segshap.engine.pipeline.EngineMetrics;
import segshap.engine.pipeline.PipelineSettings;
import segshap.kernels.InputException;
import segshap.protocol.Progress;
import segshap.protocol.job.JobRuntime;
import segshap.protocol.job.JobSpec;

/**
 * The library entry point: an explanation engine (actor system, devices, pipeline settings) that runs any
 * number of jobs, one after another or side by side, sharing one inference worker per device and model.
 * The CLI, the benchmark and research pipelines all go through it.
 *
 * <pre>{@code
 * JobSpec job = JobSpec.builder().model(modelDir).ct(ct).organs(organs)
 *         .roiComponent(1).target(1).units("organs").budgetExact().build();
 * try (Explainer explainer = Explainer.start(job.runtime())) {
 *     try (ExplanationJob run = explainer.prepare(job, progress -> {})) {
 *         Explanation e = run.explain();
 *         Explanation withCurves = run.evaluate(e);
 *         ExplanationWriter.write(withCurves, outDir);
 *     }
 * }
 * }</pre>
 *
 * <p>Memory: {@link JobRuntime#memoryBudgetBytes()} bounds the batches in flight on the device (on the CPU this
 * is host memory) and, separately, the coalitions open between expansion and scoring; on the CPU the two
 * together stay below twice the budget. The tile cache has its own capacity.
 */
public final class Explainer implements AutoCloseable {
    private final ActorSystem<Void> system;
    private final Materializer materializer;
    private final DeviceRegistry devices;
    private final JobRuntime runtime;
    private final TileCacheRegistry caches;
    private final Consumer<String> notices;
    /** Metrics of the jobs closed so far, summed; open jobs' metrics are added when asked ({@link #metrics}). */
    private final EngineMetrics closedJobs = new EngineMetrics();
    private final Set<EngineMetrics> openJobs = Collections.newSetFromMap(new IdentityHashMap<>());

    private Explainer(JobRuntime runtime, Consumer<String> notices) {
        if (!runtime.device().equals("cpu")) {
            throw new InputException("--device " + runtime.device() + ": this build runs on the CPU only; use --device cpu");
        }
        this.runtime = runtime;
        this.devices = DeviceRegistry.cpu(runtime.threads(), runtime.memoryBudgetBytes());
        this.notices = notices;
        this.caches = new TileCacheRegistry(notices);
        // the owner closes the engine (and a daemon stops its jobs first): Pekko's own JVM shutdown hook would end the
        // streams under the jobs and make them look failed instead of interrupted
        this.system = ActorSystem.create(Behaviors.empty(), "segshap", ConfigFactory.parseString(
                "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off").withFallback(ConfigFactory.load()));
        this.materializer = Materializer.createMaterializer(system);
    }

    /**
     * Starts an engine with these runtime settings (threads, batching, memory budget, device); its notices (tile
     * cache full, recovered or moved aside) go to stderr as {@code segshap: warning: …} lines.
     */
    public static Explainer start(JobRuntime runtime) {
        return start(runtime, notice -> System.err.println("segshap: warning: " + notice));
    }

    /** {@link #start(JobRuntime)} with the engine's one-line notices sent to {@code notices} (any thread). */
    public static Explainer start(JobRuntime runtime, Consumer<String> notices) {
        return new Explainer(runtime, notices);
    }

    /**
     * Runs phases 1–6 of {@code job} (inputs, network grid, ROI, units, tile plan, baseline); input errors are
     * thrown here, before any coalition runs. Relative paths are taken from the working directory. The job's own
     * runtime section is ignored: this engine's applies.
     *
     * @param progress receives progress events (on any thread)
     * @throws InputException naming the file or option at fault
     */
    public ExplanationJob prepare(JobSpec job, Consumer<Progress> progress) {
        // absolute paths in the report, so `segshap evaluate` re-runs it from any folder
        return ExplanationJob.prepare(job.resolvedAgainst(Path.of("")).withRuntime(runtime), this, progress);
    }

    /**
     * The engine's actor system, for a host that runs its own actors and streams beside the jobs (the daemon's job
     * actors and HTTP server); it terminates with {@link #close}.
     */
    public ActorSystem<Void> actorSystem() { return system; }

    /**
     * Every job's pipeline metrics summed (closed jobs and the ones still open, baselines included): histograms of
     * tile forward latency, batch size, queue wait and coalition latency, and the counters.
     */
    public EngineMetrics.Snapshot metrics() {
        EngineMetrics total = new EngineMetrics();
        synchronized (openJobs) {
            total.add(closedJobs);
            for (EngineMetrics m : openJobs) total.add(m);
        }
        return total.snapshot();
    }

    /** Counts {@code m} in {@link #metrics} from now on. */
    void track(EngineMetrics m) {
        synchronized (openJobs) {
            openJobs.add(m);
        }
    }

    /** Moves {@code m} into the closed jobs' totals (once; later calls do nothing). */
    void untrack(EngineMetrics m) {
        synchronized (openJobs) {
            if (openJobs.remove(m)) closedJobs.add(m);
        }
    }

    Materializer materializer() { return materializer; }

    DeviceRegistry devices() { return devices; }

    TileCacheRegistry caches() { return caches; }

    JobRuntime runtime() { return runtime; }

    /** Says {@code text} once through the engine's notices (what the CLI prints as a warning line). */
    void notice(String text) { notices.accept(text); }

    PipelineSettings pipelineSettings() {
        return PipelineSettings.of(runtime.tilesPerBatch(), runtime.memoryBudgetBytes());
    }

    @Override
    public void close() {
        caches.close();
        devices.close();
        system.terminate();
    }
}

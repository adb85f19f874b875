package segshap.engine.daemon;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.Materializer;
import segshap.engine.explain.Explainer;
import segshap.engine.viewer.ViewerRoutes;
import segshap.kernels.InputException;
import segshap.protocol.job.JobRuntime;

/**
 * The explanation daemon behind {@code segshap serve}, and its composition root: one {@link Explainer} (one
 * device worker per model, shared by every running job; the tile cache registry), the job store in the data
 * folder, a job manager with {@code maxJobs} job slots and one actor per job, and the HTTP server (Pekko HTTP)
 * on the explainer's actor system.
 *
 * <pre>{@code
 * Daemon.Settings s = new Daemon.Settings("127.0.0.1", 8470, Path.of("/srv/segshap"), List.of(Path.of("/data")),
 *         null, 2, 64, JobRuntime.defaults());
 * try (Daemon d = Daemon.start(s, System.err::println)) {
 *     System.out.println(d.uri());   // http://127.0.0.1:8470
 *     ...
 * }
 * }</pre>
 *
 * <p>Starting resumes every unfinished job of the data folder; {@link #close} stops the running jobs without
 * recording them as ended, so the next start resumes them too.
 */
public final class Daemon implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Daemon.class);
    private static final Duration BIND_TIMEOUT = Duration.ofSeconds(30);

    /**
     * What {@code segshap serve} was told.
     *
     * @param host      interface to listen on ({@code 127.0.0.1} unless the lab wants it reachable)
     * @param port      TCP port, 0–65535 (0: any free port; {@link #uri()} says which)
     * @param dataDir   the data folder: jobs, results, tile cache, token ({@link JobStore})
     * @param allow     folders jobs may read inputs from, at least one
     * @param tokenFile file holding the access token, or {@code null} for {@code dataDir/token} (created once)
     * @param maxJobs   jobs computed at once, ≥ 1
     * @param maxQueued jobs waiting beyond which submissions get 429, ≥ 0
     * @param runtime   the engine's threads, batching, memory budget and device (every job runs with these)
     */
    public record Settings(String host, int port, Path dataDir, List<Path> allow, Path tokenFile, int maxJobs, int maxQueued,
                           JobRuntime runtime) {
        public Settings {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0–65535, got " + port);
            if (maxJobs < 1) throw new IllegalArgumentException("maxJobs must be ≥ 1, got " + maxJobs);
            if (maxQueued < 0) throw new IllegalArgumentException("maxQueued must be ≥ 0, got " + maxQueued);
            allow = List.copyOf(allow);
        }
    }

    private final Settings settings;
    private final Explainer explainer;
    private final JobManager jobs;
    private final AccessToken token;
    private final int resumed;
    private final Route routes;
    private ServerBinding binding;
    private boolean closed;

    private Daemon(Settings settings, Consumer<String> notices) {
        this.settings = settings;
        JobStore store = JobStore.open(settings.dataDir());
        AllowedRoots allowed = AllowedRoots.of(settings.allow());
        this.token = settings.tokenFile() == null ? AccessToken.inDataFolder(store.dir()) : AccessToken.fromFile(settings.tokenFile());
        this.explainer = Explainer.start(settings.runtime(), notices);
        try {
            this.jobs = new JobManager(explainer, store, allowed, settings.maxJobs(), settings.maxQueued());
            this.resumed = jobs.resume();
            ApiRoutes api = new ApiRoutes(jobs, token, allowed, explainer, Materializer.createMaterializer(explainer.actorSystem()));
            this.routes = api.all(pages(api));
        } catch (RuntimeException | Error e) {
            explainer.close();
            throw e;
        }
    }

    /** Pages served beside the API, each checking the token itself ({@link ApiRoutes#tokenIsValid}): the viewer. */
    private static List<Route> pages(ApiRoutes api) {
        return List.of(ViewerRoutes.create(api::tokenIsValid));
    }

    /**
     * Opens the data folder, resumes its unfinished jobs and listens.
     *
     * @param notices the engine's one-line notices (tile cache full, recovered, …), from any thread
     * @throws InputException when the data folder, a root, the token file or the port cannot be used (the message
     *                        names the option)
     */
    public static Daemon start(Settings settings, Consumer<String> notices) {
        Daemon d = new Daemon(settings, notices);
        try {
            d.binding = Http.get(d.explainer.actorSystem()).newServerAt(settings.host(), settings.port()).bind(d.routes)
                    .toCompletableFuture().get(BIND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            d.close();
            Throwable c = e.getCause() != null ? e.getCause() : e;
            throw new InputException("--host " + settings.host() + " --port " + settings.port() + ": cannot listen there ("
                    + c.getMessage() + "); choose another port or stop the process using it", c);
        } catch (InterruptedException e) {
            d.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding", e);
        }
        return d;
    }

    /** A daemon that does not listen: its routes are run by Pekko HTTP's testkit. */
    static Daemon unbound(Settings settings) {
        return new Daemon(settings, notice -> { });
    }

    Route routes() { return routes; }

    Explainer explainer() { return explainer; }

    JobManager jobs() { return jobs; }

    /** Where it listens, e.g. {@code http://127.0.0.1:8470}. */
    public URI uri() {
        if (binding == null) throw new IllegalStateException("not listening");
        return URI.create("http://" + hostForUri(settings.host()) + ":" + binding.localAddress().getPort());
    }

    private static String hostForUri(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /** The file holding the access token. */
    public Path tokenFile() { return token.file(); }

    /** How many unfinished jobs of the data folder were queued again at start. */
    public int resumedJobs() { return resumed; }

    /**
     * Stops listening, stops the running jobs (they stay unfinished on disk and are resumed by the next start),
     * and closes the engine. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (binding != null) {
            try {
                binding.terminate(Duration.ofSeconds(5)).toCompletableFuture().join();
            } catch (RuntimeException e) {
                LOG.warn("stopping the HTTP server: {}", e.toString()); // the jobs must still be stopped and the caches closed
            }
        }
        jobs.close();
        explainer.close();
    }
}

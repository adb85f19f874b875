package segshap.engine.viewer;

import static org.apache.pekko.http.javadsl.server.Directives.concat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;

/** Test only: {@link ViewerRoutes} and a {@link JobApiStandIn} bound on a free loopback port. */
final class ViewerTestServer implements AutoCloseable {
    static final String TOKEN = "test-token-3b9f0c";

    private final ActorSystem<Void> system;
    private final ServerBinding binding;
    private final Map<String, JobApiStandIn.Job> jobs;

    ViewerTestServer(Map<String, JobApiStandIn.Job> jobs) throws Exception {
        this.jobs = Map.copyOf(jobs);
        system = ActorSystem.create(Behaviors.empty(), "viewer-test");
        JobApiStandIn api = new JobApiStandIn(jobs);
        binding = Http.get(system).newServerAt("127.0.0.1", 0)
                .bind(concat(ViewerRoutes.create(TOKEN::equals), api.routes(TOKEN::equals)))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    JobApiStandIn.Job job(String id) {
        return jobs.get(id);
    }

    /** {@code http://127.0.0.1:<port>} followed by {@code path}. */
    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + path);
    }

    @Override
    public void close() throws Exception {
        binding.terminate(Duration.ofSeconds(5)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}

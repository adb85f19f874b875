package segshap.engine.daemon;

import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.server.RouteResult;
import org.apache.pekko.http.javadsl.testkit.RouteTest;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.apache.pekko.stream.Materializer;
import org.junit.jupiter.api.Assertions;
import scala.concurrent.Future;
import scala.concurrent.duration.FiniteDuration;

/**
 * Pekko HTTP's route testkit on JUnit 6: its {@code JUnitRouteTest} is JUnit 4, so this binds {@link RouteTest}
 * to a given actor system (the daemon's) and to JUnit's assertions.
 */
final class RouteTestKit extends RouteTest {
    private final ActorSystem system;
    private final Materializer materializer;
    private final FiniteDuration await;

    /** @param awaitSeconds how long a response (a whole event stream too) may take */
    RouteTestKit(org.apache.pekko.actor.typed.ActorSystem<?> system, int awaitSeconds) {
        this.system = org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(system);
        this.materializer = Materializer.createMaterializer(system);
        this.await = FiniteDuration.create(awaitSeconds, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    public ActorSystem system() { return system; }

    @Override
    public Materializer materializer() { return materializer; }

    @Override
    public FiniteDuration awaitDuration() { return await; }

    @Override
    public TestRouteResult createTestRouteResultAsync(HttpRequest request, Future<RouteResult> result) {
        return new TestRouteResult(result, awaitDuration(), system.dispatcher(), materializer) {
            @Override
            public void assertEquals(Object expected, Object actual, String message) {
                Assertions.assertEquals(expected, actual, message);
            }

            @Override
            public void assertEquals(int expected, int actual, String message) {
                Assertions.assertEquals(expected, actual, message);
            }

            @Override
            public void assertTrue(boolean predicate, String message) {
                Assertions.assertTrue(predicate, message);
            }

            @Override
            public void fail(String message) {
                Assertions.fail(message);
            }
        };
    }
}

package segshap.engine.pipeline;

import java.util.concurrent.Executors;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.Materializer;
import segshap.engine.device.DeviceWorker;
import segshap.kernels.backend.ForwardBackend;

/** An actor system, a materializer and device workers for pipeline tests; close it after the class. */
final class PipelineTestKit implements AutoCloseable {
    final ActorSystem system = ActorSystem.create("pipeline-test");
    final Materializer materializer = Materializer.createMaterializer(system);

    /** A device worker over {@code backend} with its own thread. */
    DeviceWorker worker(ForwardBackend backend) {
        return new DeviceWorker("test", backend, Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "test-device");
            t.setDaemon(true);
            return t;
        }));
    }

    @Override
    public void close() {
        system.terminate();
    }
}

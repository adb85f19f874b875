package segshap.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import segshap.engine.daemon.DaemonTestJobs;
import segshap.protocol.api.JobState;
import segshap.protocol.api.JobStatus;

/**
 * Sixteen jobs submitted and followed at once (sixteen client threads) by a server with sixteen job slots in a
 * 1 GiB heap: none lost, none failed. Prints the server's peak heap and p99 queue wait (from /metrics).
 */
class DaemonUnderLoadTest {
    static final int JOBS = 16;

    @TempDir Path tmp;

    @Test
    @Timeout(600)
    void sixteenConcurrentJobsAllFinishInAOneGigabyteHeap() throws Exception {
        DaemonTestJobs.Inputs inputs = DaemonTestJobs.inputs(Files.createDirectories(tmp.resolve("inputs")));
        try (DaemonServer server = DaemonServer.start(inputs, tmp.resolve("data"), tmp.resolve("server.log"), "-Xmx1g", JOBS)) {
            ExecutorService clients = Executors.newFixedThreadPool(JOBS);
            try {
                List<Future<JobStatus>> ends = new ArrayList<>();
                for (int i = 0; i < JOBS; i++) {
                    int seed = 200 + i;
                    ends.add(clients.submit(() -> {
                        String id = server.client.submit(inputs.job(seed, 8 + seed % 7)).id();
                        return server.client.watch(id, p -> { });
                    }));
                }
                for (Future<JobStatus> f : ends) {
                    JobStatus end = f.get();
                    assertEquals(JobState.DONE, end.state(), end.id() + ": " + end.error());
                }
            } finally {
                clients.shutdownNow();
            }
            List<JobStatus> all = server.client.list();
            assertEquals(JOBS, all.size(), "none lost");
            assertTrue(all.stream().allMatch(s -> s.state() == JobState.DONE), all.toString());
            double peak = server.metric("segshap_heap_peak_bytes"), max = server.metric("segshap_heap_max_bytes");
            double waitP99 = server.metric("segshap_queue_wait_seconds{quantile=\"0.99\"}");
            double forwardP99 = server.metric("segshap_tile_forward_seconds{quantile=\"0.99\"}");
            System.out.printf("load: %d jobs done; peak heap %.0f MiB of %.0f MiB; tile queue wait p99 %.3f s; tile forward p99 %.3f s%n",
                    JOBS, peak / 1048576, max / 1048576, waitP99, forwardP99);
            assertTrue(peak <= max, "peak heap within -Xmx");
        }
    }
}

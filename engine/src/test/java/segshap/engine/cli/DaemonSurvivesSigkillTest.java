package segshap.engine.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import segshap.engine.client.SegshapClient;
import segshap.engine.daemon.Daemon;
import segshap.engine.daemon.DaemonTestJobs;
import segshap.protocol.api.JobState;
import segshap.protocol.api.JobStatus;
import segshap.protocol.job.JobSpec;

/**
 * Durability: ten jobs submitted to a server that is SIGKILLed while they run; restarted on the same data folder
 * it finishes all ten, each bit-identical to an uninterrupted run, and forwards fewer tiles than the cold run
 * (the persisted tile cache kept what the killed process stored).
 */
class DaemonSurvivesSigkillTest {
    static final int JOBS = 10;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path tmp;

    /** What must be identical: the report's numbers (timing and engine stats differ by run) and every map. */
    record Result(JsonNode numbers, Map<String, byte[]> maps) {}

    @Test
    @Timeout(600)
    void aKilledServerResumesEveryUnfinishedJobAndGivesTheSameResults() throws Exception {
        DaemonTestJobs.Inputs inputs = DaemonTestJobs.inputs(Files.createDirectories(tmp.resolve("inputs")));
        List<JobSpec> jobs = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) jobs.add(inputs.job(100 + i, 8 + i % 6));

        // the uninterrupted run, in process
        List<Result> expected = new ArrayList<>();
        double coldForwards;
        try (Daemon cold = Daemon.start(inputs.settings(tmp.resolve("cold"), 2, JOBS), n -> { })) {
            SegshapClient c = new SegshapClient(cold.uri(), SegshapClient.readToken(cold.tokenFile()));
            List<String> ids = new ArrayList<>();
            for (JobSpec j : jobs) ids.add(c.submit(j).id());
            for (String id : ids) assertEquals(JobState.DONE, c.watch(id, p -> { }).state(), id);
            for (String id : ids) expected.add(result(c, id));
            coldForwards = forwards(c);
        }

        Path data = tmp.resolve("data"), log = tmp.resolve("server.log");
        List<String> ids = new ArrayList<>();
        List<JobStatus> atKill;
        try (DaemonServer first = DaemonServer.start(inputs, data, log, "-Xmx512m", 2)) {
            for (JobSpec j : jobs) ids.add(first.client.submit(j).id());
            atKill = waitForFirstDone(first.client);
            first.kill();
        }
        long unfinished = atKill.stream().filter(s -> !s.state().isFinal()).count();
        assertTrue(unfinished >= 2, "the kill came while jobs were unfinished: " + atKill);

        try (DaemonServer second = DaemonServer.start(inputs, data, log, "-Xmx512m", 2)) {
            for (String id : ids) {
                JobStatus end = second.client.watch(id, p -> { });
                assertEquals(JobState.DONE, end.state(), id + ": " + end.error());
            }
            for (int i = 0; i < JOBS; i++) {
                Result got = result(second.client, ids.get(i));
                assertEquals(expected.get(i).numbers(), got.numbers(), ids.get(i) + ": the report's numbers");
                assertEquals(expected.get(i).maps().keySet(), got.maps().keySet(), ids.get(i));
                for (String name : got.maps().keySet()) {
                    assertArrayEquals(expected.get(i).maps().get(name), got.maps().get(name), ids.get(i) + " " + name);
                }
            }
            double restartForwards = second.metric("segshap_forwards_total");
            long resumed = second.client.list().stream().filter(s -> s.restarts() > 0).count();
            System.out.printf("durability: %d of %d jobs unfinished at the kill, %d resumed; tile forwards: restart %.0f, cold run %.0f%n",
                    unfinished, JOBS, resumed, restartForwards, coldForwards);
            // a job may finish between the listing and the kill, so the listing bounds the resumed jobs from above
            assertTrue(resumed >= 1 && resumed <= unfinished, resumed + " resumed of " + unfinished + " unfinished at the listing");
            assertTrue(restartForwards < coldForwards, "restart forwards " + restartForwards + " vs cold " + coldForwards);
        }
    }

    /** Polls until one job is done, then answers every job's status (the moment of the kill). */
    static List<JobStatus> waitForFirstDone(SegshapClient c) throws IOException, InterruptedException {
        while (true) {
            List<JobStatus> all = c.list();
            if (all.stream().anyMatch(s -> s.state() == JobState.DONE)) return all;
            Thread.sleep(50);
        }
    }

    static Result result(SegshapClient c, String id) throws IOException {
        Map<String, byte[]> maps = new LinkedHashMap<>();
        JsonNode report = null;
        for (String name : c.files(id)) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            c.download(id, name, bytes);
            if (name.equals("report.json")) report = JSON.readTree(bytes.toByteArray());
            else if (name.endsWith(".nii.gz")) maps.put(name, bytes.toByteArray());
        }
        assertTrue(report != null, id + " has no report");
        com.fasterxml.jackson.databind.node.ObjectNode numbers = JSON.createObjectNode();
        for (String field : List.of("roi", "units", "values", "sampling", "diagnostics", "diagnosticsByValue", "metrics", "warnings")) {
            numbers.set(field, report.get(field));
        }
        // what the estimate cost, not what it computed: a resumed job finds tiles its first run stored and forwards fewer
        ((com.fasterxml.jackson.databind.node.ObjectNode) numbers.get("sampling")).remove("tileForwards");
        return new Result(numbers, maps);
    }

    static double forwards(SegshapClient c) throws IOException {
        for (String line : c.metrics().split("\n")) {
            if (line.startsWith("segshap_forwards_total ")) return Double.parseDouble(line.substring(line.indexOf(' ') + 1));
        }
        throw new AssertionError("no segshap_forwards_total");
    }
}

package segshap.engine.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.engine.client.ClientException;
import segshap.engine.client.SegshapClient;
import segshap.engine.daemon.Daemon;
import segshap.engine.daemon.DaemonTestJobs;
import segshap.engine.explain.FixtureCase;
import segshap.protocol.ExplanationReport;
import segshap.protocol.Progress;
import segshap.protocol.ReportJson;
import segshap.protocol.api.JobState;
import segshap.protocol.api.JobStatus;

/**
 * A real server on a loopback port, driven by the real client and the CLI verbs: submit, the event stream in
 * order, wait, fetch into explain's layout with the numbers {@code segshap explain} + {@code evaluate} give,
 * list, status, cancel.
 */
class DaemonClientEndToEndTest {
    @TempDir static Path tmp;
    static DaemonTestJobs.Inputs inputs;
    static Daemon daemon;
    static SegshapClient client;

    @BeforeAll
    static void start() throws IOException {
        inputs = DaemonTestJobs.inputs(Files.createDirectories(tmp.resolve("inputs")));
        daemon = Daemon.start(inputs.settings(tmp.resolve("data"), 1, 8), notice -> { });
        client = new SegshapClient(daemon.uri(), SegshapClient.readToken(daemon.tokenFile()));
    }

    @AfterAll
    static void stop() {
        daemon.close();
    }

    /** The explain options of one fixture job (organ units, 9 sampled coalitions). */
    static List<String> explainOptions(int seed) {
        return List.of("-m", FixtureCase.MODEL.toString(), "--ct", FixtureCase.CT.toString(), "--organs", inputs.organs().toString(),
                "--roi", inputs.roi().toString(), "--target", "1", "--budget", "9", "--seed", Integer.toString(seed));
    }

    static CliRun cli(List<String> head, List<String> tail) {
        List<String> args = new ArrayList<>(head);
        args.addAll(List.of("--server", daemon.uri().toString(), "--token-file", daemon.tokenFile().toString()));
        args.addAll(tail);
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void submitWaitAndFetchGiveWhatExplainAndEvaluateWrite() throws IOException {
        CliRun submit = cli(List.of("submit"), explainOptions(4));
        assertEquals(0, submit.exitCode(), submit.both());
        String id = submit.out().strip();
        assertTrue(id.matches("j[0-9]{6}"), submit.both());

        List<Progress> events = new ArrayList<>();
        JobStatus end = client.watch(id, events::add);
        assertEquals(JobState.DONE, end.state(), String.valueOf(end.error()));
        DaemonTestJobs.assertProgressInOrder(events);
        assertTrue(events.stream().anyMatch(p -> p.phase().equals("coalitions")), "coalition events");

        CliRun wait = cli(List.of("jobs", "wait", id), List.of());
        assertEquals(0, wait.exitCode(), wait.both());
        assertEquals("done", wait.out().strip());
        Path fetched = tmp.resolve("fetched");
        CliRun fetch = cli(List.of("jobs", "fetch", id, "--out", fetched.toString()), List.of());
        assertEquals(0, fetch.exitCode(), fetch.both());
        assertTrue(fetch.out().strip().endsWith("report.json"), "report.json last: " + fetch.out());

        Path explained = tmp.resolve("explained");
        List<String> explain = new ArrayList<>(List.of("explain"));
        explain.addAll(explainOptions(4));
        explain.addAll(List.of("--threads", "2", "--out", explained.toString()));
        CliRun ex = CliRun.of(explain.toArray(String[]::new));
        assertEquals(0, ex.exitCode(), ex.both());
        CliRun ev = CliRun.of("evaluate", "--explanation", explained.toString());
        assertEquals(0, ev.exitCode(), ev.both());

        assertEquals(names(explained), names(fetched), "the layout explain + evaluate write");
        ExplanationReport a = ReportJson.read(explained.resolve("report.json")), b = ReportJson.read(fetched.resolve("report.json"));
        for (String v : a.values().keySet()) {
            assertArrayEquals(a.values().get(v).phi(), b.values().get(v).phi(), 0.0, v);
            assertArrayEquals(a.values().get(v).stderr(), b.values().get(v).stderr(), 0.0, v);
            assertArrayEquals(a.metrics().get(v).morf(), b.metrics().get(v).morf(), 0.0, v);
            assertArrayEquals(a.metrics().get(v).lerf(), b.metrics().get(v).lerf(), 0.0, v);
        }
        for (String n : names(explained)) {
            if (n.endsWith(".nii.gz")) assertArrayEquals(Files.readAllBytes(explained.resolve(n)), Files.readAllBytes(fetched.resolve(n)), n);
        }
    }

    @Test
    void listStatusAndCancelOfQueuedAndRunningJobs() throws IOException {
        String running = client.submit(inputs.job(5, 12)).id();
        String queued = client.submit(inputs.job(6, 12)).id(); // one job slot: it waits
        assertEquals(JobState.CANCELLED, client.cancel(queued).state(), "a queued job is cancelled at once");

        List<Progress> seen = new ArrayList<>();
        JobStatus end = client.watch(running, p -> {
            seen.add(p);
            if (p.phase().equals("coalitions") && seen.stream().filter(q -> q.phase().equals("coalitions")).count() == 1) {
                try {
                    assertTrue(client.cancel(running).state() != JobState.DONE);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        assertEquals(JobState.CANCELLED, end.state(), "cancelled while its coalitions ran");
        assertTrue(seen.stream().noneMatch(p -> p.phase().equals("curves")), "it stopped before the curves");

        CliRun wait = cli(List.of("jobs", "wait", running), List.of());
        assertEquals(1, wait.exitCode(), wait.both());
        assertEquals("cancelled", wait.out().strip());
        CliRun status = cli(List.of("jobs", "status", queued), List.of());
        assertTrue(status.out().contains("\"state\":\"cancelled\""), status.both());
        CliRun list = cli(List.of("jobs", "list"), List.of());
        assertTrue(list.out().contains(running + "\tcancelled") && list.out().contains(queued + "\tcancelled"), list.both());
        CliRun again = cli(List.of("jobs", "fetch", running, "--out", tmp.resolve("none").toString()), List.of());
        assertEquals(2, again.exitCode(), again.both());
        assertTrue(again.err().contains("has no result"), again.both());

        // the server goes on after cancellations: the next job computes normally
        assertEquals(JobState.DONE, client.watch(client.submit(inputs.job(7, 8)).id(), p -> { }).state());
    }

    @Test
    void refusalsOfTheServerAreInputErrorsWithItsMessage() throws IOException {
        Path wrong = Files.writeString(tmp.resolve("wrong-token"), "0123456789abcdef0123");
        CliRun badToken = CliRun.of(Stream.concat(Stream.of("submit", "--server", daemon.uri().toString(), "--token-file", wrong.toString()),
                explainOptions(1).stream()).toArray(String[]::new));
        assertEquals(2, badToken.exitCode(), badToken.both());
        assertTrue(badToken.err().contains("refused the token"), badToken.both());

        Path outside = Files.copy(FixtureCase.CT, Files.createDirectories(tmp.resolve("elsewhere")).resolve("ct.nii.gz"));
        List<String> opts = new ArrayList<>(explainOptions(1));
        opts.set(opts.indexOf("--ct") + 1, outside.toString());
        CliRun notAllowed = cli(List.of("submit"), opts);
        assertEquals(2, notAllowed.exitCode(), notAllowed.both());
        assertTrue(notAllowed.err().contains("inputs.ct " + outside + ": outside every --allow root"), notAllowed.both());

        ClientException none = org.junit.jupiter.api.Assertions.assertThrows(ClientException.class,
                () -> new SegshapClient(daemon.uri(), "not-the-token-at-all").list());
        assertEquals(401, none.status());
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            String[] n = s.map(p -> p.getFileName().toString()).filter(f -> !f.startsWith(".")).sorted().toArray(String[]::new);
            return Arrays.asList(n);
        }
    }
}

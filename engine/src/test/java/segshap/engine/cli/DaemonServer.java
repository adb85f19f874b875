package segshap.engine.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import segshap.engine.client.SegshapClient;
import segshap.engine.daemon.DaemonTestJobs;

/** {@code segshap serve} in a child JVM on a free loopback port, with its client; stderr goes to a file. */
final class DaemonServer implements AutoCloseable {
    final Process process;
    final URI uri;
    final SegshapClient client;

    private DaemonServer(Process process, URI uri, SegshapClient client) {
        this.process = process;
        this.uri = uri;
        this.client = client;
    }

    /** Starts the server on {@code data} and waits until it listens (it prints its address, then its token file). */
    static DaemonServer start(DaemonTestJobs.Inputs inputs, Path data, Path log, String heap, int maxJobs) throws IOException {
        List<String> args = new ArrayList<>(List.of("serve", "--data", data.toString(), "--port", "0", "--max-jobs", Integer.toString(maxJobs),
                "--threads", "2", "--tiles-per-batch", "4"));
        for (Path root : inputs.allow()) args.addAll(List.of("--allow", root.toString()));
        Process p = new ProcessBuilder(ChildJvm.command(List.of(heap), SegshapCommand.class, args.toArray(String[]::new)))
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String address = out.readLine(), tokenFile = out.readLine();
        if (address == null || tokenFile == null) {
            p.destroyForcibly();
            throw new IOException("the server did not start; see " + log);
        }
        return new DaemonServer(p, URI.create(address.strip()), new SegshapClient(URI.create(address.strip()),
                SegshapClient.readToken(Path.of(tokenFile.strip()))));
    }

    /** A number of the server's /metrics, e.g. {@code segshap_forwards_total}. */
    double metric(String nameAndLabels) throws IOException {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(nameAndLabels) + " (\\S+)$").matcher(client.metrics());
        if (!m.find()) throw new AssertionError("no metric " + nameAndLabels);
        return Double.parseDouble(m.group(1));
    }

    /** SIGKILL: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the server stops its jobs and leaves them to the next start. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly();
    }
}

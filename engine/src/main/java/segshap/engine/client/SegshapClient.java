package segshap.engine.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import segshap.protocol.ExplanationReport;
import segshap.protocol.Progress;
import segshap.protocol.ReportJson;
import segshap.protocol.api.ApiError;
import segshap.protocol.api.ApiJson;
import segshap.protocol.api.JobFiles;
import segshap.protocol.api.JobList;
import segshap.protocol.api.JobStatus;
import segshap.protocol.job.JobSpec;
import segshap.protocol.job.JobSpecJson;

/**
 * A client of {@code segshap serve}'s HTTP API ({@code docs/http.md}), on {@link java.net.http.HttpClient}.
 * Thread-safe; every call blocks until the answer is complete.
 *
 * <pre>{@code
 * SegshapClient c = new SegshapClient(URI.create("http://127.0.0.1:8470"), SegshapClient.readToken(tokenFile));
 * JobStatus s = c.submit(job);                                   // 202: queued
 * JobStatus end = c.watch(s.id(), p -> System.err.println(p.coalitionsDone()));   // done | failed | cancelled
 * ExplanationReport r = c.report(s.id());
 * }</pre>
 *
 * <p>Errors: an answer of 400–599 throws {@link ClientException} with the status and the server's message; a
 * server that cannot be reached throws the {@link IOException} of the connection.
 */
public final class SegshapClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);

    private final URI server;
    private final String token;
    private final HttpClient http;

    /**
     * @param server the server's base address, e.g. {@code http://127.0.0.1:8470}
     * @param token  the access token (the server's token file's content)
     */
    public SegshapClient(URI server, String token) {
        String s = server.toString();
        this.server = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.token = token.strip();
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT).build();
    }

    /**
     * The token in a token file (surrounding white space ignored).
     *
     * @throws IOException if the file cannot be read
     */
    public static String readToken(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }

    /** Submits a job (paths must be absolute and inside the server's {@code --allow} roots); answers its queued status. */
    public JobStatus submit(JobSpec job) throws IOException {
        HttpRequest r = request("/v1/jobs").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JobSpecJson.toJson(job))).build();
        return ApiJson.fromJson(text(r), JobStatus.class, "POST /v1/jobs");
    }

    /** Every job of the server, by id. */
    public List<JobStatus> list() throws IOException {
        return ApiJson.fromJson(text(request("/v1/jobs").GET().build()), JobList.class, "GET /v1/jobs").jobs();
    }

    /** One job's status. */
    public JobStatus status(String id) throws IOException {
        return ApiJson.fromJson(text(request(jobPath(id)).GET().build()), JobStatus.class, "GET " + jobPath(id));
    }

    /** Asks the server to cancel a job; answers its status right after (a running job ends within a batch). */
    public JobStatus cancel(String id) throws IOException {
        return ApiJson.fromJson(text(request(jobPath(id)).DELETE().build()), JobStatus.class, "DELETE " + jobPath(id));
    }

    /**
     * Follows the job's event stream until its final event.
     *
     * @param onProgress receives every progress event, in order (on this thread)
     * @return the final status ({@code done}, {@code failed} or {@code cancelled})
     * @throws IOException when the stream breaks before the final event (e.g. the server stopped)
     */
    public JobStatus watch(String id, Consumer<Progress> onProgress) throws IOException {
        HttpRequest r = request(jobPath(id) + "/events").header("Accept", "text/event-stream").GET().timeout(Duration.ofDays(365)).build();
        HttpResponse<InputStream> resp = send(r, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
            String event = null;
            StringBuilder data = new StringBuilder();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isEmpty()) {
                    if (event != null && data.length() > 0) {
                        if (event.equals("progress")) {
                            onProgress.accept(ApiJson.fromJson(data.toString(), Progress.class, "event of job " + id));
                        } else {
                            return ApiJson.fromJson(data.toString(), JobStatus.class, "final event of job " + id);
                        }
                    }
                    event = null;
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    if (data.length() > 0) data.append('\n');
                    data.append(line.substring(5).strip());
                } // ':' comments (heartbeats), id: and retry: lines are not used
            }
        }
        throw new IOException("the event stream of job " + id + " ended before its final event (did the server stop?)");
    }

    /** The report of a finished job. @throws ClientException 404 until the job is done */
    public ExplanationReport report(String id) throws IOException {
        Path tmp = Files.createTempFile("segshap-report", ".json");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                download(id, "report.json", out);
            }
            return ReportJson.read(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The names of a finished job's result files (report.json among them). */
    public List<String> files(String id) throws IOException {
        return ApiJson.fromJson(text(request(jobPath(id) + "/files").GET().build()), JobFiles.class, "GET " + jobPath(id) + "/files").files();
    }

    /** Copies one result file of a finished job into {@code out} (left open). */
    public void download(String id, String name, OutputStream out) throws IOException {
        String path = jobPath(id) + "/files/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        HttpResponse<InputStream> resp = send(request(path).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = resp.body()) {
            in.transferTo(out);
        }
    }

    /** The server's metrics (Prometheus text format). */
    public String metrics() throws IOException {
        return text(request("/metrics").GET().build());
    }

    private static String jobPath(String id) {
        if (!id.matches("j[0-9]+")) throw new IllegalArgumentException("job id '" + id + "': expected j followed by digits, e.g. j000001");
        return "/v1/jobs/" + id;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(server + path)).timeout(REQUEST_TIMEOUT).header("Authorization", "Bearer " + token);
    }

    private String text(HttpRequest r) throws IOException {
        HttpResponse<InputStream> resp = send(r, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = resp.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Sends; an error answer becomes a {@link ClientException} with the server's message. */
    private HttpResponse<InputStream> send(HttpRequest r, HttpResponse.BodyHandler<InputStream> handler) throws IOException {
        HttpResponse<InputStream> resp;
        try {
            resp = http.send(r, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + r.uri(), e);
        }
        if (resp.statusCode() >= 400) {
            String body;
            try (InputStream in = resp.body()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String message;
            try {
                message = ApiJson.fromJson(body, ApiError.class, r.uri().toString()).error();
            } catch (IOException | UncheckedIOException notJson) {
                message = body.isBlank() ? "HTTP " + resp.statusCode() : body.strip();
            }
            throw new ClientException(resp.statusCode(), message);
        }
        return resp;
    }
}

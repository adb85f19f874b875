package segshap.engine.daemon;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.HttpCookiePair;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import segshap.engine.explain.Explainer;
import segshap.engine.explain.ExplanationWriter;
import segshap.protocol.api.ApiError;
import segshap.protocol.api.ApiJson;
import segshap.protocol.api.JobFiles;
import segshap.protocol.api.JobList;
import segshap.protocol.api.JobStatus;
import segshap.protocol.job.JobSpec;
import segshap.protocol.job.JobSpecJson;

/**
 * The HTTP API of {@code segshap serve} (described in {@code protocol}'s {@code openapi.yaml}): jobs, their
 * events, reports and files, the metrics and the health check. Every route but {@code /healthz} requires the
 * access token, as {@code Authorization: Bearer <token>} or as the cookie {@value #TOKEN_COOKIE}. Errors are
 * JSON {@link ApiError}s.
 */
final class ApiRoutes extends AllDirectives {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);
    /** The viewer sets it after {@code /viewer/login}; the API accepts it as the bearer token. */
    static final String TOKEN_COOKIE = "segshap_token";
    /** Job specs are a few hundred bytes; anything near this is not a job. */
    static final long MAX_BODY_BYTES = 1 << 20;
    /** A plain file name of a result: no folder part, no leading dot, no {@code ..}. */
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final int EVENT_BUFFER = 256;
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final JobManager jobs;
    private final AccessToken token;
    private final AllowedRoots allowed;
    private final Explainer explainer;
    private final Materializer materializer;

    ApiRoutes(JobManager jobs, AccessToken token, AllowedRoots allowed, Explainer explainer, Materializer materializer) {
        this.jobs = jobs;
        this.token = token;
        this.allowed = allowed;
        this.explainer = explainer;
        this.materializer = materializer;
    }

    /** Whether {@code presented} is this server's token (for pages that check it themselves, e.g. the viewer). */
    boolean tokenIsValid(String presented) {
        return token.accepts(presented);
    }

    /**
     * Every route of the server: {@code /healthz}, then {@code pages} (which check the token themselves), then the
     * API behind the token check.
     */
    Route all(List<Route> pages) {
        Route api = authenticated(() -> concat(pathPrefix("v1", this::v1), path("metrics", () -> get(this::metrics))));
        Route healthz = path("healthz", () -> get(() -> complete(StatusCodes.OK, "ok")));
        Route[] rest = Stream.concat(pages.stream(), Stream.of(api)).toArray(Route[]::new);
        return handleExceptions(errors(), () -> handleRejections(rejections(), () -> concat(healthz, rest)));
    }

    private Route authenticated(Supplier<Route> inner) {
        return optionalHeaderValueByName("Authorization", header -> optionalCookie(TOKEN_COOKIE, cookie -> {
            Optional<String> bearer = header.filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7)).map(h -> h.substring(7).strip());
            String presented = bearer.orElse(cookie.map(HttpCookiePair::value).orElse(null));
            if (token.accepts(presented)) return inner.get();
            String why = presented == null ? "no access token: send Authorization: Bearer <token> (the server's token file)"
                    : "wrong access token";
            return complete(error(401, why).addHeader(RawHeader.create("WWW-Authenticate", "Bearer realm=\"segshap\"")));
        }));
    }

    private Route v1() {
        return concat(
                path("openapi.yaml", () -> get(() -> complete(HttpResponse.create().withEntity(
                        ContentTypes.parse("application/yaml; charset=UTF-8"), ApiJson.openApiYaml())))),
                path("jobs", () -> concat(
                        post(this::submit),
                        get(() -> onStatuses(all -> json(200, new JobList(all)))))),
                pathPrefix(PathMatchers.segment("jobs").slash(segment()), id -> concat(
                        pathEnd(() -> concat(
                                get(() -> onStatus(jobs.status(id), s -> json(200, s))),
                                delete(() -> onStatus(jobs.cancel(id), this::cancelled)))),
                        path("events", () -> get(() -> events(id))),
                        path("report", () -> get(() -> report(id))),
                        path("files", () -> get(() -> files(id))),
                        path(PathMatchers.segment("files").slash(segment()), name -> get(() -> file(id, name))),
                        path(PathMatchers.segment("inputs").slash("ct"), () -> get(() -> ct(id))))));
    }

    private Route submit() {
        return withSizeLimit(MAX_BODY_BYTES, () -> entity(Unmarshaller.entityToString(), body -> {
            JobSpec spec;
            try {
                spec = JobSpecJson.fromJson(body, "request body");
            } catch (IOException | IllegalArgumentException e) {
                throw new Refusal(400, e.getMessage());
            }
            JobStatus s;
            try {
                s = jobs.submit(spec);
            } catch (segshap.engine.output.OutputException e) {
                throw new Refusal(500, "cannot record the job: " + e.getMessage());
            }
            return complete(json(202, s).addHeader(Location.create("/v1/jobs/" + s.id())));
        }));
    }

    private HttpResponse cancelled(JobStatus s) {
        return switch (s.state()) {
            case CANCELLED -> json(200, s);
            case QUEUED, RUNNING -> json(202, s); // the runner stops within a batch of coalitions
            case DONE, FAILED -> error(409, "job " + s.id() + " is " + s.state().wireName() + "; there is nothing to cancel");
        };
    }

    private Route events(String id) {
        Pair<SourceQueueWithComplete<JobEvent>, Source<JobEvent, NotUsed>> q =
                Source.<JobEvent>queue(EVENT_BUFFER, OverflowStrategy.dropHead()).preMaterialize(materializer);
        try {
            jobs.subscribe(id, q.first());
        } catch (RuntimeException e) {
            q.first().complete();
            throw e;
        }
        // events are snapshots of running totals: a slow client loses resolution (oldest dropped), never the final event
        Source<ServerSentEvent, NotUsed> sse = q.second().map(e -> ServerSentEvent.create(e.data(), e.name()))
                .keepAlive(HEARTBEAT, ServerSentEvent::heartbeat);
        return completeOK(sse, EventStreamMarshalling.toEventStream());
    }

    private Route report(String id) {
        Path report = jobs.resultDir(id).resolve(ExplanationWriter.REPORT);
        if (!Files.isRegularFile(report)) throw noResultYet(id);
        return getFromFile(report.toFile(), ContentTypes.APPLICATION_JSON);
    }

    private Route files(String id) {
        Path dir = jobs.resultDir(id);
        if (!Files.isRegularFile(dir.resolve(ExplanationWriter.REPORT))) throw noResultYet(id);
        try (Stream<Path> s = Files.list(dir)) {
            List<String> names = s.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(n -> FILE_NAME.matcher(n).matches()).sorted().toList();
            return complete(json(200, new JobFiles(names)));
        } catch (IOException e) {
            throw new Refusal(500, "cannot list the result of job " + id + ": " + e.getMessage());
        }
    }

    private Route file(String id, String name) {
        if (!FILE_NAME.matcher(name).matches() || name.contains("..")) {
            throw new Refusal(400, "file name '" + name + "': expected a plain file name of the job's result "
                    + "(GET /v1/jobs/" + id + "/files lists them)");
        }
        Path dir = jobs.resultDir(id);
        Path f = dir.resolve(name);
        try {
            // a link inside the result folder could point anywhere: serve only files that really are in it
            if (!Files.isRegularFile(f) || !f.toRealPath().getParent().equals(dir.toRealPath())) throw noFile(id, name);
        } catch (IOException e) {
            throw noFile(id, name);
        }
        return getFromFile(f.toFile(), contentTypeOf(name));
    }

    private Route ct(String id) {
        JobSpec spec = jobs.spec(id);
        Path ct = allowed.resolveInside("inputs.ct", spec.inputs().ct()); // the link may have changed since submission
        return getFromFile(ct.toFile(), ContentTypes.APPLICATION_OCTET_STREAM);
    }

    private Route metrics() {
        return onStatuses(all -> HttpResponse.create().withEntity(ContentTypes.parse(MetricsText.CONTENT_TYPE),
                MetricsText.render(explainer.metrics(), all, new MetricsText.Queue(jobs.queued(), jobs.running(), jobs.maxJobs()))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private Route onStatus(CompletionStage<JobStatus> status, Function<JobStatus, HttpResponse> answer) {
        return completeWithFuture(status.thenApply(answer));
    }

    private Route onStatuses(Function<List<JobStatus>, HttpResponse> answer) {
        return completeWithFuture(jobs.list().thenApply(answer));
    }

    private static Refusal noResultYet(String id) {
        return new Refusal(404, "job " + id + " has no result yet (GET /v1/jobs/" + id + " says where it is)");
    }

    private static Refusal noFile(String id, String name) {
        return new Refusal(404, "job " + id + " has no file " + name + " (GET /v1/jobs/" + id + "/files lists them)");
    }

    static ContentType contentTypeOf(String name) {
        if (name.endsWith(".png")) return ContentTypes.create(MediaTypes.IMAGE_PNG);
        if (name.endsWith(".json")) return ContentTypes.APPLICATION_JSON;
        if (name.endsWith(".gz")) return ContentTypes.create(MediaTypes.APPLICATION_X_GZIP);
        return ContentTypes.APPLICATION_OCTET_STREAM;
    }

    static HttpResponse json(int status, Record body) {
        return HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, ApiJson.toJson(body));
    }

    static HttpResponse error(int status, String message) {
        return json(status, new ApiError(message));
    }

    private ExceptionHandler errors() {
        return ExceptionHandler.newBuilder()
                .match(Refusal.class, r -> {
                    HttpResponse resp = error(r.status(), r.getMessage());
                    if (r.retryAfterSeconds() > 0) resp = resp.addHeader(RawHeader.create("Retry-After", Integer.toString(r.retryAfterSeconds())));
                    return complete(resp);
                })
                .match(EntityStreamSizeException.class, e -> complete(error(413, tooLarge())))
                .match(CompletionException.class, e -> complete(error(500, "internal error: " + e.getCause())))
                .matchAny(e -> {
                    LOG.error("request failed", e);
                    return complete(error(500, "internal error: " + e));
                })
                .build();
    }

    private static String tooLarge() {
        return "request body larger than " + MAX_BODY_BYTES + " bytes; a job spec is a small JSON document";
    }

    /** Pekko's rejections (unknown path 404, wrong method 405, body too large 413, …) with JSON bodies. */
    private static RejectionHandler rejections() {
        return RejectionHandler.defaultHandler().mapRejectionResponse(resp -> {
            if (resp.status().intValue() == 413) return error(413, tooLarge());
            String text = resp.entity() instanceof org.apache.pekko.http.javadsl.model.HttpEntity.Strict s
                    ? s.getData().utf8String() : resp.status().reason();
            return error(resp.status().intValue(), text.isBlank() ? resp.status().reason() : text)
                    .addHeaders(resp.getHeaders());
        });
    }
}

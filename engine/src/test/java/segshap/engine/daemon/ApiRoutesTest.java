package segshap.engine.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.Authorization;
import org.apache.pekko.http.javadsl.model.headers.Cookie;
import org.apache.pekko.http.javadsl.model.headers.OAuth2BearerToken;
import org.apache.pekko.http.javadsl.testkit.TestRoute;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.engine.explain.Explainer;
import segshap.engine.explain.ExplanationJob;
import segshap.protocol.ExplanationReport;
import segshap.protocol.Progress;
import segshap.protocol.ReportJson;
import segshap.protocol.api.ApiError;
import segshap.protocol.api.ApiJson;
import segshap.protocol.api.JobList;
import segshap.protocol.api.JobState;
import segshap.protocol.api.JobStatus;
import segshap.protocol.job.JobSpec;
import segshap.protocol.job.JobSpecJson;

/**
 * The HTTP API through Pekko HTTP's route testkit (no socket): the token check, the input path policy, body and
 * file-name limits, and a job from submission to its report and metrics.
 */
class ApiRoutesTest {
    @TempDir static Path tmp;
    static DaemonTestJobs.Inputs inputs;
    static Daemon daemon;
    static TestRoute route;
    static String token;

    @BeforeAll
    static void start() throws IOException {
        inputs = DaemonTestJobs.inputs(Files.createDirectories(tmp.resolve("inputs")));
        daemon = Daemon.unbound(inputs.settings(tmp.resolve("data"), 1, 8));
        token = Files.readString(tmp.resolve("data").resolve(AccessToken.FILE)).strip();
        route = new RouteTestKit(daemon.explainer().actorSystem(), 120).testRoute(daemon.routes());
    }

    @AfterAll
    static void stop() {
        daemon.close();
    }

    static HttpRequest authorized(HttpRequest r) {
        return r.addHeader(Authorization.oauth2(token));
    }

    static TestRouteResult submit(JobSpec job) {
        return route.run(authorized(HttpRequest.POST("/v1/jobs").withEntity(ContentTypes.APPLICATION_JSON, JobSpecJson.toJson(job))));
    }

    static String errorOf(TestRouteResult r) throws IOException {
        return ApiJson.fromJson(r.entityString(), ApiError.class, "response").error();
    }

    @Test
    void healthzNeedsNoToken() {
        route.run(HttpRequest.GET("/healthz")).assertStatusCode(200).assertEntity("ok");
    }

    @Test
    void everyOtherRouteRefusesAMissingOrWrongToken() throws IOException {
        for (String path : List.of("/v1/jobs", "/v1/openapi.yaml", "/metrics", "/v1/jobs/j000001", "/v1/jobs/j000001/files/report.json", "/nothing")) {
            TestRouteResult none = route.run(HttpRequest.GET(path));
            none.assertStatusCode(401);
            assertTrue(errorOf(none).contains("no access token"), path);
            route.run(HttpRequest.GET(path).addHeader(Authorization.oauth2(token + "x"))).assertStatusCode(401);
            route.run(HttpRequest.GET(path).addHeader(Authorization.basic("segshap", token))).assertStatusCode(401);
        }
        route.run(HttpRequest.POST("/v1/jobs").withEntity(ContentTypes.APPLICATION_JSON, JobSpecJson.toJson(inputs.job(1, 8))))
                .assertStatusCode(401);
        route.run(authorized(HttpRequest.GET("/v1/jobs"))).assertStatusCode(200);
        route.run(HttpRequest.GET("/v1/jobs").addHeader(Cookie.create(ApiRoutes.TOKEN_COOKIE, token))).assertStatusCode(200);
        TestRouteResult yaml = route.run(authorized(HttpRequest.GET("/v1/openapi.yaml"))).assertStatusCode(200);
        assertTrue(yaml.entityString().startsWith("openapi: 3."), yaml.entityString().substring(0, 40));
    }

    @Test
    void theServerMountsTheViewerBehindTheSameToken() {
        route.run(HttpRequest.GET("/viewer/j000001")).assertStatusCode(401);
        TestRouteResult login = route.run(HttpRequest.GET("/viewer/login?token=" + token + "&job=j000001")).assertStatusCode(303);
        assertTrue(login.response().getHeader("Set-Cookie").map(h -> h.value().startsWith(ApiRoutes.TOKEN_COOKIE + "=" + token))
                .orElse(false), "the login sets the cookie the API accepts");
        TestRouteResult page = route.run(HttpRequest.GET("/viewer/j000001").addHeader(Cookie.create(ApiRoutes.TOKEN_COOKIE, token)))
                .assertStatusCode(200);
        assertTrue(page.entityString().contains("<html"), "the viewer page");
    }

    @Test
    void inputPathsOutsideEveryAllowedRootAreRefusedWithThePathNamed() throws IOException {
        Path outside = Files.writeString(tmp.resolve("outside.nii.gz"), "not in an allowed root");
        JobSpec job = inputs.job(1, 8);
        JobSpec plainOutside = job.toBuilder().ct(outside).build();
        TestRouteResult r = submit(plainOutside);
        r.assertStatusCode(403);
        assertTrue(errorOf(r).startsWith("inputs.ct " + outside + ": outside every --allow root"), errorOf(r));

        String dotDot = inputs.root() + "/../outside.nii.gz";
        r = submit(job.toBuilder().organs(dotDot).build());
        r.assertStatusCode(403);
        assertTrue(errorOf(r).contains("inputs.organs " + dotDot), errorOf(r));

        Path link = Files.createSymbolicLink(inputs.root().resolve("escape.nii.gz"), outside);
        r = submit(job.toBuilder().roiMask(link).build());
        r.assertStatusCode(403);
        assertTrue(errorOf(r).contains("roi.file " + link + " (it resolves to " + outside.toRealPath() + ")"), errorOf(r));

        r = submit(job.toBuilder().ct(inputs.root().resolve("missing.nii.gz")).build());
        r.assertStatusCode(400);
        assertTrue(errorOf(r).endsWith("no such file"), errorOf(r));

        // TotalSegmentator's folder of masks: each mask is checked, so a link inside the folder cannot reach out
        Path masks = Files.createDirectories(inputs.root().resolve("segmentations"));
        Path escaping = Files.createSymbolicLink(masks.resolve("liver.nii.gz"), outside);
        r = submit(job.toBuilder().organs(masks).build());
        r.assertStatusCode(403);
        assertTrue(errorOf(r).contains("inputs.organs " + escaping + " (it resolves to " + outside.toRealPath() + ")"), errorOf(r));
    }

    @Test
    void anInvalidSpecGetsTheMessageTheCommandLineGives() throws IOException {
        String json = JobSpecJson.toJson(inputs.job(1, 8)).replace("\"coalitions\" : 8", "\"coalitions\" : 1");
        TestRouteResult r = route.run(authorized(HttpRequest.POST("/v1/jobs").withEntity(ContentTypes.APPLICATION_JSON, json)));
        r.assertStatusCode(400);
        String builderMessage;
        try {
            inputs.job(1, 8).toBuilder().budgetFixed(1).build();
            throw new AssertionError("a budget of 1 was accepted");
        } catch (IllegalArgumentException e) {
            builderMessage = e.getMessage();
        }
        assertTrue(errorOf(r).startsWith("request body: " + builderMessage), errorOf(r) + " vs " + builderMessage);
        route.run(authorized(HttpRequest.POST("/v1/jobs").withEntity(ContentTypes.APPLICATION_JSON, "{\"inputs\": ")))
                .assertStatusCode(400);
    }

    @Test
    void aHundredMegabyteBodyIsRefusedAs413() throws IOException {
        ByteString chunk = ByteString.fromArray(new byte[1 << 20]);
        long size = 100L << 20;
        HttpRequest big = HttpRequest.POST("/v1/jobs").withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, size,
                Source.repeat(chunk).take(100)));
        TestRouteResult r = route.run(authorized(big));
        r.assertStatusCode(413);
        assertTrue(errorOf(r).contains("larger than"), errorOf(r));
    }

    @Test
    void fileNamesWithAFolderPartOrDotsAreRefused() {
        String id = "j000001";
        for (String bad : List.of("..%2F..%2Ftoken", "a%2Fb", "..", ".hidden", "..%2Fspec.json")) {
            int status = route.run(authorized(HttpRequest.GET("/v1/jobs/" + id + "/files/" + bad))).statusCode();
            assertTrue(status == 400 || status == 404, bad + " gave " + status);
        }
        for (String bad : List.of("../spec.json", "../../token", "sub/report.json")) {
            int status = route.run(authorized(HttpRequest.GET("/v1/jobs/" + id + "/files/" + bad))).statusCode();
            assertTrue(status == 400 || status == 404, bad + " gave " + status);
        }
        route.run(authorized(HttpRequest.GET("/v1/jobs/j999999"))).assertStatusCode(404);
    }

    @Test
    void aJobRunsFromSubmissionToItsReportWithEventsInOrder() throws IOException {
        JobSpec job = inputs.job(3, 9);
        TestRouteResult accepted = submit(job);
        accepted.assertStatusCode(202);
        JobStatus queued = ApiJson.fromJson(accepted.entityString(), JobStatus.class, "202");
        assertEquals(JobState.QUEUED, queued.state());

        // the whole event stream: it completes after the final event
        String stream = route.run(authorized(HttpRequest.GET("/v1/jobs/" + queued.id() + "/events"))).assertStatusCode(200)
                .assertMediaType("text/event-stream").entityString();
        List<String[]> events = sse(stream);
        String[] last = events.get(events.size() - 1);
        assertEquals("done", last[0], stream.substring(Math.max(0, stream.length() - 400)));
        List<Progress> progress = new ArrayList<>();
        for (String[] e : events.subList(0, events.size() - 1)) {
            assertEquals("progress", e[0]);
            progress.add(ApiJson.fromJson(e[1], Progress.class, "event"));
        }
        DaemonTestJobs.assertProgressInOrder(progress);
        assertTrue(progress.stream().anyMatch(p -> p.phase().equals("coalitions") && !p.topUnits().isEmpty()), "running φ");

        JobStatus done = ApiJson.fromJson(route.run(authorized(HttpRequest.GET("/v1/jobs/" + queued.id()))).entityString(), JobStatus.class, "GET");
        assertEquals(JobState.DONE, done.state());
        Path reportFile = tmp.resolve("report-" + queued.id() + ".json");
        Files.write(reportFile, route.run(authorized(HttpRequest.GET("/v1/jobs/" + queued.id() + "/report"))).assertStatusCode(200)
                .entityBytes().toArray());
        ExplanationReport served = ReportJson.read(reportFile);
        ExplanationReport expected = library(job);
        for (String v : expected.values().keySet()) {
            assertArrayEquals(expected.values().get(v).phi(), served.values().get(v).phi(), 0.0, v);
            assertArrayEquals(expected.metrics().get(v).morf(), served.metrics().get(v).morf(), 0.0, v);
        }
        String files = route.run(authorized(HttpRequest.GET("/v1/jobs/" + queued.id() + "/files"))).entityString();
        assertTrue(files.contains("\"shap_dice.nii.gz\"") && files.contains("\"curves_dice.png\""), files);
        route.run(authorized(HttpRequest.GET("/v1/jobs/" + queued.id() + "/files/shap_dice.png"))).assertStatusCode(200)
                .assertMediaType("image/png");
        byte[] ct = route.run(authorized(HttpRequest.GET("/v1/jobs/" + queued.id() + "/inputs/ct"))).assertStatusCode(200).entityBytes().toArray();
        assertArrayEquals(Files.readAllBytes(Path.of(job.inputs().ct())), ct);
        route.run(authorized(HttpRequest.DELETE("/v1/jobs/" + queued.id()))).assertStatusCode(409);

        String metrics = route.run(authorized(HttpRequest.GET("/metrics"))).assertStatusCode(200).entityString();
        for (String name : List.of("segshap_queue_depth 0", "segshap_tile_forward_seconds{quantile=\"0.99\"}", "segshap_queue_wait_seconds_count",
                "segshap_hits_total", "segshap_forwards_total", "segshap_jobs{state=\"done\"}")) {
            assertTrue(metrics.contains(name), name + " in\n" + metrics);
        }
        String list = route.run(authorized(HttpRequest.GET("/v1/jobs"))).entityString();
        assertTrue(ApiJson.fromJson(list, JobList.class, "list").jobs().stream().anyMatch(j -> j.id().equals(queued.id())), list);
    }

    /** The same job through the library, as {@code segshap explain} + {@code evaluate} compute it. */
    static ExplanationReport library(JobSpec job) {
        try (Explainer e = Explainer.start(inputs.settings(tmp, 1, 0).runtime(), n -> { });
             ExplanationJob run = e.prepare(job.withCache(new segshap.protocol.job.JobCache(job.cache().capacityBytes(), null)), p -> { })) {
            return run.evaluate(run.explain()).report();
        }
    }

    /** (event name, data) of every event of a text/event-stream body. */
    static List<String[]> sse(String body) {
        List<String[]> out = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            String name = null, data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("event:")) name = line.substring(6).strip();
                if (line.startsWith("data:")) data = line.substring(5).strip();
            }
            if (name != null && data != null) out.add(new String[] {name, data});
        }
        return out;
    }
}

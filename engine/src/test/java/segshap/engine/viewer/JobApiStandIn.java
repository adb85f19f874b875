package segshap.engine.viewer;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeOK;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.getFromFile;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Source;
import segshap.protocol.Progress;

/**
 * Test only: the five {@code GET /v1/jobs/{id}…} routes the viewer page reads, over result folders written by a
 * real explanation, in the contract's shapes. It stands in for {@code segshap serve}'s job API so the viewer can
 * be tested alone; it has no queue, no actors and no durability. A job with progress events to replay is
 * "running" until its {@code /events} stream has sent them all, then "done" (its report appears only then).
 */
final class JobApiStandIn {
    /**
     * One job.
     *
     * @param folder the explanation folder ({@code report.json}, maps, figures)
     * @param ct     the CT the explanation read
     * @param replay progress events {@code /events} sends before {@code done}, one per {@code gap}; empty: done already
     */
    record Job(Path folder, Path ct, List<Progress> replay, Duration gap) {
        Job {
            replay = List.copyOf(replay);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private final Map<String, Job> jobs;
    private final Set<String> finished = ConcurrentHashMap.newKeySet();

    JobApiStandIn(Map<String, Job> jobs) {
        this.jobs = Map.copyOf(jobs);
        jobs.forEach((id, job) -> { if (job.replay().isEmpty()) finished.add(id); });
    }

    Route routes(Predicate<String> tokenIsValid) {
        return pathPrefix(segment("v1").slash("jobs"), () -> get(() -> ViewerRoutes.authorised(tokenIsValid,
                () -> pathPrefix(segment(ViewerRoutes.JOB_ID), id -> jobs.containsKey(id) ? job(id, jobs.get(id))
                        : complete(StatusCodes.NOT_FOUND, "no job " + id)))));
    }

    private Route job(String id, Job job) {
        boolean done = finished.contains(id);
        return concat(
                pathEnd(() -> complete(json(status(id, job, done)))),
                path("report", () -> done ? getFromFile(job.folder().resolve("report.json").toFile(), ContentTypes.APPLICATION_JSON)
                        : complete(StatusCodes.NOT_FOUND, "job " + id + " is not done")),
                path(segment("files").slash(segment(FILE_NAME)), name -> Files.isRegularFile(job.folder().resolve(name))
                        ? getFromFile(job.folder().resolve(name).toFile()) : complete(StatusCodes.NOT_FOUND, "no file " + name)),
                path(segment("inputs").slash("ct"), () -> getFromFile(job.ct().toFile())),
                path("events", () -> completeOK(events(id, job, done), EventStreamMarshalling.toEventStream())));
    }

    private Source<ServerSentEvent, NotUsed> events(String id, Job job, boolean done) {
        Source<ServerSentEvent, NotUsed> end = Source.lazySingle(() -> {
            finished.add(id);
            return ServerSentEvent.create("{}", "done");
        });
        if (done) return end;
        return Source.from(job.replay()).throttle(1, job.gap())
                .map(p -> ServerSentEvent.create(JSON.writeValueAsString(p), "progress"))
                .concat(end);
    }

    private static Map<String, Object> status(String id, Job job, boolean done) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", id);
        s.put("state", done ? "done" : "running");
        s.put("progress", done || job.replay().isEmpty() ? null : job.replay().get(0));
        s.put("error", null);
        return s;
    }

    private static HttpResponse json(Object value) {
        try {
            return HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, JSON.writeValueAsString(value)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value, e);
        }
    }
}

package segshap.protocol.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import segshap.protocol.Progress;

/** The API's bodies as JSON: round trips, nulls written, invalid statuses refused with the field named. */
class ApiJsonTest {
    static final Progress HALFWAY = new Progress("coalitions", 12, 24, 300, 120, 90, 4, 6.5, 6.0, "dice",
            List.of(new Progress.UnitPhi(1, "spleen", 0.41), new Progress.UnitPhi(5, null, -0.02)));

    @Test
    void aRunningStatusRoundTripsWithItsProgress() throws IOException {
        JobStatus s = new JobStatus("j000003", JobState.RUNNING, HALFWAY, null, "2026-12-04T10:15:02Z", "2026-12-04T10:15:03Z", null, 1);
        String json = ApiJson.toJson(s);
        assertTrue(json.contains("\"state\":\"running\"") && json.contains("\"error\":null"), json);
        assertEquals(s, ApiJson.fromJson(json, JobStatus.class, "test"));
    }

    @Test
    void aQueuedStatusHasNullProgressAndError() throws IOException {
        JobStatus s = new JobStatus("j000001", JobState.QUEUED, null, null, "2026-12-04T10:15:02Z", null, null, 0);
        String json = ApiJson.toJson(s);
        assertTrue(json.contains("\"progress\":null") && json.contains("\"finishedAt\":null"), json);
        assertEquals(s, ApiJson.fromJson(json, JobStatus.class, "test"));
    }

    @Test
    void movingToAFinalStateClearsProgressAndSetsTheTimes() {
        JobStatus running = new JobStatus("j000002", JobState.QUEUED, null, null, "t0", null, null, 0)
                .in(JobState.RUNNING, null, "t1").withProgress(HALFWAY);
        JobStatus failed = running.in(JobState.FAILED, "--target 9: not a label", "t2");
        assertEquals(null, failed.progress());
        assertEquals("t1", failed.startedAt());
        assertEquals("t2", failed.finishedAt());
        assertEquals(1, failed.requeuedAfterRestart().restarts());
    }

    @Test
    void onlyAFailedJobHasAnErrorAndIdsHaveTheirForm() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new JobStatus("j000001", JobState.DONE, null, "boom", "t", null, null, 0));
        assertTrue(e.getMessage().startsWith("job.error 'boom' with state done"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new JobStatus("j000001", JobState.FAILED, null, null, "t", null, null, 0));
        assertThrows(IllegalArgumentException.class, () -> new JobStatus("1", JobState.QUEUED, null, null, "t", null, null, 0));
        assertThrows(IllegalArgumentException.class, () -> new JobFiles(List.of("../token")));
    }

    @Test
    void anInvalidBodyNamesItsSourceAndTheField() {
        IOException e = assertThrows(IOException.class, () -> ApiJson.fromJson(
                "{\"id\":\"j000001\",\"state\":\"done\",\"error\":\"x\",\"submittedAt\":\"t\"}", JobStatus.class, "GET /v1/jobs/j000001"));
        assertTrue(e.getMessage().startsWith("GET /v1/jobs/j000001: invalid JobStatus: job.error 'x'"), e.getMessage());
        assertThrows(IOException.class, () -> ApiJson.fromJson("[1]", JobList.class, "x"));
    }
}

package segshap.protocol.api;

import segshap.protocol.Progress;

/**
 * One daemon job as the HTTP API reports it ({@code GET /v1/jobs/{id}}, the final server-sent event, and the
 * {@code state.json} the daemon keeps beside the job's spec).
 *
 * <p>Example of a running job:
 * <pre>
 * {"id": "j000003", "state": "running", "progress": {"phase": "coalitions", "coalitionsDone": 12, …},
 *  "error": null, "submittedAt": "2026-12-04T10:15:02.113Z", "startedAt": "2026-12-04T10:15:02.120Z",
 *  "finishedAt": null, "restarts": 0}
 * </pre>
 *
 * @param id          the job's id, {@code j} and six or more digits, assigned in submission order
 * @param state       where the job is ({@link JobState})
 * @param progress    the latest progress event of this server process, or {@code null} (queued, final, or
 *                    not yet reported)
 * @param error       what stopped a {@code failed} job (the same message the CLI prints), else {@code null}
 * @param submittedAt when the job was accepted, ISO-8601 UTC
 * @param startedAt   when it last started running, ISO-8601 UTC, or {@code null}
 * @param finishedAt  when it reached a final state, ISO-8601 UTC, or {@code null}
 * @param restarts    how many times a server restart found it unfinished and queued it again, ≥ 0
 * @throws IllegalArgumentException naming the field and the rule it breaks
 */
public record JobStatus(String id, JobState state, Progress progress, String error, String submittedAt,
                        String startedAt, String finishedAt, int restarts) {
    public JobStatus {
        if (id == null || !id.matches("j[0-9]{6,}")) {
            throw new IllegalArgumentException("job.id '" + id + "': expected j followed by at least six digits");
        }
        if (state == null) throw new IllegalArgumentException("job.state null: expected one of queued, running, done, failed, cancelled");
        if ((error != null) != (state == JobState.FAILED)) {
            throw new IllegalArgumentException("job.error " + (error == null ? "null" : "'" + error + "'") + " with state "
                    + state.wireName() + ": a failed job has an error, any other has none");
        }
        if (submittedAt == null) throw new IllegalArgumentException("job.submittedAt null: required");
        if (restarts < 0) throw new IllegalArgumentException("job.restarts " + restarts + ": must be ≥ 0");
    }

    /** This status in {@code next} state (progress cleared when final; error only for {@code failed}). */
    public JobStatus in(JobState next, String errorMessage, String at) {
        return new JobStatus(id, next, next.isFinal() ? null : progress, errorMessage,
                submittedAt, next == JobState.RUNNING ? at : startedAt, next.isFinal() ? at : null, restarts);
    }

    /** This status with the latest progress event. */
    public JobStatus withProgress(Progress latest) {
        return new JobStatus(id, state, latest, error, submittedAt, startedAt, finishedAt, restarts);
    }

    /** This status queued again after a restart found it unfinished. */
    public JobStatus requeuedAfterRestart() {
        return new JobStatus(id, JobState.QUEUED, null, null, submittedAt, startedAt, null, restarts + 1);
    }
}

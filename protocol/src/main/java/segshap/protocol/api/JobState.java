package segshap.protocol.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where a daemon job is in its life: {@code queued → running → done | failed | cancelled}; a queued job may
 * also be cancelled before it runs. {@code done}, {@code failed} and {@code cancelled} are final. After a
 * restart of the daemon, a job that was {@code queued} or {@code running} is queued again.
 */
public enum JobState {
    /** Accepted, waiting for a free job slot. */
    @JsonProperty("queued") QUEUED,
    /** Being computed (load, baseline, coalitions, curves, writing the result). */
    @JsonProperty("running") RUNNING,
    /** Its result (report and files) is complete on the server. */
    @JsonProperty("done") DONE,
    /** Stopped by an error; the status's {@code error} says which. */
    @JsonProperty("failed") FAILED,
    /** Stopped on request ({@code DELETE /v1/jobs/{id}}). */
    @JsonProperty("cancelled") CANCELLED;

    /** Whether nothing more will happen to a job in this state. */
    public boolean isFinal() {
        return this == DONE || this == FAILED || this == CANCELLED;
    }

    /** The name on the wire ({@code queued}, …), also the SSE event name of a final state. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

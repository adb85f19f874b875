package segshap.protocol.api;

import java.util.List;

/**
 * The daemon's jobs ({@code GET /v1/jobs}), in submission order (ascending id).
 *
 * @param jobs every job the server's data folder holds, finished ones included
 */
public record JobList(List<JobStatus> jobs) {
    public JobList {
        jobs = jobs == null ? List.of() : List.copyOf(jobs);
    }
}

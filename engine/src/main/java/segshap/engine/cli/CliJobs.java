package segshap.engine.cli;

import segshap.kernels.InputException;
import segshap.protocol.job.JobSpec;

/** Job specs built from command-line options. */
final class CliJobs {
    private CliJobs() {}

    /** Builds the job; a field the options left invalid becomes an input error (exit 2, no stack trace). */
    static JobSpec build(JobSpec.Builder b) {
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new InputException("the options give an invalid job: " + e.getMessage(), e);
        }
    }
}

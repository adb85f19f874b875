package segshap.engine.cli;

import java.nio.file.Path;
import segshap.engine.output.ProtectedInputs;
import segshap.kernels.InputException;
import segshap.protocol.job.JobRoi;
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

    /** Every file {@code job} reads (model folder, CT, organ map and names, ROI mask): outputs must not be one of them. */
    static ProtectedInputs inputsOf(JobSpec job) {
        ProtectedInputs.Builder b = ProtectedInputs.builder().modelFolder("model", Path.of(job.inputs().model()))
                .file("CT", Path.of(job.inputs().ct())).file("organ map", Path.of(job.inputs().organs()));
        if (job.inputs().organNames() != null) b.file("organ names", Path.of(job.inputs().organNames()));
        if (job.roi() instanceof JobRoi.Mask m) b.file("ROI mask", Path.of(m.file()));
        return b.build();
    }
}

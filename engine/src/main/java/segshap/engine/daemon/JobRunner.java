package segshap.engine.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import segshap.engine.explain.Explainer;
import segshap.engine.explain.Explanation;
import segshap.engine.explain.ExplanationFolder;
import segshap.engine.explain.ExplanationJob;
import segshap.engine.explain.ExplanationWriter;
import segshap.engine.output.OutputException;
import segshap.engine.output.OutputTransaction;
import segshap.kernels.InputException;
import segshap.protocol.api.JobState;
import segshap.protocol.job.JobSpec;

/**
 * One job's computation, run on a job slot of the daemon's executor (it blocks that thread): prepare, explain,
 * evaluate (the curves, like {@code segshap demo}), write the result into the job's folder, then tell the job's
 * actor how it ended. A job stopped for a server shutdown reports nothing, so it stays unfinished on disk.
 */
final class JobRunner implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private final String id;
    private final JobSpec spec;
    private final Path resultDir;
    private final Explainer explainer;
    private final ActorRef<JobActor.Command> actor;
    private final JobControl control;

    JobRunner(String id, JobSpec spec, Path resultDir, Explainer explainer, ActorRef<JobActor.Command> actor, JobControl control) {
        this.id = id;
        this.spec = spec;
        this.resultDir = resultDir;
        this.explainer = explainer;
        this.actor = actor;
        this.control = control;
    }

    @Override
    public void run() {
        if (control.isStopped()) return; // cancelled while queued (the actor recorded it) or the server stops
        actor.tell(new JobActor.Started());
        try {
            compute();
            actor.tell(new JobActor.Ended(JobState.DONE, null));
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            // stopped by a shutdown, however the stop surfaced: record nothing, so the next start resumes the job
            if (control.isShuttingDown()) return;
            actor.tell(ended(e));
        }
    }

    private JobActor.Ended ended(Throwable e) {
        if (e instanceof CancellationException) return new JobActor.Ended(JobState.CANCELLED, null);
        if (e instanceof InputException || e instanceof OutputException) return new JobActor.Ended(JobState.FAILED, e.getMessage());
        LOG.error("job {} failed", id, e);
        return new JobActor.Ended(JobState.FAILED, "internal error: " + e);
    }

    private void compute() throws IOException {
        try (ExplanationJob job = explainer.prepare(spec, p -> actor.tell(new JobActor.Progressed(p)))) {
            control.attach(job);
            Explanation e = job.explain();
            // with every unit excluded there is nothing to remove along a curve; the explanation says so in its warnings
            if (job.setup().units().players().length > 0) e = job.evaluate(e);
            control.throwIfStopped();
            // the folder holds only this job's files: a killed earlier attempt may have left some of them
            ExplanationWriter.write(e, ExplanationFolder.inspect(resultDir, "result folder", true), OutputTransaction.FILES);
        }
    }
}

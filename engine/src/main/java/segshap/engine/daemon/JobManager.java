package segshap.engine.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import segshap.engine.explain.Explainer;
import segshap.engine.output.OutputException;
import segshap.kernels.InputException;
import segshap.protocol.ReportJson;
import segshap.protocol.api.JobState;
import segshap.protocol.api.JobStatus;
import segshap.protocol.job.JobCache;
import segshap.protocol.job.JobSpec;

/**
 * The daemon's jobs: admission (input paths inside the allowed roots, a bounded queue), one {@link JobActor} per
 * job, and the job slots: an executor of {@code maxJobs} threads on which {@link JobRunner}s block while their
 * explanations run on the shared {@link Explainer} (its device workers serve every running job). On start it
 * resumes every job its data folder holds unfinished.
 */
final class JobManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobManager.class);
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);
    /** What a refused client is told to wait: about one small job's time. */
    private static final int RETRY_AFTER_SECONDS = 30;

    private final Explainer explainer;
    private final ActorSystem<Void> system;
    private final JobStore store;
    private final AllowedRoots allowed;
    private final int maxQueued;
    private final ThreadPoolExecutor slots;
    private final ConcurrentSkipListMap<String, Job> jobs = new ConcurrentSkipListMap<>(JobStore.ID_ORDER);
    /** Jobs handed to the slots and not yet ended or dequeued: running ones and waiting ones. */
    private final AtomicInteger admitted = new AtomicInteger();

    private record Job(ActorRef<JobActor.Command> actor, JobControl control) {}

    /**
     * @param maxJobs   jobs computed at once, ≥ 1
     * @param maxQueued jobs waiting for a slot beyond which submissions are refused (429), ≥ 0
     */
    JobManager(Explainer explainer, JobStore store, AllowedRoots allowed, int maxJobs, int maxQueued) {
        if (maxJobs < 1) throw new IllegalArgumentException("maxJobs must be ≥ 1, got " + maxJobs);
        if (maxQueued < 0) throw new IllegalArgumentException("maxQueued must be ≥ 0, got " + maxQueued);
        this.explainer = explainer;
        this.system = explainer.actorSystem();
        this.store = store;
        this.allowed = allowed;
        this.maxQueued = maxQueued;
        AtomicInteger n = new AtomicInteger();
        // unbounded: resumed jobs are never refused; new submissions are bounded by maxQueued in submit()
        this.slots = new ThreadPoolExecutor(maxJobs, maxJobs, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "segshap-job-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Takes up the folder's jobs: finished ones are answered from disk, unfinished ones are queued again in id
     * order. A job whose result was complete when the server died (report renamed into place, state not yet
     * saved) is done, not computed again.
     *
     * @return how many jobs were queued again
     * @throws InputException naming {@code --data} when a job cannot be read or its new state not recorded
     */
    int resume() {
        int resumed = 0;
        for (JobStore.Stored s : store.load()) {
            JobStatus status = s.status();
            if (!status.state().isFinal()) {
                status = store.hasResult(status.id()) && reportReads(status.id())
                        ? status.in(JobState.DONE, null, Instant.now().toString())
                        : status.requeuedAfterRestart();
                try {
                    store.save(status);
                } catch (OutputException e) {
                    throw new InputException("--data " + store.dir() + ": cannot record the state of job " + status.id()
                            + " (" + e.getMessage() + ")", e);
                }
            }
            start(status, s.spec());
            if (status.state() == JobState.QUEUED) resumed++;
        }
        return resumed;
    }

    private boolean reportReads(String id) {
        try {
            ReportJson.read(store.resultDir(id).resolve(segshap.engine.explain.ExplanationWriter.REPORT));
            return true;
        } catch (IOException | RuntimeException e) {
            return false; // not a complete report: compute the job again
        }
    }

    /**
     * Accepts a job: checks its inputs against the allowed roots, gives it the data folder's tile cache, records
     * it and queues it.
     *
     * @throws Refusal 400/403 for inputs it may not read, 429 when {@code maxQueued} jobs are already waiting
     */
    synchronized JobStatus submit(JobSpec spec) throws OutputException {
        allowed.check(spec);
        if (admitted.get() >= slots.getMaximumPoolSize() + maxQueued) {
            throw new Refusal(429, "the queue is full (" + maxQueued + " jobs waiting, " + running() + " running); retry later",
                    RETRY_AFTER_SECONDS);
        }
        // one persisted cache for every job: a restart recomputes only what no job stored
        JobSpec run = spec.withCache(new JobCache(spec.cache().capacityBytes(), store.cacheDir().toString()));
        JobStatus status = new JobStatus(store.nextId(), JobState.QUEUED, null, null, Instant.now().toString(), null, null, 0);
        store.create(status, run);
        start(status, run);
        return status;
    }

    private void start(JobStatus status, JobSpec spec) {
        JobControl control = new JobControl();
        String id = status.id();
        Runnable[] task = new Runnable[1];
        ActorRef<JobActor.Command> actor = system.systemActorOf(JobActor.create(status, store, control, () -> {
            if (slots.remove(task[0])) admitted.decrementAndGet();
        }), "job-" + id, Props.empty());
        if (status.state() == JobState.QUEUED) {
            JobRunner runner = new JobRunner(id, spec, store.resultDir(id), explainer, actor, control);
            task[0] = () -> {
                try {
                    runner.run();
                } finally {
                    admitted.decrementAndGet();
                }
            };
            admitted.incrementAndGet();
            slots.execute(task[0]);
        }
        jobs.put(id, new Job(actor, control)); // visible to clients once its task exists, so a cancel can dequeue it
    }

    /** @throws Refusal 404 when there is no job {@code id} */
    private Job job(String id) {
        Job j = id == null ? null : jobs.get(id);
        if (j == null) throw new Refusal(404, "no job " + id + " on this server (GET /v1/jobs lists them)");
        return j;
    }

    /** The job's status. @throws Refusal 404 when unknown */
    CompletionStage<JobStatus> status(String id) {
        ActorRef<JobActor.Command> actor = job(id).actor();
        return AskPattern.ask(actor, JobActor.GetStatus::new, ASK_TIMEOUT, system.scheduler());
    }

    /** Every job's status, by id. */
    CompletionStage<List<JobStatus>> list() {
        List<CompletableFuture<JobStatus>> all = new ArrayList<>();
        for (Job j : jobs.values()) {
            all.add(AskPattern.<JobActor.Command, JobStatus>ask(j.actor(), JobActor.GetStatus::new, ASK_TIMEOUT,
                    system.scheduler()).toCompletableFuture());
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                .thenApply(v -> all.stream().map(CompletableFuture::join).toList());
    }

    /** Asks the job to stop; answers its status right after. @throws Refusal 404 when unknown */
    CompletionStage<JobStatus> cancel(String id) {
        ActorRef<JobActor.Command> actor = job(id).actor();
        return AskPattern.ask(actor, JobActor.Cancel::new, ASK_TIMEOUT, system.scheduler());
    }

    /** Feeds {@code events} with the job's events until it ends (or the client goes away). */
    void subscribe(String id, SourceQueueWithComplete<JobEvent> events) {
        ActorRef<JobActor.Command> actor = job(id).actor();
        events.watchCompletion().whenComplete((done, error) -> actor.tell(new JobActor.Unsubscribe(events)));
        actor.tell(new JobActor.Subscribe(events));
    }

    /** The job's result folder (complete when it holds report.json). @throws Refusal 404 when unknown */
    Path resultDir(String id) {
        job(id);
        return store.resultDir(id);
    }

    /** The job as it runs (absolute input paths). @throws Refusal 404 when unknown */
    JobSpec spec(String id) {
        job(id);
        try {
            return segshap.protocol.job.JobSpecJson.read(store.jobDir(id).resolve(JobStore.SPEC));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Jobs waiting for a slot. */
    int queued() { return slots.getQueue().size(); }

    /** Jobs computing now. */
    int running() { return slots.getActiveCount(); }

    /** Job slots. */
    int maxJobs() { return slots.getMaximumPoolSize(); }

    /**
     * Stops taking jobs and stops the running ones without recording them as ended (they stay unfinished on disk
     * and the next start resumes them); waits up to {@code grace} for their threads.
     */
    void stop(Duration grace) {
        slots.shutdown();
        slots.getQueue().clear();
        for (Job j : jobs.values()) j.control().stopForShutdown();
        try {
            if (!slots.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} jobs did not stop within {} s", slots.getActiveCount(), grace.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }
}

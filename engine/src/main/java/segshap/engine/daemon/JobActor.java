package segshap.engine.daemon;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import segshap.engine.output.OutputException;
import segshap.protocol.Progress;
import segshap.protocol.api.ApiJson;
import segshap.protocol.api.JobState;
import segshap.protocol.api.JobStatus;

/**
 * One job's state, owned by one actor: it answers status queries, takes the runner's phase reports
 * ({@link Started}, {@link Progressed}, {@link Ended}) and clients' cancellations, writes every change of state
 * to the job's {@code state.json} before it is visible, and feeds the job's event streams (progress events,
 * then one final event, then completion).
 */
final class JobActor extends AbstractBehavior<JobActor.Command> {
    private static final Logger LOG = LoggerFactory.getLogger(JobActor.class);

    /** What a job actor is told. */
    sealed interface Command {}

    /** The runner took the job from the queue. */
    record Started() implements Command {}

    /** The pipeline reported progress. */
    record Progressed(Progress progress) implements Command {}

    /** The runner ended: {@code done}, {@code failed} (with the error) or {@code cancelled}. */
    record Ended(JobState state, String error) implements Command {}

    /** Asks for the current status. */
    record GetStatus(ActorRef<JobStatus> replyTo) implements Command {}

    /** A client asks to cancel; the reply is the status right after (queued jobs are cancelled at once). */
    record Cancel(ActorRef<JobStatus> replyTo) implements Command {}

    /** A new event stream; it gets the latest progress now, later events as they come, then the final one. */
    record Subscribe(SourceQueueWithComplete<JobEvent> events) implements Command {}

    /** An event stream whose client went away. */
    record Unsubscribe(SourceQueueWithComplete<JobEvent> events) implements Command {}

    private final JobStore store;
    private final JobControl control;
    private final Runnable dequeue;
    private final List<SourceQueueWithComplete<JobEvent>> subscribers = new ArrayList<>();
    private JobStatus status;

    /**
     * @param initial its status as recorded (already on disk)
     * @param dequeue removes the job's runner from the queue (for a cancellation before it starts)
     */
    static Behavior<Command> create(JobStatus initial, JobStore store, JobControl control, Runnable dequeue) {
        return Behaviors.setup(ctx -> new JobActor(ctx, initial, store, control, dequeue));
    }

    private JobActor(ActorContext<Command> ctx, JobStatus initial, JobStore store, JobControl control, Runnable dequeue) {
        super(ctx);
        this.status = initial;
        this.store = store;
        this.control = control;
        this.dequeue = dequeue;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Started.class, m -> onStarted())
                .onMessage(Progressed.class, this::onProgressed)
                .onMessage(Ended.class, this::onEnded)
                .onMessage(GetStatus.class, m -> reply(m.replyTo()))
                .onMessage(Cancel.class, this::onCancel)
                .onMessage(Subscribe.class, this::onSubscribe)
                .onMessage(Unsubscribe.class, m -> {
                    subscribers.remove(m.events());
                    return this;
                })
                .build();
    }

    private Behavior<Command> onStarted() {
        if (status.state() == JobState.QUEUED) moveTo(JobState.RUNNING, null);
        return this;
    }

    private Behavior<Command> onProgressed(Progressed m) {
        if (status.state() != JobState.RUNNING) return this;
        status = status.withProgress(m.progress());
        publish(new JobEvent("progress", ApiJson.toJson(m.progress())));
        return this;
    }

    private Behavior<Command> onEnded(Ended m) {
        // a job cancelled while queued may still report from its runner: the first final state stays
        if (!status.state().isFinal()) moveTo(m.state(), m.error());
        return this;
    }

    private Behavior<Command> onCancel(Cancel m) {
        if (status.state() == JobState.QUEUED) {
            control.cancel();
            dequeue.run();
            moveTo(JobState.CANCELLED, null);
        } else if (status.state() == JobState.RUNNING) {
            control.cancel(); // the runner ends within a batch of coalitions and reports Ended(CANCELLED)
        }
        return reply(m.replyTo());
    }

    private Behavior<Command> onSubscribe(Subscribe m) {
        if (status.state().isFinal()) {
            m.events().offer(finalEvent());
            m.events().complete();
            return this;
        }
        subscribers.add(m.events());
        if (status.progress() != null) m.events().offer(new JobEvent("progress", ApiJson.toJson(status.progress())));
        return this;
    }

    private Behavior<Command> reply(ActorRef<JobStatus> to) {
        to.tell(status);
        return this;
    }

    /** Records the new state on disk, then makes it visible; a final state ends every event stream. */
    private void moveTo(JobState next, String error) {
        JobStatus updated = status.in(next, error, Instant.now().toString());
        try {
            store.save(updated);
        } catch (OutputException e) {
            // the job goes on; a restart would find it in its previous state and compute it again
            LOG.error("job {}: cannot record state {}: {}", updated.id(), next.wireName(), e.getMessage());
        }
        status = updated;
        LOG.info("job {} {}{}", status.id(), next.wireName(), error == null ? "" : ": " + error);
        if (next.isFinal()) {
            JobEvent last = finalEvent();
            for (SourceQueueWithComplete<JobEvent> q : subscribers) {
                q.offer(last);
                q.complete();
            }
            subscribers.clear();
        }
    }

    private JobEvent finalEvent() {
        return new JobEvent(status.state().wireName(), ApiJson.toJson(status));
    }

    private void publish(JobEvent e) {
        for (SourceQueueWithComplete<JobEvent> q : subscribers) q.offer(e);
    }
}

package segshap.engine.daemon;

import java.util.concurrent.CancellationException;
import segshap.engine.explain.ExplanationJob;

/**
 * How a job is stopped from outside its thread: by a client ({@link #cancel}: the job ends {@code cancelled}) or
 * by the server shutting down ({@link #stopForShutdown}: the job stays unfinished on disk and is resumed by the
 * next start). Either flag, once set, stays set; the explanation attached while the job runs is stopped at once.
 */
final class JobControl {
    private boolean cancelled;
    private boolean shuttingDown;
    private ExplanationJob running;

    /** A client asked to cancel the job. */
    synchronized void cancel() {
        cancelled = true;
        if (running != null) running.cancel();
    }

    /** The server is stopping: stop the job without recording it as cancelled. */
    synchronized void stopForShutdown() {
        shuttingDown = true;
        if (running != null) running.cancel();
    }

    synchronized boolean isCancelled() { return cancelled; }

    synchronized boolean isShuttingDown() { return shuttingDown; }

    /** Whether the job should not start (or go on). */
    synchronized boolean isStopped() { return cancelled || shuttingDown; }

    /**
     * The explanation the job is running from now on; stopped at once when a stop came before it.
     *
     * @throws CancellationException when the job was stopped while it was being prepared
     */
    synchronized void attach(ExplanationJob job) {
        running = job;
        throwIfStopped();
    }

    /** @throws CancellationException when the job was stopped */
    synchronized void throwIfStopped() {
        if (isStopped()) {
            if (running != null) running.cancel();
            throw new CancellationException(shuttingDown ? "the server is stopping" : "the job was cancelled");
        }
    }
}

package segshap.kernels.cpu;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one parallel loop of the CPU backend: runs {@code taskCount} independent tasks on a fixed pool of
 * {@code threads} workers (the calling thread is worker 0). Tasks are claimed dynamically, so a task must
 * compute the same values whichever worker runs it; the worker index only selects its scratch memory.
 */
final class ParallelFor implements AutoCloseable {

    /** One task: {@code index} in {@code [0, taskCount)}, {@code worker} in {@code [0, threads)}. */
    @FunctionalInterface
    interface Task {
        void run(int index, int worker);
    }

    private final int threads;
    private final ExecutorService pool;
    private final Future<?>[] pending;

    ParallelFor(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        this.threads = threads;
        this.pending = new Future<?>[threads];
        if (threads == 1) {
            pool = null;
        } else {
            AtomicInteger counter = new AtomicInteger();
            ThreadFactory factory = r -> {
                Thread t = new Thread(r, "segshap-cpu-" + counter.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
            pool = Executors.newFixedThreadPool(threads - 1, factory);
        }
    }

    int threads() {
        return threads;
    }

    /** Runs every task once and returns when all are done; the first failure is rethrown. */
    void run(int taskCount, Task task) {
        if (taskCount <= 0) return;
        int workers = Math.min(threads, taskCount);
        if (workers == 1) {
            for (int i = 0; i < taskCount; i++) task.run(i, 0);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        for (int w = 1; w < workers; w++) {
            int worker = w;
            pending[w] = pool.submit(() -> drain(next, taskCount, task, worker));
        }
        Throwable failure = null;
        try {
            drain(next, taskCount, task, 0);
        } catch (RuntimeException | Error e) {
            failure = e;
            next.set(taskCount); // let the other workers stop early
        }
        for (int w = 1; w < workers; w++) {
            try {
                pending[w].get();
            } catch (ExecutionException e) {
                if (failure == null) failure = e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (failure == null) failure = e;
            }
            pending[w] = null;
        }
        if (failure instanceof RuntimeException r) throw r;
        if (failure instanceof Error err) throw err;
        if (failure != null) throw new IllegalStateException("parallel task interrupted", failure);
    }

    private static void drain(AtomicInteger next, int taskCount, Task task, int worker) {
        for (int i = next.getAndIncrement(); i < taskCount; i = next.getAndIncrement()) {
            task.run(i, worker);
        }
    }

    @Override
    public void close() {
        if (pool != null) pool.shutdownNow();
    }
}

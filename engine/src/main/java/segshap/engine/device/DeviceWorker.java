package segshap.engine.device;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import segshap.kernels.backend.ForwardBackend;

/**
 * One device's inference worker: a backend (weights loaded once), the one thread that may call it, and the
 * device's memory budget. Every job that runs on the device shares it; batches from all of them queue on its
 * thread in arrival order.
 */
public final class DeviceWorker implements AutoCloseable {
    private final String name;
    private final ForwardBackend backend;
    private final ExecutorService thread;
    private final MemoryBudget memory;
    private float[] inputStaging = new float[0];
    private float[] outputStaging = new float[0];

    /**
     * @param backend owned by this worker from now on (closed with it)
     * @param thread  a single-thread executor, owned by this worker from now on
     */
    public DeviceWorker(String name, ForwardBackend backend, ExecutorService thread) {
        this.name = name;
        this.backend = backend;
        this.thread = thread;
        this.memory = new MemoryBudget(name, backend.memoryBudgetBytes());
    }

    /** Runs {@code work} on the device thread; the future completes with its result or its exception. */
    public <T> CompletableFuture<T> submit(Function<ForwardBackend, T> work) {
        return CompletableFuture.supplyAsync(() -> work.apply(backend), thread);
    }

    /** Runs {@code work} on the device thread and waits; its runtime exceptions are rethrown as they are. */
    public <T> T call(Function<ForwardBackend, T> work) {
        try {
            return submit(work).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }

    /**
     * A tile-input buffer of at least {@code floats}, reused from batch to batch (large arrays are costly to
     * allocate and zero for every batch). Only for work running on the device thread.
     */
    public float[] inputStaging(int floats) {
        if (inputStaging.length < floats) inputStaging = new float[floats];
        return inputStaging;
    }

    /** The same for the batch's logits before they are copied out per tile. */
    public float[] outputStaging(int floats) {
        if (outputStaging.length < floats) outputStaging = new float[floats];
        return outputStaging;
    }

    public String name() { return name; }

    /** The backend, for its description and cost model; call it only through {@link #submit}. */
    public ForwardBackend backend() { return backend; }

    /** What batches in flight on this device may hold together. */
    public MemoryBudget memory() { return memory; }

    @Override
    public void close() {
        thread.shutdown();
        backend.close();
    }
}

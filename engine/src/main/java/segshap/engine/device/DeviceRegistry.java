package segshap.engine.device;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import segshap.kernels.cpu.CpuBackends;
import segshap.kernels.backend.ModelWeights;
import segshap.kernels.model.NnunetModel;

/**
 * The devices of this process and their inference workers: one worker (one backend, one thread) per device
 * and model, opened on first use and shared by every job that asks for the same model. The caller (CLI
 * command, library user, daemon) creates the registry and closes it; nothing below it creates backends or
 * threads.
 */
public final class DeviceRegistry implements AutoCloseable {
    private final String device;
    private final int threads;
    private final long memoryBudgetBytes;
    private final Map<String, DeviceWorker> workers = new LinkedHashMap<>();

    private DeviceRegistry(String device, int threads, long memoryBudgetBytes) {
        if (threads < 1) throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
        if (memoryBudgetBytes < 1) throw new IllegalArgumentException("memory budget must be ≥ 1 byte, got " + memoryBudgetBytes);
        this.device = device;
        this.threads = threads;
        this.memoryBudgetBytes = memoryBudgetBytes;
    }

    /**
     * The CPU as the one device.
     *
     * @param threads           threads of each CPU forward pass
     * @param memoryBudgetBytes host bytes the batches in flight on the CPU may hold together
     */
    public static DeviceRegistry cpu(int threads, long memoryBudgetBytes) {
        return new DeviceRegistry("cpu", threads, memoryBudgetBytes);
    }

    /** The worker running {@code model} (all its loaded folds as one ensemble), opened on first use. */
    public synchronized DeviceWorker worker(NnunetModel model) {
        // the weight files, not the fold names: folds of one folder may be loaded from different checkpoints (-chk)
        String key = model.folder().toAbsolutePath().normalize() + " "
                + model.foldWeights().stream().map(ModelWeights::source).toList();
        DeviceWorker w = workers.get(key);
        if (w == null) {
            String name = device + ":" + model.folder().getFileName();
            w = new DeviceWorker(name, CpuBackends.forModel(model, threads, memoryBudgetBytes),
                    Executors.newSingleThreadExecutor(r -> {
                        Thread t = new Thread(r, "segshap-" + name);
                        t.setDaemon(true);
                        return t;
                    }));
            workers.put(key, w);
        }
        return w;
    }

    /** Which device this registry runs on ({@code cpu}). */
    public String device() { return device; }

    @Override
    public synchronized void close() {
        List<DeviceWorker> all = new ArrayList<>(workers.values());
        workers.clear();
        for (DeviceWorker w : all) w.close();
    }
}

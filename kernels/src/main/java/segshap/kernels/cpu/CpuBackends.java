package segshap.kernels.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import segshap.kernels.HeapCheck;
import segshap.kernels.backend.EnsembleBackend;
import segshap.kernels.backend.ForwardBackend;
import segshap.kernels.backend.ModelWeights;
import segshap.kernels.model.NnunetModel;

/** Builds the CPU backend for a whole model: one {@link CpuBackend} per fold, folds averaged per tile. */
public final class CpuBackends {
    private CpuBackends() {}

    /**
     * One backend over all folds of {@code model}: the single {@link CpuBackend} for one fold, else an
     * {@link EnsembleBackend} of one {@link CpuBackend} per fold in {@link NnunetModel#foldNames()} order,
     * which owns (and closes) them. The caller owns the result and closes it.
     *
     * <pre>{@code
     * try (ForwardBackend backend = CpuBackends.forModel(model, 8, CpuBackend.DEFAULT_MEMORY_BUDGET_BYTES)) {
     *     NnunetPredictor p = NnunetPredictor.open(model, backend, NnunetPredictor.Options.defaults());
     *     …
     * }
     * }</pre>
     *
     * @param threads           worker threads of each fold's backend, ≥ 1 (folds run one after another)
     * @param memoryBudgetBytes host memory (bytes) the batches may use together, &gt; 0; the folds run one at a
     *                          time, so each fold gets the whole budget
     * @throws segshap.kernels.InputException if a fold's weights do not match the plans
     * @throws IllegalArgumentException       if {@code threads < 1} or {@code memoryBudgetBytes <= 0}
     */
    public static ForwardBackend forModel(NnunetModel model, int threads, long memoryBudgetBytes) {
        List<ModelWeights> weights = model.foldWeights();
        List<ForwardBackend> folds = new ArrayList<>();
        try {
            for (ModelWeights w : weights) {
                CpuBackend fold = new CpuBackend(model.network(), w, threads, memoryBudgetBytes);
                folds.add(fold);
                if (folds.size() == 1) requireWorkspaceFits(fold, model.plan().patchSizeZyx(), threads);
            }
        } catch (RuntimeException e) {
            for (ForwardBackend f : folds) f.close(); // a later fold's weights were bad: stop the threads started so far
            throw e;
        }
        return folds.size() == 1 ? folds.get(0) : new EnsembleBackend(folds);
    }

    /**
     * Refuses a thread count whose workspaces cannot fit the heap, before any worker thread or buffer exists (the
     * pool starts its threads and the workspace is allocated at the first forward): each thread owns im2col and
     * accumulator rows, so one patch-sized forward grows with {@code threads}, and {@code --threads 100000} would
     * otherwise end in an OutOfMemoryError. Folds run one after another, so one fold's cost is the one that counts.
     */
    private static void requireWorkspaceFits(CpuBackend backend, int[] patchZyx, int threads) {
        long bytes = backend.batchBytes(patchZyx, 1);
        HeapCheck.requireFits(bytes, String.format(Locale.ROOT, "the CPU forward pass of one %d×%d×%d patch with %d threads",
                patchZyx[0], patchZyx[1], patchZyx[2], threads), "use fewer threads (--threads; each needs its own workspace)");
    }
}

package segshap.kernels.cpu;

import java.util.ArrayList;
import java.util.List;
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
        if (weights.size() == 1) return new CpuBackend(model.network(), weights.get(0), threads, memoryBudgetBytes);
        List<ForwardBackend> folds = new ArrayList<>();
        try {
            for (ModelWeights w : weights) folds.add(new CpuBackend(model.network(), w, threads, memoryBudgetBytes));
        } catch (RuntimeException e) {
            for (ForwardBackend f : folds) f.close(); // a later fold's weights were bad: stop the threads started so far
            throw e;
        }
        return new EnsembleBackend(folds);
    }
}

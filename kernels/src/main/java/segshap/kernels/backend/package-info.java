/**
 * The compute seam: what a forward backend is built from ({@link segshap.kernels.backend.NetworkSpec},
 * {@link segshap.kernels.backend.ModelWeights}) and what it does
 * ({@link segshap.kernels.backend.ForwardBackend#forward} of a {@link segshap.kernels.backend.TileBatch}).
 *
 * <p>A batch is tiles of one shape, each with its own crop; a tile's logits depend on that tile only. A backend
 * reports what a batch costs ({@code batchBytes}) and what its device allows ({@code memoryBudgetBytes}), so a
 * scheduler can size batches without knowing the backend. {@link segshap.kernels.backend.EnsembleBackend}
 * makes several folds one backend. Implementations live elsewhere: {@code kernels.cpu} today, CUDA next; each is
 * tested by extending {@code ForwardBackendContract} (kernels test-jar).
 */
package segshap.kernels.backend;

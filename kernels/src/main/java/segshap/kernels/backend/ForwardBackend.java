package segshap.kernels.backend;

/**
 * Runs one nnU-Net network on batches of tiles. Implemented by the Java CPU backend and, later, the CUDA
 * backend; the sliding window and the explanation engine see only this interface.
 *
 * <pre>{@code
 * try (ForwardBackend b = CpuBackends.forModel(model, 8, CpuBackend.DEFAULT_MEMORY_BUDGET_BYTES)) {
 *     int[] tile = model.plan().patchSizeZyx();
 *     Box[] crops = {Box.ofShape(tile), new Box(0, 0, 0, 8, 8, 8)};              // one crop per tile
 *     float[] out = new float[(int) TileBatch.outputFloats(b.spec().numHeads(), crops)];
 *     if (b.batchBytes(tile, crops.length) <= b.memoryBudgetBytes()) b.forward(TileBatch.packed(tile, b.spec().numHeads(), input, crops, out));
 * }
 * }</pre>
 *
 * <p><b>Threading.</b> {@link #forward} is blocking and is called by one thread at a time: the thread (device
 * worker) that owns the backend. Implementations may use many threads inside one call, and keep per-shape
 * buffers between calls, so they need not be thread-safe. {@link #spec}, {@link #batchBytes},
 * {@link #memoryBudgetBytes} and {@link #describe} may be called from any thread.
 *
 * <p><b>Results.</b> A tile's logits depend on that tile's input only: not on the other tiles of its batch,
 * their order, or the crops (implementations compute the whole tile and copy the crop out). The same
 * backend returns bit-identical logits for the same input.
 *
 * <p><b>Memory.</b> {@link #batchBytes} is what one batch needs beyond the weights; {@link #memoryBudgetBytes}
 * is what the batches in flight on this backend's device may use together. The scheduler keeps
 * Σ batchBytes ≤ memoryBudgetBytes; a backend does not refuse a batch over budget.
 *
 * <p><b>Ownership.</b> Whoever creates a backend closes it. Wrappers say whether they close what they wrap.
 */
public interface ForwardBackend extends AutoCloseable {

    /** The network this backend runs. */
    NetworkSpec spec();

    /**
     * Bytes beyond the weights that one {@link #forward} of {@code tileCount} tiles of this shape needs: the
     * input, the full-tile output and the activation workspace, at this backend's precision. Grows with
     * {@code tileCount}.
     *
     * @param tileZyx   tile extent zyx, divisible by {@link NetworkSpec#totalStrideZyx()}
     * @param tileCount tiles per batch, ≥ 1
     * @return bytes, > 0
     * @throws IllegalArgumentException naming the value if the tile shape or count is invalid
     */
    long batchBytes(int[] tileZyx, int tileCount);

    /**
     * The memory (bytes) batches may use together on this backend's device: for the CPU, the configured host
     * budget; for a GPU backend, the free device memory after weights and workspace.
     *
     * @return bytes, > 0
     */
    long memoryBudgetBytes();

    /**
     * Forwards every tile of {@code batch} and writes tile k's logits {@code (numHeads, crop k)} at
     * {@code batch.out()[batch.outOffset(k)]}. Blocking; called by one thread at a time (see the class doc).
     *
     * @throws IllegalArgumentException naming the value if the batch does not fit this network
     *                                  ({@link TileBatch#requireFits}): tile not divisible by the total stride,
     *                                  {@code input} or {@code out} too short, overlapping outputs; checked before
     *                                  any computation
     * @throws IllegalStateException    after {@link #close()}
     */
    void forward(TileBatch batch);

    /** A short human-readable name (e.g. {@code cpu(8 threads)}). */
    String describe();

    /**
     * What decides this backend's bits besides the weights and the input: precision and reduction order, with a
     * version that changes whenever the kernels' arithmetic does (e.g. {@code cpu-fp32/1}). Two backends of equal
     * numerics on equal weights return bit-identical logits for equal inputs, so persisted tile outputs may be
     * reused across them; the thread count or batch size must not appear here (they change no bit).
     */
    String numerics();

    /**
     * Releases threads and buffers (device memory for a GPU backend). Idempotent: a second call does nothing.
     * After it, {@link #forward} throws {@link IllegalStateException}.
     */
    @Override
    void close();
}

package segshap.kernels.cpu;

import java.util.Arrays;
import segshap.kernels.backend.ForwardBackend;
import segshap.kernels.backend.ModelWeights;
import segshap.kernels.backend.NetworkSpec;
import segshap.kernels.backend.TileBatch;
import segshap.kernels.tensor.Box;

/**
 * Runs PlainConvUNet or ResidualEncoderUNet on the CPU in float32, with a fixed pool of {@code threads}
 * threads owned by the backend. Results are bit-identical for any thread count.
 *
 * <pre>{@code
 * try (CpuBackend cpu = new CpuBackend(spec, SafetensorsReader.read(weightsFile), 8, CpuBackend.DEFAULT_MEMORY_BUDGET_BYTES)) {
 *     int[] tile = {48, 192, 192};
 *     Box[] crops = {Box.ofShape(tile)};
 *     float[] logits = new float[(int) TileBatch.outputFloats(spec.numHeads(), crops)];
 *     cpu.forward(TileBatch.packed(tile, spec.numHeads(), input, crops, logits));
 * }
 * }</pre>
 *
 * <p>Buffers are allocated on the first call for a tile shape and reused while the shape stays the same;
 * tiles of a batch run one after another through that one workspace. Not thread-safe: one calling thread at
 * a time ({@link ForwardBackend}'s contract).
 */
public final class CpuBackend implements ForwardBackend {
    /**
     * Host memory batches may use when the caller names no budget: 2 GiB. By {@link #batchBytes}'s count a
     * 128×128×128 tile of a six-stage PlainConvUNet with 32 base features needs about 1.5 GB (skips, scratch
     * activations and the decoder concat), so this fits one such tile, or many of the small test networks.
     */
    public static final long DEFAULT_MEMORY_BUDGET_BYTES = 2L << 30;

    private final NetworkSpec spec;
    private final UNetForward network;
    private final ParallelFor par;
    private final long memoryBudgetBytes;
    private Workspace workspace;
    private ActivationListener listener;
    private boolean closed;

    /**
     * @param spec              the network shape from plans.json
     * @param weights           float32 weights under nnU-Net's canonical state-dict names
     * @param threads           worker threads, ≥ 1 (the calling thread counts as one)
     * @param memoryBudgetBytes host memory (bytes) the batches on this backend may use together, &gt; 0;
     *                          reported by {@link #memoryBudgetBytes()}, not enforced here
     *                          ({@link #DEFAULT_MEMORY_BUDGET_BYTES} when unsure)
     * @throws segshap.kernels.InputException if a weight the spec needs is missing or has another shape
     * @throws IllegalArgumentException       if {@code threads < 1} or {@code memoryBudgetBytes <= 0}
     */
    public CpuBackend(NetworkSpec spec, ModelWeights weights, int threads, long memoryBudgetBytes) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        if (memoryBudgetBytes <= 0) {
            throw new IllegalArgumentException("memoryBudgetBytes must be > 0, got " + memoryBudgetBytes);
        }
        this.spec = spec;
        this.network = new UNetForward(spec, weights);
        this.par = new ParallelFor(threads);
        this.memoryBudgetBytes = memoryBudgetBytes;
    }

    @Override
    public NetworkSpec spec() {
        return spec;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here: 4 bytes × (tileCount × (inputChannels + numHeads) × tile voxels + the floats of the
     * workspace this backend allocates for the tile shape and its thread count, including one tile's full
     * logits and each thread's im2col and accumulator rows). The workspace is shared by the tiles of a batch,
     * so only input and output grow with {@code tileCount}.
     */
    @Override
    public long batchBytes(int[] tileZyx, int tileCount) {
        checkTile(tileZyx);
        if (tileCount < 1) throw new IllegalArgumentException("tileCount must be >= 1, got " + tileCount);
        long tileVoxels = (long) tileZyx[0] * tileZyx[1] * tileZyx[2];
        long perTile = (long) (spec.inputChannels() + spec.numHeads()) * tileVoxels;
        long workspaceFloats = network.workspaceSizes(tileZyx, par.threads()).floats();
        return Float.BYTES * (tileCount * perTile + workspaceFloats);
    }

    @Override
    public long memoryBudgetBytes() {
        return memoryBudgetBytes;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the tile is not divisible by the total stride, a crop is not inside
     *                                  the tile, or an array is too short
     * @throws IllegalStateException    after {@link #close()}
     */
    @Override
    public void forward(TileBatch batch) {
        if (closed) throw new IllegalStateException("CpuBackend is closed");
        batch.requireFits(spec);
        int[] tileZyx = batch.tileZyx();
        Workspace ws = workspace(tileZyx);
        int inputPerTile = spec.inputChannels() * batch.tileVoxels();
        int heads = spec.numHeads();
        for (int t = 0; t < batch.tileCount(); t++) {
            network.forward(batch.input(), batch.inputOffset() + t * inputPerTile, ws, par, listener, t);
            copyCrop(ws.logits, tileZyx, heads, batch.crop(t), batch.out(), batch.outOffset(t));
        }
    }

    private void checkTile(int[] tileZyx) {
        if (tileZyx.length != 3) throw new IllegalArgumentException("tileZyx must have 3 entries, got " + tileZyx.length);
        int[] total = spec.totalStrideZyx();
        for (int a = 0; a < 3; a++) {
            if (tileZyx[a] < 1 || tileZyx[a] % total[a] != 0) {
                throw new IllegalArgumentException("tile zyx " + Arrays.toString(tileZyx)
                        + " must be positive multiples of the total stride " + Arrays.toString(total));
            }
        }
    }

    private Workspace workspace(int[] tileZyx) {
        if (workspace == null || !Arrays.equals(workspace.tileZyx, tileZyx)) {
            workspace = null; // let the old buffers go before allocating new ones
            workspace = network.newWorkspace(tileZyx, par.threads());
        }
        return workspace;
    }

    private static void copyCrop(float[] logits, int[] tileZyx, int heads, Box crop, float[] out, int outOffset) {
        int ty = tileZyx[1], tx = tileZyx[2];
        int tileVoxels = tileZyx[0] * ty * tx;
        int len = crop.sizeX();
        int dst = outOffset;
        for (int h = 0; h < heads; h++) {
            for (int z = crop.z0(); z < crop.z1(); z++) {
                for (int y = crop.y0(); y < crop.y1(); y++) {
                    System.arraycopy(logits, h * tileVoxels + (z * ty + y) * tx + crop.x0(), out, dst, len);
                    dst += len;
                }
            }
        }
    }

    /** Test hook: receives every stage's activation during later forwards ({@code null} to stop). */
    void setActivationListener(ActivationListener listener) {
        this.listener = listener;
    }

    @Override
    public String describe() {
        return "cpu(" + par.threads() + (par.threads() == 1 ? " thread)" : " threads)");
    }

    /** fp32 with a fixed reduction order, whatever the thread count (CpuBackendContractTest). */
    @Override
    public String numerics() {
        return "cpu-fp32/1";
    }

    /** Stops the worker threads; the backend cannot be used afterwards. Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        workspace = null;
        par.close();
    }
}

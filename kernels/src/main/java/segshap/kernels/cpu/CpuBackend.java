package segshap.kernels.cpu;

import java.util.Arrays;
import segshap.kernels.backend.ForwardBackend;
import segshap.kernels.backend.ModelWeights;
import segshap.kernels.backend.NetworkSpec;
import segshap.kernels.tensor.Box;

/**
 * Runs PlainConvUNet or ResidualEncoderUNet on the CPU in float32, with a fixed pool of {@code threads}
 * threads owned by the backend. Results are bit-identical for any thread count.
 *
 * <pre>{@code
 * try (CpuBackend cpu = new CpuBackend(spec, SafetensorsReader.read(weightsFile), 8)) {
 *     cpu.forwardTiles(input, 0, new int[] {48, 192, 192}, 1, Box.ofShape(tile), logits, 0);
 * }
 * }</pre>
 *
 * <p>Buffers are allocated on the first call for a tile shape and reused while the shape stays the same.
 * Not thread-safe: use one backend per calling thread.
 */
public final class CpuBackend implements ForwardBackend {
    private final NetworkSpec spec;
    private final UNetForward network;
    private final ParallelFor par;
    private Workspace workspace;
    private ActivationListener listener;
    private boolean closed;

    /**
     * @param spec    the network shape from plans.json
     * @param weights float32 weights under nnU-Net's canonical state-dict names
     * @param threads worker threads, ≥ 1 (the calling thread counts as one)
     * @throws segshap.kernels.InputException if a weight the spec needs is missing or has another shape
     * @throws IllegalArgumentException       if {@code threads < 1}
     */
    public CpuBackend(NetworkSpec spec, ModelWeights weights, int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        this.spec = spec;
        this.network = new UNetForward(spec, weights);
        this.par = new ParallelFor(threads);
    }

    @Override
    public NetworkSpec spec() {
        return spec;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the tile is not divisible by the total stride, the crop is not inside
     *                                  the tile, or an array is too short
     * @throws IllegalStateException    after {@link #close()}
     */
    @Override
    public void forwardTiles(float[] input, int inputOffset, int[] tileZyx, int tileCount, Box crop,
                             float[] out, int outOffset) {
        if (closed) throw new IllegalStateException("CpuBackend is closed");
        checkArguments(input, inputOffset, tileZyx, tileCount, crop, out, outOffset);
        Workspace ws = workspace(tileZyx);
        int tileVoxels = tileZyx[0] * tileZyx[1] * tileZyx[2];
        int inputPerTile = spec.inputChannels() * tileVoxels;
        int heads = spec.numHeads();
        int cropVoxels = (int) crop.voxelCount();
        for (int t = 0; t < tileCount; t++) {
            network.forward(input, inputOffset + t * inputPerTile, ws, par, listener, t);
            copyCrop(ws.logits, tileZyx, heads, crop, out, outOffset + t * heads * cropVoxels);
        }
    }

    private void checkArguments(float[] input, int inputOffset, int[] tileZyx, int tileCount, Box crop, float[] out,
                                int outOffset) {
        if (tileZyx.length != 3) throw new IllegalArgumentException("tileZyx must have 3 entries, got " + tileZyx.length);
        int[] total = spec.totalStrideZyx();
        for (int a = 0; a < 3; a++) {
            if (tileZyx[a] < 1 || tileZyx[a] % total[a] != 0) {
                throw new IllegalArgumentException("tile zyx " + Arrays.toString(tileZyx)
                        + " must be positive multiples of the total stride " + Arrays.toString(total));
            }
        }
        if (tileCount < 1) throw new IllegalArgumentException("tileCount must be >= 1, got " + tileCount);
        if (crop.z0() < 0 || crop.y0() < 0 || crop.x0() < 0
                || crop.z1() > tileZyx[0] || crop.y1() > tileZyx[1] || crop.x1() > tileZyx[2]) {
            throw new IllegalArgumentException("crop " + crop + " is not inside the tile " + Arrays.toString(tileZyx));
        }
        long inNeeded = (long) tileCount * spec.inputChannels() * tileZyx[0] * tileZyx[1] * tileZyx[2];
        if (inputOffset < 0 || inputOffset + inNeeded > input.length) {
            throw new IllegalArgumentException("input holds " + input.length + " floats; " + inNeeded + " needed from offset "
                    + inputOffset + " for " + tileCount + " tile(s) of " + spec.inputChannels() + "×"
                    + Arrays.toString(tileZyx));
        }
        long outNeeded = (long) tileCount * spec.numHeads() * crop.voxelCount();
        if (outOffset < 0 || outOffset + outNeeded > out.length) {
            throw new IllegalArgumentException("out holds " + out.length + " floats; " + outNeeded + " needed from offset "
                    + outOffset + " for " + tileCount + " tile(s) of " + spec.numHeads() + " heads × crop " + crop);
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

    /** Stops the worker threads; the backend cannot be used afterwards. */
    @Override
    public void close() {
        closed = true;
        workspace = null;
        par.close();
    }
}

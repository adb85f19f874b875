package segshap.kernels.window;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import segshap.kernels.backend.Architecture;
import segshap.kernels.backend.ForwardBackend;
import segshap.kernels.backend.NetworkSpec;
import segshap.kernels.backend.TileBatch;
import segshap.kernels.tensor.Box;

/**
 * A deterministic stand-in for a network: 3 heads, each an exact float32 function of channel 0 of the tile
 * input and the voxel's position inside the tile. Honours each tile's crop and checks its arguments like a real backend. Records the tile count of each call.
 */
final class FakeForwardBackend implements ForwardBackend {
    /** Head factors of both formulas, also used by tools/make_window_refs.py. */
    static final float[] SCALES = {1.5f, 2.5f, -0.75f};
    static final float[] RAMP_FACTORS = {-1.0f, 0.5f, 1.0f};
    static final float[] SQUARE_FACTORS = {0.25f, -0.5f, 0.125f};

    enum Formula {
        /** logit_h = x·S[h] + ramp·R[h], ramp = ((7z + 3y + x) mod 11)·0.25 in tile coordinates: not flip-equivariant. */
        RAMP,
        /** logit_h = x·S[h] + (x·x)·Q[h]: voxel-wise, hence equivariant under flips. */
        VOXELWISE
    }

    private final Formula formula;
    private final NetworkSpec spec;
    final List<Integer> tileCountsPerCall = new ArrayList<>();
    private boolean closed;

    FakeForwardBackend(Formula formula, int inputChannels) {
        this.formula = formula;
        this.spec = new NetworkSpec(Architecture.PLAIN_CONV_UNET, inputChannels, 3, new int[] {4, 8},
                new int[][] {{3, 3, 3}, {3, 3, 3}}, new int[][] {{1, 1, 1}, {1, 2, 2}}, new int[] {2, 2}, new int[] {2},
                true, 1e-5, 0.01);
    }

    FakeForwardBackend(Formula formula) {
        this(formula, 1);
    }

    /** The fake's logit for head h at tile voxel (z, y, x) with channel-0 input value v. */
    float logit(int h, float v, int z, int y, int x) {
        if (formula == Formula.RAMP) {
            float ramp = ((z * 7 + y * 3 + x) % 11) * 0.25f;
            return v * SCALES[h] + ramp * RAMP_FACTORS[h];
        }
        return v * SCALES[h] + (v * v) * SQUARE_FACTORS[h];
    }

    @Override
    public NetworkSpec spec() { return spec; }

    /** Input and full-tile output of every tile, in float32: the fake keeps no workspace. */
    @Override
    public long batchBytes(int[] tileZyx, int tileCount) {
        if (tileCount < 1) throw new IllegalArgumentException("tileCount must be >= 1, got " + tileCount);
        int[] stride = spec.totalStrideZyx();
        for (int a = 0; a < 3; a++) {
            if (tileZyx[a] % stride[a] != 0) {
                throw new IllegalArgumentException("tile zyx " + Arrays.toString(tileZyx) + " is not divisible by "
                        + Arrays.toString(stride));
            }
        }
        return 4L * tileCount * (spec.inputChannels() + spec.numHeads()) * tileZyx[0] * tileZyx[1] * tileZyx[2];
    }

    @Override
    public long memoryBudgetBytes() { return 1L << 30; }

    @Override
    public void forward(TileBatch batch) {
        if (closed) throw new IllegalStateException("fake backend is closed");
        batch.requireFits(spec);
        int[] tileZyx = batch.tileZyx();
        tileCountsPerCall.add(batch.tileCount());
        int tileVoxels = batch.tileVoxels();
        float[] input = batch.input();
        float[] out = batch.out();
        for (int b = 0; b < batch.tileCount(); b++) {
            int in = batch.inputOffset() + b * spec.inputChannels() * tileVoxels; // channel 0 of tile b
            Box crop = batch.crop(b);
            int o = batch.outOffset(b);
            for (int h = 0; h < 3; h++) {
                for (int z = crop.z0(); z < crop.z1(); z++) {
                    for (int y = crop.y0(); y < crop.y1(); y++) {
                        for (int x = crop.x0(); x < crop.x1(); x++) {
                            out[o++] = logit(h, input[in + (z * tileZyx[1] + y) * tileZyx[2] + x], z, y, x);
                        }
                    }
                }
            }
        }
    }

    @Override
    public String describe() { return "fake(" + formula + ")"; }

    @Override
    public String numerics() { return "fake/" + formula; }

    @Override
    public void close() { closed = true; }
}

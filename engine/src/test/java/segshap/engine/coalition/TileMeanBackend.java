package segshap.engine.coalition;

import java.util.List;
import segshap.kernels.backend.Architecture;
import segshap.kernels.backend.ForwardBackend;
import segshap.kernels.backend.NetworkSpec;
import segshap.kernels.backend.TileBatch;
import segshap.kernels.tensor.Box;

/**
 * A deterministic stand-in network whose output at a voxel depends on the voxel and on the whole tile
 * (through the tile mean, as InstanceNorm does), with head 1 = "organ" above head 0 where the input is high.
 */
public final class TileMeanBackend implements ForwardBackend {
    public static final NetworkSpec SPEC = new NetworkSpec(Architecture.PLAIN_CONV_UNET, 1, 2, new int[] {2, 4},
            new int[][] {{3, 3, 3}, {3, 3, 3}}, new int[][] {{1, 1, 1}, {2, 2, 2}}, new int[] {1, 1}, new int[] {1},
            true, 1e-5, 0.01);
    /** Its model digest: no weights, only the shape and the numerics. */
    public static final byte[] MODEL_DIGEST = TileKeys.modelDigest(SPEC, List.of(), List.of(), "tile-mean/1");
    int calls;
    /** What {@link #memoryBudgetBytes()} reports; tests shrink it. */
    public long budgetBytes = 1L << 30;
    /** When set, every forward throws it (a failing device). */
    public RuntimeException failWith;

    @Override
    public NetworkSpec spec() {
        return SPEC;
    }

    @Override
    public long batchBytes(int[] tileZyx, int tileCount) {
        long voxels = (long) tileZyx[0] * tileZyx[1] * tileZyx[2];
        return 4L * tileCount * (SPEC.inputChannels() + SPEC.numHeads()) * voxels + 4L * 8 * voxels; // + a fixed "workspace"
    }

    @Override
    public long memoryBudgetBytes() {
        return budgetBytes;
    }

    @Override
    public void forward(TileBatch batch) {
        calls++;
        if (failWith != null) throw failWith;
        batch.requireFits(SPEC);
        int[] tileZyx = batch.tileZyx();
        float[] input = batch.input();
        float[] out = batch.out();
        int n = batch.tileVoxels();
        for (int t = 0; t < batch.tileCount(); t++) {
            int base = batch.inputOffset() + t * n;
            Box crop = batch.crop(t);
            int o = batch.outOffset(t);
            double mean = 0;
            for (int i = 0; i < n; i++) mean += input[base + i];
            mean /= n;
            for (int h = 0; h < 2; h++) {
                for (int z = crop.z0(); z < crop.z1(); z++) {
                    for (int y = crop.y0(); y < crop.y1(); y++) {
                        for (int x = crop.x0(); x < crop.x1(); x++) {
                            float v = input[base + (z * tileZyx[1] + y) * tileZyx[2] + x];
                            out[o++] = h == 0 ? 0.5f - (float) mean * 0.3f : v + (float) mean * 0.7f - 0.2f;
                        }
                    }
                }
            }
        }
    }

    @Override
    public String describe() {
        return "tile-mean fake";
    }

    @Override
    public String numerics() {
        return "tile-mean/1";
    }

    @Override
    public void close() {}
}

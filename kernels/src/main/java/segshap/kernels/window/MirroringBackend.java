package segshap.kernels.window;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import segshap.kernels.backend.ForwardBackend;
import segshap.kernels.backend.NetworkSpec;
import segshap.kernels.backend.TileBatch;
import segshap.kernels.tensor.Box;

/**
 * nnU-Net's test-time mirroring ({@code _internal_maybe_mirror_and_predict}) around another backend: the
 * logits of the tile plus, for every non-empty subset of the mirror axes in {@code itertools.combinations}
 * order, the logits of the flipped tile flipped back, summed in float32 in that order and divided by
 * {@code 1 + #subsets}. Works for any crop, one per tile (the flipped run gets the mirrored crop).
 *
 * <p>Owns scratch buffers: one thread at a time. {@link #close()} does not close the wrapped backend,
 * whose owner closes it.
 */
final class MirroringBackend implements ForwardBackend {
    private final ForwardBackend inner;
    private final int[] mirrorAxesZyx;
    private final List<boolean[]> subsets; // per subset: flip z, flip y, flip x
    private float[] flippedInput = new float[0];
    private float[] flippedLogits = new float[0];
    private boolean closed;

    /** @param mirrorAxesZyx distinct spatial axes (0 = z, 1 = y, 2 = x), at least one, in nnU-Net's order */
    MirroringBackend(ForwardBackend inner, int[] mirrorAxesZyx) {
        if (mirrorAxesZyx.length == 0) throw new IllegalArgumentException("mirroring needs at least one axis");
        this.inner = inner;
        this.mirrorAxesZyx = mirrorAxesZyx.clone();
        this.subsets = axisSubsets(this.mirrorAxesZyx);
    }

    /** Non-empty subsets by size, each size in lexicographic order of positions (itertools.combinations). */
    static List<boolean[]> axisSubsets(int[] axes) {
        List<boolean[]> out = new ArrayList<>();
        int n = axes.length;
        for (int size = 1; size <= n; size++) {
            int[] idx = new int[size];
            for (int i = 0; i < size; i++) idx[i] = i;
            while (true) {
                boolean[] flip = new boolean[3];
                for (int i : idx) flip[axes[i]] = true;
                out.add(flip);
                int i = size - 1;
                while (i >= 0 && idx[i] == n - size + i) i--;
                if (i < 0) break;
                idx[i]++;
                for (int j = i + 1; j < size; j++) idx[j] = idx[j - 1] + 1;
            }
        }
        return List.copyOf(out);
    }

    @Override
    public NetworkSpec spec() { return inner.spec(); }

    /**
     * {@inheritDoc} Here: the wrapped backend's, plus the flipped copy of the input and the flipped logits
     * (counted for whole tiles).
     */
    @Override
    public long batchBytes(int[] tileZyx, int tileCount) {
        long perTile = (long) (inner.spec().inputChannels() + inner.spec().numHeads()) * tileZyx[0] * tileZyx[1] * tileZyx[2];
        return inner.batchBytes(tileZyx, tileCount) + Float.BYTES * tileCount * perTile;
    }

    @Override
    public long memoryBudgetBytes() { return inner.memoryBudgetBytes(); }

    @Override
    public void forward(TileBatch batch) {
        if (closed) throw new IllegalStateException("MirroringBackend is closed");
        batch.requireFits(inner.spec());
        int channels = inner.spec().inputChannels();
        int heads = inner.spec().numHeads();
        int[] tileZyx = batch.tileZyx();
        int tileCount = batch.tileCount();
        int inLength = tileCount * channels * batch.tileVoxels();
        Box[] crops = batch.crops();
        int outLength = Math.toIntExact(TileBatch.outputFloats(heads, crops));
        if (flippedInput.length < inLength) flippedInput = new float[inLength];
        if (flippedLogits.length < outLength) flippedLogits = new float[outLength];
        float[] out = batch.out();
        inner.forward(batch);
        for (boolean[] flip : subsets) {
            flip(batch.input(), batch.inputOffset(), tileCount * channels, tileZyx, flip, flippedInput, 0, false);
            Box[] mirrored = new Box[tileCount];
            for (int k = 0; k < tileCount; k++) mirrored[k] = mirror(crops[k], tileZyx, flip);
            TileBatch flipped = TileBatch.packed(tileZyx, heads, flippedInput, mirrored, flippedLogits);
            inner.forward(flipped);
            for (int k = 0; k < tileCount; k++) {
                flip(flippedLogits, flipped.outOffset(k), heads, crops[k].sizeZyx(), flip, out, batch.outOffset(k), true);
            }
        }
        float runs = subsets.size() + 1;
        for (int k = 0; k < tileCount; k++) {
            int from = batch.outOffset(k);
            int to = from + (int) (heads * crops[k].voxelCount());
            for (int i = from; i < to; i++) out[i] /= runs;
        }
    }

    /** The crop that, in the flipped tile, covers what {@code crop} covers in the tile. */
    private static Box mirror(Box crop, int[] tileZyx, boolean[] flip) {
        return new Box(
                flip[0] ? tileZyx[0] - crop.z1() : crop.z0(), flip[1] ? tileZyx[1] - crop.y1() : crop.y0(),
                flip[2] ? tileZyx[2] - crop.x1() : crop.x0(), flip[0] ? tileZyx[0] - crop.z0() : crop.z1(),
                flip[1] ? tileZyx[1] - crop.y0() : crop.y1(), flip[2] ? tileZyx[2] - crop.x0() : crop.x1());
    }

    /** dst = src flipped along the marked axes (or dst += that when {@code add}), for {@code count} volumes. */
    private static void flip(float[] src, int srcOff, int count, int[] shapeZyx, boolean[] flip, float[] dst, int dstOff,
                             boolean add) {
        int nz = shapeZyx[0], ny = shapeZyx[1], nx = shapeZyx[2];
        int vol = nz * ny * nx;
        for (int v = 0; v < count; v++) {
            for (int z = 0; z < nz; z++) {
                int sz = flip[0] ? nz - 1 - z : z;
                for (int y = 0; y < ny; y++) {
                    int sy = flip[1] ? ny - 1 - y : y;
                    int s = srcOff + v * vol + (sz * ny + sy) * nx;
                    int d = dstOff + v * vol + (z * ny + y) * nx;
                    for (int x = 0; x < nx; x++) {
                        float f = src[s + (flip[2] ? nx - 1 - x : x)];
                        if (add) dst[d + x] += f; else dst[d + x] = f;
                    }
                }
            }
        }
    }

    @Override
    public String describe() {
        return inner.describe() + " with mirroring over axes " + Arrays.toString(mirrorAxesZyx);
    }

    @Override
    public String numerics() {
        return inner.numerics() + "+mirror" + Arrays.toString(mirrorAxesZyx);
    }

    /** Marks this wrapper closed (idempotent); the wrapped backend belongs to the caller, who closes it. */
    @Override
    public void close() {
        closed = true;
    }
}

package segshap.kernels.backend;

import java.util.List;
import segshap.kernels.tensor.Box;

/**
 * Several folds of one model as one backend: the logits of each tile are the mean of the folds' logits.
 *
 * <p>nnU-Net averages the folds' fused logits; fusion is linear in the tile logits, so averaging per tile
 * gives the same result up to float32 rounding while letting the sliding window and the explanation
 * engine treat an ensemble like a single network. Folds are summed in fold order, then divided by the
 * fold count, as nnU-Net does.
 *
 * <p>Runs the folds one after another on the calling thread (one thread at a time, as
 * {@link ForwardBackend} says); owns an accumulation buffer for the folds after the first.
 */
public final class EnsembleBackend implements ForwardBackend {
    private final List<ForwardBackend> folds;
    private float[] scratch = new float[0]; // (tileCount, numHeads, crop) packed, folds 1..n−1
    private boolean closed;

    /**
     * @param folds one backend per fold, at least one, all with the same number of heads and input channels;
     *              owned by this ensemble from now on ({@link #close()} closes them)
     * @throws IllegalArgumentException if {@code folds} is empty or the folds disagree on heads or channels
     */
    public EnsembleBackend(List<ForwardBackend> folds) {
        if (folds.isEmpty()) throw new IllegalArgumentException("an ensemble needs at least one fold");
        NetworkSpec first = folds.get(0).spec();
        for (ForwardBackend f : folds) {
            if (f.spec().numHeads() != first.numHeads() || f.spec().inputChannels() != first.inputChannels()) {
                throw new IllegalArgumentException("folds disagree on heads or input channels: " + f.spec() + " vs " + first);
            }
        }
        this.folds = List.copyOf(folds);
    }

    /** The folds in order, for nnU-Net's float16 path that fuses each fold alone; still owned by this ensemble. */
    public List<ForwardBackend> folds() {
        return folds;
    }

    @Override
    public NetworkSpec spec() {
        return folds.get(0).spec();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here: the sum of the folds' {@code batchBytes} (each fold keeps its own workspace between calls, so
     * all are resident at once; the batch's input and output, which the folds share, are counted once per
     * fold, so this errs high) plus the accumulation buffer of full-tile logits for the folds after the first.
     */
    @Override
    public long batchBytes(int[] tileZyx, int tileCount) {
        long sum = 0;
        for (ForwardBackend f : folds) sum += f.batchBytes(tileZyx, tileCount);
        if (folds.size() > 1) {
            sum += Float.BYTES * (long) tileCount * spec().numHeads() * tileZyx[0] * tileZyx[1] * tileZyx[2];
        }
        return sum;
    }

    /** {@inheritDoc} Here: the smallest of the folds' budgets. */
    @Override
    public long memoryBudgetBytes() {
        long min = Long.MAX_VALUE;
        for (ForwardBackend f : folds) min = Math.min(min, f.memoryBudgetBytes());
        return min;
    }

    @Override
    public void forward(TileBatch batch) {
        if (closed) throw new IllegalStateException("EnsembleBackend is closed");
        batch.requireFits(spec());
        folds.get(0).forward(batch);
        if (folds.size() == 1) return;
        int heads = spec().numHeads();
        Box[] crops = batch.crops();
        int n = Math.toIntExact(TileBatch.outputFloats(heads, crops));
        if (scratch.length < n) scratch = new float[n];
        // the other folds write packed into scratch; the sums land at each tile's own offset in out
        TileBatch packed = new TileBatch(batch.tileZyx(), batch.tileCount(), batch.input(), batch.inputOffset(), crops,
                scratch, packedOffsets(heads, crops));
        float[] out = batch.out();
        for (int f = 1; f < folds.size(); f++) {
            folds.get(f).forward(packed);
            for (int k = 0, src = 0; k < crops.length; k++) {
                int len = (int) (heads * crops[k].voxelCount());
                int dst = batch.outOffset(k);
                for (int i = 0; i < len; i++) out[dst + i] += scratch[src + i];
                src += len;
            }
        }
        float count = folds.size();
        for (int k = 0; k < crops.length; k++) {
            int len = (int) (heads * crops[k].voxelCount());
            int dst = batch.outOffset(k);
            for (int i = 0; i < len; i++) out[dst + i] /= count;
        }
    }

    private static int[] packedOffsets(int heads, Box[] crops) {
        int[] offsets = new int[crops.length];
        for (int k = 1; k < crops.length; k++) offsets[k] = offsets[k - 1] + (int) (heads * crops[k - 1].voxelCount());
        return offsets;
    }

    @Override
    public String describe() {
        return folds.size() + " folds × " + folds.get(0).describe();
    }

    /** The folds' numerics, averaged in fold order (the model digest names the folds). */
    @Override
    public String numerics() {
        return folds.get(0).numerics() + "+mean/1";
    }

    /** Closes every fold, in order. Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (ForwardBackend f : folds) f.close();
    }
}

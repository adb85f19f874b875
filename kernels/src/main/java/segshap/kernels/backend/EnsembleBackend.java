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
 */
public final class EnsembleBackend implements ForwardBackend {
    private final List<ForwardBackend> folds;
    private float[] scratch = new float[0];

    /** @param folds one backend per fold, all with the same {@link NetworkSpec} shape of output; owned (closed) by this */
    public EnsembleBackend(List<ForwardBackend> folds) {
        if (folds.isEmpty()) throw new IllegalArgumentException("an ensemble needs at least one fold");
        int heads = folds.get(0).spec().numHeads();
        for (ForwardBackend f : folds) {
            if (f.spec().numHeads() != heads) throw new IllegalArgumentException("folds disagree on the number of heads");
        }
        this.folds = List.copyOf(folds);
    }

    @Override
    public NetworkSpec spec() {
        return folds.get(0).spec();
    }

    @Override
    public void forwardTiles(float[] input, int inputOffset, int[] tileZyx, int tileCount, Box crop,
                             float[] out, int outOffset) {
        folds.get(0).forwardTiles(input, inputOffset, tileZyx, tileCount, crop, out, outOffset);
        if (folds.size() == 1) return;
        int n = Math.toIntExact((long) tileCount * spec().numHeads() * crop.voxelCount());
        if (scratch.length < n) scratch = new float[n];
        for (int f = 1; f < folds.size(); f++) {
            folds.get(f).forwardTiles(input, inputOffset, tileZyx, tileCount, crop, scratch, 0);
            for (int i = 0; i < n; i++) out[outOffset + i] += scratch[i];
        }
        float count = folds.size();
        for (int i = 0; i < n; i++) out[outOffset + i] /= count;
    }

    @Override
    public String describe() {
        return folds.size() + " folds × " + folds.get(0).describe();
    }

    @Override
    public void close() {
        for (ForwardBackend f : folds) f.close();
    }
}

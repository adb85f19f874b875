package segshap.engine.explain;

import java.util.ArrayList;
import java.util.List;
import segshap.engine.coalition.Baseline;
import segshap.engine.coalition.TilePlan;
import segshap.engine.device.DeviceWorker;
import segshap.engine.value.ValueFunctions;
import segshap.kernels.backend.TileBatch;
import segshap.kernels.tensor.Box;
import segshap.kernels.window.AccumulationMode;
import segshap.kernels.window.FusionOverBox;
import segshap.kernels.window.GaussianImportanceMap;
import segshap.kernels.window.Tile;
import segshap.kernels.window.TileExtractor;
import segshap.kernels.window.TileGrid;

/**
 * What the crop tiling changes in the baseline: the crop's fused logits over B against nnU-Net's own prediction
 * there (the tiles of the whole volume that meet B).
 *
 * @param maxAbsLogitDiff max over B and every channel of |crop logit − nnU-Net logit|
 * @param dice            Dice of the two target masks over B (1 when both are empty)
 */
public record CropDeviation(double maxAbsLogitDiff, double dice) {

    /**
     * @param nnunetOverB nnU-Net's logits over B (heads, Bz, By, Bx), e.g. {@link #nnunetLogitsOverB}
     * @param crop        the crop tiling's baseline over the same B
     */
    static CropDeviation of(float[] nnunetOverB, Baseline crop, TilePlan plan) {
        float[] c = crop.fusedOverB();
        if (c.length != nnunetOverB.length) {
            throw new IllegalArgumentException(nnunetOverB.length + " nnU-Net logits for " + c.length + " crop logits over B");
        }
        double max = 0;
        for (int i = 0; i < c.length; i++) max = Math.max(max, Math.abs((double) c[i] - nnunetOverB[i]));
        byte[] a = ValueFunctions.hardPrediction(nnunetOverB, plan.numHeads(), plan.targetChannel());
        byte[] b = crop.p0OverB();
        long both = 0, sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] + b[i];
            if (a[i] != 0 && b[i] != 0) both++;
        }
        return new CropDeviation(max, sum == 0 ? 1.0 : 2.0 * both / sum);
    }

    /**
     * nnU-Net's logits over B from its own tiles (those of the whole volume meeting B), fused in tile order: the same
     * numbers as a full-volume prediction cut to B, for the tiles' cost only.
     *
     * @param tilesPerBatch tiles per forward call, ≥ 1
     */
    static float[] nnunetLogitsOverB(NetworkCase net, Box box, int numHeads, DeviceWorker device, int tilesPerBatch) {
        TileGrid grid = net.tiles();
        FusionOverBox fusion = new FusionOverBox(grid, GaussianImportanceMap.of(grid.patchZyx(), AccumulationMode.FLOAT32), box,
                numHeads);
        List<Tile> tiles = fusion.tiles();
        int[] patch = grid.patchZyx();
        int tileFloats = net.preprocessed().dataCzyx().dim(0) * patch[0] * patch[1] * patch[2];
        List<float[]> logits = new ArrayList<>(tiles.size());
        for (int first = 0; first < tiles.size(); first += tilesPerBatch) {
            int count = Math.min(tilesPerBatch, tiles.size() - first);
            float[] input = new float[count * tileFloats];
            Box[] crops = new Box[count];
            for (int k = 0; k < count; k++) {
                TileExtractor.extractTile(net.preprocessed().dataCzyx(), grid, tiles.get(first + k), input, k * tileFloats);
                crops[k] = fusion.cropInTile(tiles.get(first + k));
            }
            float[] out = new float[Math.toIntExact(TileBatch.outputFloats(numHeads, crops))];
            device.call(backend -> {
                backend.forward(TileBatch.packed(patch, numHeads, input, crops, out));
                return null;
            });
            for (int k = 0, offset = 0; k < count; k++) {
                int len = Math.toIntExact(numHeads * crops[k].voxelCount());
                float[] one = new float[len];
                System.arraycopy(out, offset, one, 0, len);
                logits.add(one);
                offset += len;
            }
        }
        return fusion.fuse(logits).data();
    }
}

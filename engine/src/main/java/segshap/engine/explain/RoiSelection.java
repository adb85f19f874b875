package segshap.engine.explain;

import java.util.ArrayList;
import java.util.List;
import segshap.engine.device.DeviceWorker;
import segshap.engine.grid.LabelMap;
import segshap.engine.roi.ReceptiveFieldSupport;
import segshap.engine.roi.Roi;
import segshap.kernels.InputException;
import segshap.kernels.nifti.NiftiImage;
import segshap.kernels.nifti.NiftiReader;
import segshap.kernels.predict.NnunetPredictor;
import segshap.kernels.preprocess.Export;
import segshap.kernels.tensor.Box;
import segshap.kernels.tensor.FloatTensor;
import segshap.kernels.window.Tile;
import segshap.kernels.window.TileGrid;
import segshap.kernels.window.TileProgress;

/**
 * Phase 3: the region explained, the sliding window that evaluates it and its exact receptive-field support on
 * the network grid.
 *
 * @param roi     R, with its box B
 * @param window  the box the sliding window covers: the whole volume (nnU-Net's tiling) or B_RF (the crop tiling)
 * @param tiles   the sliding-window tile grid of {@code window}
 * @param support the tiles meeting B and their union
 * @param nnunetLogitsOverB nnU-Net's full-volume logits over B (heads, Bz, By, Bx) when the ROI was found in that
 *                          prediction, else {@code null}
 */
public record RoiSelection(Roi roi, Box window, TileGrid tiles, ReceptiveFieldSupport support, float[] nnunetLogitsOverB) {

    /**
     * Reads the ROI mask, or finds the predicted component (a full-volume prediction on the device worker).
     *
     * @throws InputException when the mask is not on the CT grid, the seed lies outside the CT, or no component
     *     matches
     */
    public static RoiSelection select(LoadedInputs in, NetworkCase net, NnunetPredictor predictor, DeviceWorker device,
                                      TileProgress progress) {
        Roi roi;
        float[] nnunetOverB = null;
        if (in.method().roi() instanceof RoiSpec.Mask m) {
            roi = fromMask(in, net, m);
        } else {
            FloatTensor logits = device.call(backend -> predictor.predictLogits(net.preprocessed(), progress));
            roi = fromPrediction(in, net, (RoiSpec.Component) in.method().roi(), logits);
            nnunetOverB = overBox(logits, roi.box());
        }
        int[] shape = net.mapping().netShapeZyx();
        Box window = in.method().strategy().cropTiling() ? brf(roi.box(), net.tiles().patchZyx(), shape) : Box.ofShape(shape);
        TileGrid tiles = in.method().strategy().cropTiling()
                ? TileGrid.of(window.sizeZyx(), net.tiles().patchZyx(), net.tiles().tileStepSize()) : net.tiles();
        List<Box> tileBoxes = new ArrayList<>();
        for (Tile t : tiles.tiles()) {
            Box b = tiles.boxUnpadded(t);
            tileBoxes.add(Box.ofStartAndSize(new int[] {window.z0() + b.z0(), window.y0() + b.y0(), window.x0() + b.x0()}, b.sizeZyx()));
        }
        return new RoiSelection(roi, window, tiles, ReceptiveFieldSupport.of(shape, roi.box(), tileBoxes), nnunetOverB);
    }

    /**
     * B_RF (paper §III-A): B grown by the patch radius ⌊p/2⌋ along each axis, clipped to the volume; a tile of the
     * sliding window over it meets B wherever it is placed.
     */
    public static Box brf(Box box, int[] patchZyx, int[] shapeZyx) {
        int[] r = {patchZyx[0] / 2, patchZyx[1] / 2, patchZyx[2] / 2};
        return new Box(Math.max(0, box.z0() - r[0]), Math.max(0, box.y0() - r[1]), Math.max(0, box.x0() - r[2]),
                Math.min(shapeZyx[0], box.z1() + r[0]), Math.min(shapeZyx[1], box.y1() + r[1]), Math.min(shapeZyx[2], box.x1() + r[2]));
    }

    /** Logits (c, z, y, x) over the whole grid cut to {@code box}: (c, Bz, By, Bx). */
    public static float[] overBox(FloatTensor logitsCzyx, Box box) {
        int c = logitsCzyx.dim(0), sy = logitsCzyx.dim(2), sx = logitsCzyx.dim(3);
        long voxels = (long) logitsCzyx.dim(1) * sy * sx;
        float[] src = logitsCzyx.data(), out = new float[Math.toIntExact(c * box.voxelCount())];
        int k = 0;
        for (int ch = 0; ch < c; ch++) {
            for (int z = box.z0(); z < box.z1(); z++) {
                for (int y = box.y0(); y < box.y1(); y++, k += box.sizeX()) {
                    System.arraycopy(src, (int) (ch * voxels + ((long) z * sy + y) * sx + box.x0()), out, k, box.sizeX());
                }
            }
        }
        return out;
    }

    private static Roi fromMask(LoadedInputs in, NetworkCase net, RoiSpec.Mask m) {
        NiftiImage mask = NiftiReader.read(m.file());
        if (!mask.sameGridAs(in.ct(), LoadedInputs.SAME_GRID_TOL_MM)) {
            throw new InputException(m.file() + " is not on the CT grid: shape zyx " + LoadedInputs.dims(mask.shapeZyx()) + " vs "
                    + LoadedInputs.dims(in.ct().shapeZyx()) + " (" + in.job().inputs().ct() + ") or a different affine; resample the mask to the "
                    + "CT grid (nearest neighbour) first");
        }
        return Roi.fromMask(net.mapping().toNetworkGrid(mask.dataZyx()), net.mapping().netShapeZyx(), m.file().toString());
    }

    private static Roi fromPrediction(LoadedInputs in, NetworkCase net, RoiSpec.Component c, FloatTensor logits) {
        double[] seed = c.seedWorldXyzMm();
        if (c.seedVoxelIjk() != null) {
            int[] v = c.seedVoxelIjk();
            int[] s = in.ct().shapeXyz();
            for (int a = 0; a < 3; a++) {
                if (v[a] < 0 || v[a] >= s[a]) {
                    throw new InputException("--roi-component seed voxel (i,j,k) = (" + v[0] + "," + v[1] + "," + v[2]
                            + ") is outside the CT " + in.job().inputs().ct() + " of " + s[0] + "×" + s[1] + "×" + s[2] + " voxels");
                }
            }
            seed = in.ct().worldMmOfVoxelZyx(v[2], v[1], v[0]);
        }
        int[] labels = in.model().dataset().outputLabelValues();
        float[] channel = Export.argmax(logits).data();
        int[] value = new int[channel.length];
        for (int i = 0; i < value.length; i++) value[i] = labels[(int) channel[i]];
        LabelMap prediction = new LabelMap(net.mapping().netShapeZyx(), value);
        String source = "the baseline prediction";
        return seed == null ? Roi.largestComponent(prediction, c.label(), source)
                : Roi.componentAtWorldMm(prediction, net.geometry(), c.label(), seed, source);
    }
}

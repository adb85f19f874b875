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
import segshap.kernels.window.TileProgress;

/**
 * Phase 3: the region explained and its exact receptive-field support on the network grid.
 *
 * @param roi     R, with its box B
 * @param support the tiles meeting B and their union
 */
public record RoiSelection(Roi roi, ReceptiveFieldSupport support) {

    /**
     * Reads the ROI mask, or finds the predicted component (a full-volume prediction on the device worker).
     *
     * @throws InputException when the mask is not on the CT grid, the seed lies outside the CT, or no component
     *     matches
     */
    public static RoiSelection select(LoadedInputs in, NetworkCase net, NnunetPredictor predictor, DeviceWorker device,
                                      TileProgress progress) {
        Roi roi = in.method().roi() instanceof RoiSpec.Mask m ? fromMask(in, net, m)
                : fromPrediction(in, net, (RoiSpec.Component) in.method().roi(), predictor, device, progress);
        List<Box> tileBoxes = new ArrayList<>();
        for (Tile t : net.tiles().tiles()) tileBoxes.add(net.tiles().boxUnpadded(t));
        return new RoiSelection(roi, ReceptiveFieldSupport.of(net.mapping().netShapeZyx(), roi.box(), tileBoxes));
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

    private static Roi fromPrediction(LoadedInputs in, NetworkCase net, RoiSpec.Component c, NnunetPredictor predictor,
                                      DeviceWorker device, TileProgress progress) {
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
        FloatTensor logits = device.call(backend -> predictor.predictLogits(net.preprocessed(), progress));
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

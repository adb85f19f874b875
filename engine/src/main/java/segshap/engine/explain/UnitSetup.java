package segshap.engine.explain;

import segshap.engine.units.UnitPartition;
import segshap.engine.units.UnitPartitioner;
import segshap.kernels.InputException;
import segshap.kernels.preprocess.CtNormalization;
import segshap.kernels.tensor.Box;

/**
 * Phase 4: the unit partition inside the ROI's support (or the part of it the method names: B grown by a margin,
 * or B_RF) and its players (the units that can change the prediction).
 *
 * @param partition every unit, excluded ones included
 * @param players   unit index of each player, ascending
 */
public record UnitSetup(UnitPartition partition, int[] players) {

    /**
     * @throws InputException when no unit can change the prediction
     */
    public static UnitSetup of(LoadedInputs in, NetworkCase net, RoiSelection roi) {
        Method m = in.method();
        float maskNorm = CtNormalization.of(in.model().plan().intensityProperties().get(0)).normalize((float) m.maskHu());
        UnitPartitioner partitioner = new UnitPartitioner(net.geometry(), roi.support(), net.preprocessed().dataCzyx().data(), maskNorm);
        if (m.unitMarginMm() != null) {
            partitioner = partitioner.withUnitRegion(dilate(roi.roi().box(), m.unitMarginMm(),
                    net.preprocessed().targetSpacingZyxMm(), net.mapping().netShapeZyx()).intersect(roi.support().supportBox()));
        } else if (m.unitsInBrf()) {
            partitioner = partitioner.withUnitRegion(RoiSelection.brf(roi.roi().box(), net.tiles().patchZyx(),
                    net.mapping().netShapeZyx()).intersect(roi.support().supportBox()));
        }
        UnitPartition partition = switch (m.units().kind()) {
            case ORGANS -> partitioner.organs(net.organs(), in.names());
            case REGULAR -> partitioner.regular(m.units().edgeMm());
            case HYBRID -> partitioner.hybrid(net.organs(), in.names(), m.units().edgeMm());
        };
        int[] players = partition.playerUnitIndices();
        if (players.length == 0) {
            throw new InputException("no unit inside the ROI's receptive field can change the prediction (all "
                    + partition.unitCount() + " units excluded); check that " + in.job().inputs().organs()
                    + " has organs near the ROI, or use regular units");
        }
        return new UnitSetup(partition, players);
    }

    @Override
    public int[] players() {
        return players.clone();
    }

    /** {@code box} grown by {@code marginMm} on every side (rounded up to whole voxels), clipped to the grid. */
    static Box dilate(Box box, double marginMm, double[] spacingZyxMm, int[] shapeZyx) {
        int[] d = new int[3];
        for (int a = 0; a < 3; a++) d[a] = (int) Math.ceil(marginMm / spacingZyxMm[a] - 1e-9);
        return new Box(Math.max(0, box.z0() - d[0]), Math.max(0, box.y0() - d[1]), Math.max(0, box.x0() - d[2]),
                Math.min(shapeZyx[0], box.z1() + d[0]), Math.min(shapeZyx[1], box.y1() + d[1]),
                Math.min(shapeZyx[2], box.x1() + d[2]));
    }
}

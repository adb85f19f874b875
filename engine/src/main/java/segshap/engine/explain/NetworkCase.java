package segshap.engine.explain;

import java.nio.file.Path;
import segshap.engine.grid.GridGeometry;
import segshap.engine.grid.LabelMap;
import segshap.kernels.predict.NetworkGridMapping;
import segshap.kernels.predict.NnunetPredictor;
import segshap.kernels.preprocess.PreprocessedCase;
import segshap.kernels.window.TileGrid;

/**
 * Phase 2: the case on nnU-Net's network grid (transposed, cropped, normalised, resampled) with the organ map
 * brought onto the same grid, the geometry that maps it to world mm and nnU-Net's tile grid.
 *
 * @param preprocessed the preprocessed CT
 * @param mapping      CT grid ↔ network grid
 * @param geometry     network-grid voxel → world (x, y, z) mm
 * @param organs       the (grouped) organ labels on the network grid
 * @param tiles        the sliding-window tiles
 */
public record NetworkCase(PreprocessedCase preprocessed, NetworkGridMapping mapping, GridGeometry geometry, LabelMap organs,
                          TileGrid tiles) {

    /** Preprocesses the CT as nnU-Net does and brings the organ map along (nearest neighbour). */
    public static NetworkCase of(LoadedInputs in, NnunetPredictor predictor) {
        PreprocessedCase pre = predictor.preprocess(in.ct(), in.job().inputs().ct());
        NetworkGridMapping mapping = new NetworkGridMapping(pre, in.model().plan().transposeForward());
        GridGeometry geometry = new GridGeometry(mapping.netShapeZyx(), mapping.netZyxToWorldXyzMm(in.ct().affine()));
        String organsFile = Path.of(in.job().inputs().organs()).toString();
        LabelMap organs = LabelMap.fromTensor(mapping.toNetworkGrid(in.organsOnCt()), organsFile);
        if (in.groups() != null) organs = in.groups().apply(organs);
        return new NetworkCase(pre, mapping, geometry, organs, predictor.tileGrid(pre));
    }
}

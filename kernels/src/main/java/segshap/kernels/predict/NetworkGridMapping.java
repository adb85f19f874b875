package segshap.kernels.predict;

import java.util.Arrays;
import segshap.kernels.preprocess.CropToNonzero;
import segshap.kernels.preprocess.PreprocessedCase;
import segshap.kernels.preprocess.Resampling;
import segshap.kernels.preprocess.Transpose;
import segshap.kernels.tensor.Box;
import segshap.kernels.tensor.FloatTensor;

/**
 * Moves label-like volumes between the CT as read ({@code (z, y, x)}, NIfTI array transposed) and nnU-Net's
 * network grid of one case: transpose → crop → resample with nearest neighbour, and back the same way in
 * reverse. Also gives the affine of the network grid in world millimetres.
 *
 * <p>Nearest neighbour (spline order 0, nnU-Net's grid-mode coordinates) keeps label values intact; the
 * network grid's voxel n along an axis sits at cropped coordinate {@code (n + 0.5)·old/new − 0.5}, which is
 * what {@link #netZyxToWorldXyzMm(double[])} encodes.
 *
 * @param preprocessed the case whose geometry is used
 * @param transposeForward the plans' {@code transpose_forward}
 */
public record NetworkGridMapping(PreprocessedCase preprocessed, int[] transposeForward) {

    public NetworkGridMapping {
        Transpose.checkPermutation(transposeForward);
        transposeForward = transposeForward.clone();
    }

    /** Shape of the network grid (z', y', x'). */
    public int[] netShapeZyx() {
        return preprocessed.shapeZyx();
    }

    /** A CT-grid label volume (z, y, x) on the network grid, nearest neighbour. */
    public FloatTensor toNetworkGrid(FloatTensor ctGridZyx) {
        int[] ct = ctShapeZyx();
        if (!Arrays.equals(ctGridZyx.shape(), ct)) {
            throw new IllegalArgumentException("volume shape " + Arrays.toString(ctGridZyx.shape())
                    + " is not the CT's " + Arrays.toString(ct));
        }
        FloatTensor t = Transpose.transposeZyx(ctGridZyx, transposeForward);
        FloatTensor c = CropToNonzero.crop(asCzyx(t), preprocessed.bboxUsedForCropping());
        FloatTensor r = Resampling.resampleDataOrSeg(c, netShapeZyx(), true, Resampling.SeparateZ.OFF, 0, 0,
                Resampling.Storage.FLOAT32);
        return new FloatTensor(netShapeZyx(), r.data());
    }

    /** A network-grid label volume back on the CT grid (nearest neighbour); outside the crop: {@code outside}. */
    public FloatTensor toCtGrid(FloatTensor netZyx, float outside) {
        if (!Arrays.equals(netZyx.shape(), netShapeZyx())) {
            throw new IllegalArgumentException("volume shape " + Arrays.toString(netZyx.shape())
                    + " is not the network grid's " + Arrays.toString(netShapeZyx()));
        }
        FloatTensor r = Resampling.resampleDataOrSeg(asCzyx(netZyx), preprocessed.shapeAfterCroppingBeforeResamplingZyx(),
                true, Resampling.SeparateZ.OFF, 0, 0, Resampling.Storage.FLOAT32);
        FloatTensor full = CropToNonzero.insertCropZyx(new FloatTensor(preprocessed.shapeAfterCroppingBeforeResamplingZyx(),
                r.data()), preprocessed.bboxUsedForCropping(), preprocessed.shapeBeforeCroppingZyx(), outside);
        return Transpose.transposeZyx(full, Transpose.inverse(transposeForward));
    }

    /** Shape of the CT as read (z, y, x). */
    public int[] ctShapeZyx() {
        return Transpose.permuted(preprocessed.shapeBeforeCroppingZyx(), Transpose.inverse(transposeForward));
    }

    /**
     * The 4×4 row-major affine from network-grid indices (z', y', x', 1) to world (x, y, z, 1) mm, given the
     * CT's NIfTI affine (voxel (i, j, k) = (x, y, z) index → world).
     */
    public double[] netZyxToWorldXyzMm(double[] ctAffine) {
        int[] old = preprocessed.shapeAfterCroppingBeforeResamplingZyx();
        int[] now = netShapeZyx();
        Box bbox = preprocessed.bboxUsedForCropping();
        int[] lo = bbox.loZyx();
        // network index n (transposed axis a) → transposed full index T_a = s_a·n + (0.5·s_a − 0.5 + lo_a)
        // → CT (z,y,x) index o[tf[a]] = T_a → NIfTI index (i,j,k) = (o_x, o_y, o_z)
        double[] m = new double[16]; // (ijk,1) ← (n,1): rows i,j,k
        m[15] = 1;
        for (int a = 0; a < 3; a++) {
            double s = (double) old[a] / now[a];
            double offset = 0.5 * s - 0.5 + lo[a];
            int ctAxisZyx = transposeForward[a];
            int row = 2 - ctAxisZyx; // zyx axis → NIfTI i/j/k row
            m[row * 4 + a] = s;
            m[row * 4 + 3] = offset;
        }
        double[] out = new double[16];
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                double v = 0;
                for (int k = 0; k < 4; k++) v += ctAffine[r * 4 + k] * m[k * 4 + c];
                out[r * 4 + c] = v;
            }
        }
        return out;
    }

    private static FloatTensor asCzyx(FloatTensor zyx) {
        int[] s = zyx.shape();
        return new FloatTensor(new int[] {1, s[0], s[1], s[2]}, zyx.data());
    }
}

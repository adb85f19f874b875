package segshap.kernels.preprocess;

import java.util.Arrays;
import segshap.kernels.tensor.Box;
import segshap.kernels.tensor.FloatTensor;

/**
 * One case after nnU-Net's preprocessing, with the geometry export needs to undo it. Names say when each value
 * was taken; "transposed frame" means after {@code transpose_forward}.
 *
 * <p>Example (the fixture case): a 40×70×60 CT at (2.0, 0.8, 0.8) mm, identity transpose, no zero border,
 * target spacing equal to the CT's: every shape is 40×70×60, the bbox is the whole grid, and {@code dataCzyx}
 * is the CT-normalised volume.
 *
 * @param dataCzyx                              {@code (c, z', y', x')} float32 on the network grid
 * @param spacingZyxMm                          spacing of the case as read (untransposed), nnU-Net's {@code properties['spacing']}
 * @param spacingTransposedZyxMm                the same after {@code transpose_forward}
 * @param shapeBeforeCroppingZyx                spatial shape after transposing, before cropping
 * @param bboxUsedForCropping                   non-zero box in the transposed frame
 * @param shapeAfterCroppingBeforeResamplingZyx spatial shape of the cropped data (= bbox size)
 * @param targetSpacingZyxMm                    spacing of {@code dataCzyx}: the configuration spacing (3 entries)
 */
public record PreprocessedCase(FloatTensor dataCzyx, double[] spacingZyxMm, double[] spacingTransposedZyxMm,
                               int[] shapeBeforeCroppingZyx, Box bboxUsedForCropping,
                               int[] shapeAfterCroppingBeforeResamplingZyx, double[] targetSpacingZyxMm) {

    public PreprocessedCase {
        if (dataCzyx.rank() != 4) {
            throw new IllegalArgumentException("data must be (c, z, y, x), got " + Arrays.toString(dataCzyx.shape()));
        }
        check3("spacingZyxMm", spacingZyxMm.length);
        check3("spacingTransposedZyxMm", spacingTransposedZyxMm.length);
        check3("shapeBeforeCroppingZyx", shapeBeforeCroppingZyx.length);
        check3("shapeAfterCroppingBeforeResamplingZyx", shapeAfterCroppingBeforeResamplingZyx.length);
        check3("targetSpacingZyxMm", targetSpacingZyxMm.length);
        if (!Arrays.equals(bboxUsedForCropping.sizeZyx(), shapeAfterCroppingBeforeResamplingZyx)) {
            throw new IllegalArgumentException("shape after cropping " + Arrays.toString(shapeAfterCroppingBeforeResamplingZyx)
                    + " differs from the size of " + bboxUsedForCropping);
        }
        if (bboxUsedForCropping.z0() < 0 || bboxUsedForCropping.y0() < 0 || bboxUsedForCropping.x0() < 0
                || bboxUsedForCropping.z1() > shapeBeforeCroppingZyx[0] || bboxUsedForCropping.y1() > shapeBeforeCroppingZyx[1]
                || bboxUsedForCropping.x1() > shapeBeforeCroppingZyx[2]) {
            throw new IllegalArgumentException(bboxUsedForCropping + " is not inside the shape before cropping "
                    + Arrays.toString(shapeBeforeCroppingZyx));
        }
        spacingZyxMm = spacingZyxMm.clone();
        spacingTransposedZyxMm = spacingTransposedZyxMm.clone();
        shapeBeforeCroppingZyx = shapeBeforeCroppingZyx.clone();
        shapeAfterCroppingBeforeResamplingZyx = shapeAfterCroppingBeforeResamplingZyx.clone();
        targetSpacingZyxMm = targetSpacingZyxMm.clone();
    }

    private static void check3(String name, int length) {
        if (length != 3) throw new IllegalArgumentException(name + " must have 3 entries, got " + length);
    }

    /** Spatial shape {@code (z', y', x')} of the preprocessed data (the network grid). */
    public int[] shapeZyx() {
        return new int[] {dataCzyx.dim(1), dataCzyx.dim(2), dataCzyx.dim(3)};
    }

    @Override public double[] spacingZyxMm() { return spacingZyxMm.clone(); }

    @Override public double[] spacingTransposedZyxMm() { return spacingTransposedZyxMm.clone(); }

    @Override public int[] shapeBeforeCroppingZyx() { return shapeBeforeCroppingZyx.clone(); }

    @Override public int[] shapeAfterCroppingBeforeResamplingZyx() { return shapeAfterCroppingBeforeResamplingZyx.clone(); }

    @Override public double[] targetSpacingZyxMm() { return targetSpacingZyxMm.clone(); }
}

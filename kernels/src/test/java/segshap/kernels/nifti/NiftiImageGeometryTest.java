package segshap.kernels.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import segshap.kernels.tensor.FloatTensor;

/** Axis-order helpers, voxel ↔ world mapping, grid comparison and validation of {@link NiftiImage}. */
class NiftiImageGeometryTest {
    // double arithmetic through a 3x3 inverse of a well-conditioned matrix
    static final double ROUND_TRIP_TOL = 1e-9;

    static NiftiImage image(double[] affine) {
        return new NiftiImage(new int[] {6, 5, 4}, affine, new double[] {0.7, 0.8, 2.5}, NiftiDataType.INT16,
                FloatTensor.zeros(4, 5, 6), 1f, 0f);
    }

    @Test
    void zyxHelpersReverseTheNiftiAxes() {
        NiftiImage img = image(NiftiRoundTripTest.rotatedFlippedAffine());
        assertArrayEquals(new int[] {4, 5, 6}, img.shapeZyx());
        assertArrayEquals(new double[] {2.5, 0.8, 0.7}, img.spacingZyxMm());
    }

    @Test
    void worldOfVoxelAppliesTheAffineToIjk() {
        double[] a = {-0.5, 0, 0, 10, 0, 0.75, 0, -20, 0, 0, 3, 5, 0, 0, 0, 1};
        // voxel zyx (2, 1, 4) is (i, j, k) = (4, 1, 2)
        assertArrayEquals(new double[] {8, -19.25, 11}, image(a).worldMmOfVoxelZyx(2, 1, 4), 0);
    }

    @Test
    void voxelOfWorldInvertsWorldOfVoxel() {
        NiftiImage img = image(NiftiRoundTripTest.rotatedFlippedAffine());
        double[][] voxels = {{0, 0, 0}, {3, 4, 5}, {1.25, -2.5, 7.75}};
        for (double[] v : voxels) {
            double[] w = img.worldMmOfVoxelZyx(v[0], v[1], v[2]);
            assertArrayEquals(v, img.voxelZyxOfWorldMm(w), ROUND_TRIP_TOL);
        }
    }

    @Test
    void sameGridAsComparesShapeAndAffineWithinTolerance() {
        double[] a = NiftiRoundTripTest.rotatedFlippedAffine();
        NiftiImage img = image(a);
        double[] nudged = a.clone();
        nudged[3] += 1e-5;
        assertTrue(img.sameGridAs(image(nudged), 1e-4));
        assertFalse(img.sameGridAs(image(nudged), 1e-6));
        NiftiImage otherShape = new NiftiImage(new int[] {6, 5, 3}, a, new double[] {0.7, 0.8, 2.5},
                NiftiDataType.INT16, FloatTensor.zeros(3, 5, 6), 1f, 0f);
        assertFalse(img.sameGridAs(otherShape, 1));
    }

    @Test
    void withDataKeepsTheGridAndResetsScaling() {
        NiftiImage ct = new NiftiImage(new int[] {6, 5, 4}, NiftiRoundTripTest.rotatedFlippedAffine(),
                new double[] {0.7, 0.8, 2.5}, NiftiDataType.INT16, FloatTensor.zeros(4, 5, 6), 0.5f, -1024f);
        NiftiImage labels = ct.withData(FloatTensor.zeros(4, 5, 6), NiftiDataType.UINT8);
        assertTrue(labels.sameGridAs(ct, 0));
        assertArrayEquals(ct.pixdimXyz(), labels.pixdimXyz());
        assertEquals(NiftiDataType.UINT8, labels.dataType());
        assertEquals(1f, labels.sclSlope());
        assertEquals(0f, labels.sclInter());
        assertThrows(IllegalArgumentException.class, () -> ct.withData(FloatTensor.zeros(6, 5, 4), NiftiDataType.UINT8));
    }

    @Test
    void recordRejectsInconsistentParts() {
        double[] a = NiftiRoundTripTest.rotatedFlippedAffine();
        double[] p = {0.7, 0.8, 2.5};
        FloatTensor d = FloatTensor.zeros(4, 5, 6);
        assertThrows(IllegalArgumentException.class, () -> new NiftiImage(new int[] {6, 5}, a, p, NiftiDataType.UINT8, d, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new NiftiImage(new int[] {6, 5, 0}, a, p, NiftiDataType.UINT8, d, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new NiftiImage(new int[] {6, 5, 4}, new double[12], p, NiftiDataType.UINT8, d, 1, 0));
        double[] badRow = a.clone();
        badRow[15] = 2;
        assertThrows(IllegalArgumentException.class, () -> new NiftiImage(new int[] {6, 5, 4}, badRow, p, NiftiDataType.UINT8, d, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new NiftiImage(new int[] {6, 5, 4}, a, new double[] {0.7, 0, 2.5}, NiftiDataType.UINT8, d, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new NiftiImage(new int[] {4, 5, 6}, a, p, NiftiDataType.UINT8, d, 1, 0));
    }

    @Test
    void arraysAreCopiedInAndOut() {
        double[] a = NiftiRoundTripTest.rotatedFlippedAffine();
        int[] shape = {6, 5, 4};
        NiftiImage img = new NiftiImage(shape, a, new double[] {0.7, 0.8, 2.5}, NiftiDataType.UINT8, FloatTensor.zeros(4, 5, 6), 1, 0);
        a[3] = 999;
        shape[0] = 1;
        img.affine()[3] = 999;
        assertEquals(-12.5, img.affine()[3]);
        assertEquals(6, img.shapeXyz()[0]);
    }

    @Test
    void unsupportedDatatypeCodeNamesTheCode() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NiftiDataType.fromCode(1024));
        assertTrue(e.getMessage().contains("1024 (int64)"), e.getMessage());
        for (NiftiDataType t : NiftiDataType.values()) assertEquals(t, NiftiDataType.fromCode(t.code()));
    }
}

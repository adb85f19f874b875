package segshap.engine.roi;

import segshap.engine.grid.ConnectedComponentsConnectivityTest;
import segshap.engine.grid.LabelMap;
import segshap.engine.grid.GridGeometry;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import segshap.kernels.InputException;
import segshap.kernels.tensor.FloatTensor;

class RoiInputErrorsTest {
    private static final int[] SHAPE = {4, 5, 6};

    private static LabelMap prediction() {
        return ConnectedComponentsConnectivityTest.labels(4, 5, 6,
                new int[] {1, 1, 1, 1}, new int[] {3, 4, 5, 1}, new int[] {0, 0, 0, 2});
    }

    private static void assertMessageHas(Throwable t, String... parts) {
        for (String p : parts) {
            assertTrue(t.getMessage().contains(p), () -> "message lacks '" + p + "': " + t.getMessage());
        }
    }

    @Test
    void emptyMaskIsRejectedNamingTheFile() {
        InputException e = assertThrows(InputException.class,
                () -> Roi.fromMask(FloatTensor.zeros(4, 5, 6), SHAPE, "roi.nii.gz"));
        assertMessageHas(e, "'roi.nii.gz'", "empty", "4×5×6");
    }

    @Test
    void maskOnAnotherGridIsRejectedWithBothShapes() {
        InputException e = assertThrows(InputException.class,
                () -> Roi.fromMask(FloatTensor.zeros(4, 5, 7), SHAPE, "roi.nii.gz"));
        assertMessageHas(e, "'roi.nii.gz'", "not on the CT's grid", "4×5×7", "4×5×6", "resample");
    }

    @Test
    void nonFiniteMaskValueIsRejected() {
        FloatTensor t = FloatTensor.zeros(4, 5, 6);
        t.data()[7] = Float.NaN;
        assertMessageHas(assertThrows(InputException.class, () -> Roi.fromMask(t, SHAPE, "roi.npy")),
                "NaN", "(0,1,1)");
    }

    @Test
    void seedVoxelOutsideTheVolumeIsRejectedWithItsCoordinates() {
        InputException e = assertThrows(InputException.class,
                () -> Roi.componentAtVoxel(prediction(), 1, new int[] {4, 0, 0}, "pred.nii.gz"));
        assertMessageHas(e, "zyx (4,0,0)", "outside the volume", "'pred.nii.gz'", "4×5×6");
    }

    @Test
    void worldSeedOutsideTheVolumeIsRejectedWithItsWorldExtent() {
        GridGeometry g = GridGeometry.ofSpacingAndOrigin(SHAPE, new double[] {1, 1, 1}, new double[] {0, 0, 0});
        InputException e = assertThrows(InputException.class,
                () -> Roi.componentAtWorldMm(prediction(), g, 1, new double[] {2, 2, -3}, "pred.nii.gz"));
        assertMessageHas(e, "world xyz (2.0, 2.0, -3.0) mm", "outside the volume", "zyx (-3,2,2)",
                "z [-0.5, 3.5]");
    }

    @Test
    void seedOnAnotherLabelNamesThatLabelAndTheNearestTargetVoxel() {
        InputException e = assertThrows(InputException.class,
                () -> Roi.componentAtVoxel(prediction(), 1, new int[] {0, 0, 1}, "pred.nii.gz"));
        // (0,0,1) holds 0; the nearest label-1 voxel is (1,1,1) at distance √2 ≈ 1.4 voxels
        assertMessageHas(e, "zyx (0,0,1)", "has label 0, not the target label 1", "zyx (1,1,1)", "1.4 voxels");
        GridGeometry g = GridGeometry.ofSpacingAndOrigin(SHAPE, new double[] {2, 1, 1}, new double[] {0, 0, 0});
        InputException w = assertThrows(InputException.class,
                () -> Roi.componentAtWorldMm(prediction(), g, 1, new double[] {0, 0, 0}, "pred.nii.gz"));
        // seed voxel (0,0,0) holds label 2; (1,1,1) is at world (1,1,2): √6 ≈ 2.4 mm away
        assertMessageHas(w, "has label 2, not the target label 1", "zyx (1,1,1)", "(1.0, 1.0, 2.0) mm", "2.4 mm away");
    }

    @Test
    void absentTargetLabelListsTheLabelsPresent() {
        assertMessageHas(assertThrows(InputException.class,
                () -> Roi.largestComponent(prediction(), 5, "pred.nii.gz")), "no voxel of the target label 5",
                "labels present: 0, 1, 2");
        assertMessageHas(assertThrows(InputException.class,
                () -> Roi.componentAtVoxel(prediction(), 5, new int[] {0, 0, 0}, "pred.nii.gz")),
                "no voxel of label 5 at all", "0, 1, 2");
    }

    @Test
    void backgroundIsNotATargetLabel() {
        assertMessageHas(assertThrows(InputException.class,
                () -> Roi.largestComponent(prediction(), 0, "pred.nii.gz")), "must be ≥ 1");
    }
}

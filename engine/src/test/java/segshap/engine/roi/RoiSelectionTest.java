package segshap.engine.roi;

import segshap.engine.grid.ConnectedComponentsConnectivityTest;
import segshap.engine.grid.LabelMap;
import segshap.engine.grid.GridGeometry;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import segshap.kernels.tensor.Box;
import segshap.kernels.tensor.FloatTensor;

class RoiSelectionTest {
    private static final int[] SHAPE = {6, 6, 6};

    /** Label 1: A = 2 voxels at the origin, B = 3 voxels around (3,3,3); label 2: one voxel. */
    private static LabelMap prediction() {
        return ConnectedComponentsConnectivityTest.labels(6, 6, 6,
                new int[] {0, 0, 0, 1}, new int[] {0, 0, 1, 1},
                new int[] {3, 3, 3, 1}, new int[] {3, 3, 4, 1}, new int[] {4, 4, 5, 1},
                new int[] {5, 0, 0, 2});
    }

    @Test
    void seedVoxelSelectsTheComponentContainingIt() {
        Roi a = Roi.componentAtVoxel(prediction(), 1, new int[] {0, 0, 1}, "pred.nii.gz");
        assertEquals(2, a.voxelCount());
        assertEquals(new Box(0, 0, 0, 1, 1, 2), a.box());
        assertArrayEquals(new byte[] {1, 1}, a.maskOverBox());
        Roi b = Roi.componentAtVoxel(prediction(), 1, new int[] {4, 4, 5}, "pred.nii.gz");
        // (4,4,5) touches (3,3,4) only by a corner: included under 26-connectivity
        assertEquals(3, b.voxelCount());
        assertEquals(new Box(3, 3, 3, 5, 5, 6), b.box());
        assertTrue(b.contains(3, 3, 3) && b.contains(4, 4, 5));
        assertFalse(b.contains(4, 3, 3));
        assertTrue(b.description().contains("label 1") && b.description().contains("pred.nii.gz"));
    }

    @Test
    void worldSeedIsRoundedToTheNearestVoxelCentre() {
        // spacing (z,y,x) = (2,1,1) mm, voxel (0,0,0) at world (10,20,30): (3,3,3) ↔ (13, 23, 36) mm
        GridGeometry g = GridGeometry.ofSpacingAndOrigin(SHAPE, new double[] {2, 1, 1}, new double[] {10, 20, 30});
        Roi r = Roi.componentAtWorldMm(prediction(), g, 1, new double[] {13.4, 22.6, 36.9}, "pred.nii.gz");
        assertEquals(3, r.voxelCount());
        assertTrue(r.contains(3, 3, 3));
    }

    @Test
    void largestComponentIsChosen() {
        Roi r = Roi.largestComponent(prediction(), 1, "pred.nii.gz");
        assertEquals(3, r.voxelCount());
        assertEquals(new Box(3, 3, 3, 5, 5, 6), r.box());
    }

    @Test
    void equalLargestComponentsGoToTheLowestFirstVoxelInScanOrder() {
        // two 2-voxel components: one starting at (4,0,0), one at (1,5,4); scan order z,y,x puts (1,5,4) first
        LabelMap m = ConnectedComponentsConnectivityTest.labels(6, 6, 6,
                new int[] {4, 0, 0, 1}, new int[] {4, 0, 1, 1},
                new int[] {1, 5, 4, 1}, new int[] {2, 5, 4, 1});
        Roi r = Roi.largestComponent(m, 1, "pred");
        assertEquals(new Box(1, 5, 4, 3, 6, 5), r.box());
        // and the same holds when the order of appearance along x is reversed within one slice
        LabelMap n = ConnectedComponentsConnectivityTest.labels(1, 3, 6,
                new int[] {0, 2, 0, 1}, new int[] {0, 2, 1, 1},
                new int[] {0, 0, 4, 1}, new int[] {0, 0, 5, 1});
        assertEquals(new Box(0, 0, 4, 1, 1, 6), Roi.largestComponent(n, 1, "pred").box());
    }

    @Test
    void maskGivesTheTightBoxAndTheMaskOverIt() {
        float[] d = new float[6 * 6 * 6];
        d[(1 * 6 + 2) * 6 + 3] = 1f;
        d[(2 * 6 + 4) * 6 + 1] = 0.5f; // any nonzero counts
        Roi r = Roi.fromMask(new FloatTensor(new int[] {1, 6, 6, 6}, d), SHAPE, "roi.nii.gz");
        assertEquals(new Box(1, 2, 1, 3, 5, 4), r.box());
        assertEquals(2, r.voxelCount());
        byte[] grid = r.maskOverGrid();
        assertEquals(1, grid[(1 * 6 + 2) * 6 + 3]);
        assertEquals(1, grid[(2 * 6 + 4) * 6 + 1]);
        int ones = 0;
        for (byte b : grid) ones += b;
        assertEquals(2, ones);
    }
}

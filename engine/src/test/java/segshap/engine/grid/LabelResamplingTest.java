package segshap.engine.grid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import segshap.kernels.InputException;

class LabelResamplingTest {

    private static LabelMap ramp(int[] shape) {
        int[] l = new int[shape[0] * shape[1] * shape[2]];
        for (int i = 0; i < l.length; i++) l[i] = i + 1;
        return new LabelMap(shape, l);
    }

    @Test
    void identicalGridsReturnTheSameLabels() {
        int[] shape = {2, 3, 4};
        GridGeometry g = GridGeometry.ofSpacingAndOrigin(shape, new double[] {2, 1, 1}, new double[] {5, 6, 7});
        LabelMap m = ramp(shape);
        assertSame(m, LabelResampling.nearestNeighbour(m, g, g, "labels.nii.gz", "ct.nii.gz"));
    }

    @Test
    void twiceFinerTargetRepeatsEachSourceVoxel() {
        // source: 1×1×2 voxels of 2 mm in x, centres at x = 0 and 2 mm; target: 1 mm voxels, centres at
        // x = −0.5, 0.5, 1.5, 2.5 → source index −0.25, 0.25, 0.75, 1.25 → rounded 0, 0, 1, 1
        GridGeometry src = GridGeometry.ofSpacingAndOrigin(new int[] {1, 1, 2}, new double[] {1, 1, 2},
                new double[] {0, 0, 0});
        GridGeometry dst = GridGeometry.ofSpacingAndOrigin(new int[] {1, 1, 4}, new double[] {1, 1, 1},
                new double[] {-0.5, 0, 0});
        LabelMap out = LabelResampling.nearestNeighbour(new LabelMap(new int[] {1, 1, 2}, new int[] {7, 9}), src, dst,
                "labels.nii.gz", "ct.nii.gz");
        assertArrayEquals(new int[] {7, 7, 9, 9}, out.labels());
    }

    @Test
    void targetVoxelsOutsideTheSourceGetBackground() {
        GridGeometry src = GridGeometry.ofSpacingAndOrigin(new int[] {1, 1, 3}, new double[] {1, 1, 1},
                new double[] {0, 0, 0});
        GridGeometry dst = GridGeometry.ofSpacingAndOrigin(new int[] {1, 1, 3}, new double[] {1, 1, 1},
                new double[] {2, 0, 0});
        LabelMap out = LabelResampling.nearestNeighbour(new LabelMap(new int[] {1, 1, 3}, new int[] {4, 5, 6}), src,
                dst, "labels.nii.gz", "ct.nii.gz");
        assertArrayEquals(new int[] {6, 0, 0}, out.labels());
    }

    @Test
    void permutedAxesAreFollowedThroughWorldSpace() {
        // source axes (z,y,x) run along world (z,y,x); target's index axes run along world (x,y,z) instead, so
        // target (a,b,c) sits where source (c,b,a) sits
        int[] shape = {2, 3, 4};
        GridGeometry src = GridGeometry.ofSpacingAndOrigin(shape, new double[] {1, 1, 1}, new double[] {0, 0, 0});
        GridGeometry dst = new GridGeometry(new int[] {4, 3, 2}, new double[] {
            1, 0, 0, 0,
            0, 1, 0, 0,
            0, 0, 1, 0,
            0, 0, 0, 1});
        LabelMap m = ramp(shape);
        LabelMap out = LabelResampling.nearestNeighbour(m, src, dst, "labels.nii.gz", "ct.nii.gz");
        for (int a = 0; a < 4; a++) for (int b = 0; b < 3; b++) for (int c = 0; c < 2; c++) {
            assertTrue(out.labelAt(a, b, c) == m.labelAt(c, b, a));
        }
    }

    @Test
    void nonOverlappingLabelMapIsRejectedNamingBothFiles() {
        GridGeometry src = GridGeometry.ofSpacingAndOrigin(new int[] {2, 2, 2}, new double[] {1, 1, 1},
                new double[] {100, 0, 0});
        GridGeometry dst = GridGeometry.ofSpacingAndOrigin(new int[] {2, 2, 2}, new double[] {1, 1, 1},
                new double[] {0, 0, 0});
        InputException e = assertThrows(InputException.class, () -> LabelResampling.nearestNeighbour(
                new LabelMap(new int[] {2, 2, 2}, new int[8]), src, dst, "labels.nii.gz", "ct.nii.gz"));
        assertTrue(e.getMessage().contains("'labels.nii.gz' does not overlap the CT ('ct.nii.gz')"), e.getMessage());
        assertTrue(e.getMessage().contains("x [99.5, 101.5]"), e.getMessage());
    }
}

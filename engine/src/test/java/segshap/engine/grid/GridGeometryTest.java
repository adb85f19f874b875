package segshap.engine.grid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GridGeometryTest {
    // Round trips go through a 3×3 inverse in double; errors stay near 1e-15 relative to the coordinates.
    private static final double ROUND_TRIP_TOL = 1e-9;

    @Test
    void axisAlignedGridMapsZyxIndicesToXyzWorldMillimetres() {
        GridGeometry g = GridGeometry.ofSpacingAndOrigin(new int[] {4, 5, 6}, new double[] {2.5, 0.5, 0.75},
                new double[] {-10, 20, 5});
        // voxel (z=2, y=3, x=4): x = −10 + 4·0.75 = −7, y = 20 + 3·0.5 = 21.5, z = 5 + 2·2.5 = 10
        assertArrayEquals(new double[] {-7, 21.5, 10}, g.worldMm(2, 3, 4), 0.0);
        assertArrayEquals(new int[] {2, 3, 4}, g.voxelOfWorldMm(-7.2, 21.7, 10.9));
        assertArrayEquals(new double[] {2.5, 0.5, 0.75}, g.spacingZyxMm(), 0.0);
        // extent includes half a voxel on each side: x from −10 − 0.375 to −10 + 5·0.75 + 0.375; z to 5 + 3·2.5 + 1.25
        assertArrayEquals(new double[] {-10.375, 19.75, 3.75, -5.875, 22.25, 13.75}, g.worldBoundsMm(), 1e-12);
    }

    @Test
    void voxelOfWorldMmInvertsAnObliqueAffine() {
        double[] a = {
            0.1, -0.2, 0.9, 3.0,
            0.3, 1.1, 0.05, -7.0,
            2.0, 0.1, -0.1, 11.0,
            0, 0, 0, 1};
        GridGeometry g = new GridGeometry(new int[] {10, 20, 30}, a);
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 1000; i++) {
            double z = rnd.nextDouble(-5, 15), y = rnd.nextDouble(-5, 25), x = rnd.nextDouble(-5, 35);
            double[] w = g.worldMm(z, y, x);
            assertArrayEquals(new double[] {z, y, x}, g.continuousVoxelOfWorldMm(w[0], w[1], w[2]), ROUND_TRIP_TOL);
        }
        double[] w = g.worldMm(3, 4, 5);
        assertArrayEquals(new int[] {3, 4, 5}, g.voxelOfWorldMm(w[0], w[1], w[2]));
        assertTrue(g.contains(9, 19, 29));
        assertTrue(!g.contains(10, 0, 0) && !g.contains(0, -1, 0));
    }

    @Test
    void rejectsSingularAndMalformedAffines() {
        double[] singular = {1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new GridGeometry(new int[] {2, 2, 2}, singular)).getMessage().contains("singular"));
        double[] badRow = {0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 1};
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new GridGeometry(new int[] {2, 2, 2}, badRow)).getMessage().contains("last row"));
        assertThrows(IllegalArgumentException.class, () -> new GridGeometry(new int[] {2, 0, 2},
                GridGeometry.ofSpacingAndOrigin(new int[] {1, 1, 1}, new double[] {1, 1, 1}, new double[3])
                        .netZyxToWorldXyzMm()));
        assertEquals(16, GridGeometry.ofSpacingAndOrigin(new int[] {1, 1, 1}, new double[] {1, 1, 1},
                new double[3]).netZyxToWorldXyzMm().length);
    }
}

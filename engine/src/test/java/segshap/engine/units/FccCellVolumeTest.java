package segshap.engine.units;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import segshap.engine.grid.GridGeometry;

class FccCellVolumeTest {
    // Mean voxel count of ~1000 interior cells on an anisotropic grid; the count of a single cell varies by
    // discretisation, the mean only by boundary effects of the interior set (well under 2 %).
    private static final double MEAN_REL_TOL = 0.02;

    @Test
    void interiorCellsHoldExactlyAQuarterCubeOnAUnitGrid() {
        // 1 mm grid, a = 10 mm: lattice translations map the grid (and the tie rule) onto itself, so every
        // interior cell holds exactly a³/4 = 250 voxel centres; origin offset 0.3 mm avoids alignment
        GridGeometry g = GridGeometry.ofSpacingAndOrigin(new int[] {60, 60, 60}, new double[] {1, 1, 1},
                new double[] {0.3, -17.0, 4.0});
        UnitPartition p = UnitTestGrids.wholeGrid(g).regular(10.0);
        int interior = 0;
        for (int u = 0; u < p.unitCount(); u++) {
            if (isInterior(g, p, u, 10.0)) {
                interior++;
                assertEquals(250, p.unit(u).voxels(), "cell " + u);
            }
        }
        assertTrue(interior > 200, "interior cells: " + interior); // (60 − 2·10)³ mm · 4 / a³ = 256
    }

    @Test
    void meanInteriorCellCountIsAQuarterCubeOverTheVoxelVolumeOnAnAnisotropicGrid() {
        // spacing (z,y,x) = (2.5, 0.8, 0.7) mm, a = 12 mm: a³/4 / (2.5·0.8·0.7) = 432 / 1.4 = 308.57 voxels
        double a = 12.0;
        GridGeometry g = GridGeometry.ofSpacingAndOrigin(new int[] {40, 125, 143}, new double[] {2.5, 0.8, 0.7},
                new double[] {-50.0, 13.0, 7.1});
        UnitPartition p = UnitTestGrids.wholeGrid(g).regular(a);
        long voxels = 0;
        int cells = 0;
        for (int u = 0; u < p.unitCount(); u++) {
            if (!isInterior(g, p, u, a)) continue;
            voxels += p.unit(u).voxels();
            cells++;
        }
        double expected = a * a * a / 4 / (2.5 * 0.8 * 0.7);
        assertTrue(cells > 500, "interior cells: " + cells);
        assertEquals(expected, (double) voxels / cells, MEAN_REL_TOL * expected);
        long total = 0;
        for (Unit u : p.units()) total += u.voxels();
        assertEquals(g.voxelCount(), total);
    }

    @Test
    void everyVoxelBelongsToItsNearestLatticePointAndUnitsFollowLatticeOrder() {
        GridGeometry g = new GridGeometry(new int[] {9, 10, 11}, new double[] {
            0.2, 0.1, 1.3, -4.0,
            0.0, 1.2, -0.2, 2.5,
            2.0, 0.1, 0.0, 9.0,
            0, 0, 0, 1});
        double a = 6.0;
        UnitPartition p = UnitTestGrids.wholeGrid(g).regular(a);
        int[] d3 = new int[3];
        double[] w = new double[3];
        for (int z = 0; z < 9; z++) for (int y = 0; y < 10; y++) for (int x = 0; x < 11; x++) {
            g.worldMm(z, y, x, w);
            FccLattice.nearestPointOfWorldMm(w[0], w[1], w[2], a, d3);
            assertArrayEquals(d3, p.latticePointD3Xyz(p.unitIndexAt(z, y, x)));
        }
        for (int u = 0; u < p.unitCount(); u++) {
            assertEquals(u + 1, p.unit(u).id());
            assertEquals(UnitKind.REGULAR, p.unit(u).kind());
            assertEquals(-1, p.unit(u).organLabel());
            if (u > 0) {
                assertTrue(UnitTestGrids.compareLex(p.latticePointD3Xyz(u - 1), p.latticePointD3Xyz(u)) < 0);
            }
        }
    }

    /** Whether the cell's lattice point lies at least a from the grid's world bounds (the cell spans ±a/2). */
    private static boolean isInterior(GridGeometry g, UnitPartition p, int u, double a) {
        double[] c = FccLattice.worldMmOfD3Point(p.latticePointD3Xyz(u), a);
        double[] b = g.worldBoundsMm();
        for (int i = 0; i < 3; i++) {
            if (c[i] < b[i] + a || c[i] > b[i + 3] - a) return false;
        }
        return true;
    }
}

package segshap.engine.units;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import segshap.engine.grid.GridGeometry;
import segshap.engine.grid.LabelMap;
import segshap.engine.roi.ReceptiveFieldSupport;
import segshap.kernels.InputException;
import segshap.kernels.tensor.Box;

class UnitPartitionOrderTest {
    private static final int[] SHAPE = {3, 4, 8};
    private static final GridGeometry GRID =
            GridGeometry.ofSpacingAndOrigin(SHAPE, new double[] {1, 1, 1}, new double[] {0, 0, 0});
    private static final Map<Integer, String> NAMES = Map.of(3, "kidney", 5, "liver");

    /** x < 4: liver (5); x ≥ 4: kidney (3); row y = 0 background; voxel (2,3,7) label 9 (no name). */
    private static LabelMap organs() {
        int[] l = new int[3 * 4 * 8];
        for (int z = 0; z < 3; z++) for (int y = 0; y < 4; y++) for (int x = 0; x < 8; x++) {
            l[(z * 4 + y) * 8 + x] = y == 0 ? 0 : x < 4 ? 5 : 3;
        }
        l[(2 * 4 + 3) * 8 + 7] = 9;
        return new LabelMap(SHAPE, l);
    }

    @Test
    void organUnitsAreOrderedByLabelWithTheLabelAsId() {
        UnitPartition p = UnitTestGrids.wholeGrid(GRID).organs(organs(), NAMES);
        assertEquals(3, p.unitCount());
        assertArrayEquals(new int[] {3, 5, 9}, p.units().stream().mapToInt(Unit::id).toArray());
        assertArrayEquals(new int[] {3, 5, 9}, p.units().stream().mapToInt(Unit::organLabel).toArray());
        assertEquals(List.of("kidney", "liver", "label 9"), p.units().stream().map(Unit::organName).toList());
        // kidney: 3 slices × 3 rows × 4 columns − the label-9 voxel = 35; liver 36; label 9: 1
        assertArrayEquals(new long[] {35, 36, 1}, p.units().stream().mapToLong(Unit::voxels).toArray());
        assertArrayEquals(new double[] {7, 3, 2}, p.unit(2).centroidMm(), 0);
        assertEquals(-1, p.unitIndexAt(1, 0, 3)); // background
        assertEquals(1, p.unitIndexAt(1, 2, 3));
        assertEquals(0, p.unitIndexAt(0, 1, 4));
        assertEquals(Double.NaN, p.fccEdgeMm());
        assertArrayEquals(new int[] {0, 1, 2}, p.playerUnitIndices());
    }

    @Test
    void hybridUnitsAreCellTimesOrganInCellThenLabelOrder() {
        double a = 4.0;
        LabelMap labels = organs();
        UnitPartition p = UnitTestGrids.wholeGrid(GRID).hybrid(labels, NAMES, a);
        // brute force: the distinct (lattice point, label) pairs of labelled voxels, sorted
        TreeSet<List<Integer>> pairs = new TreeSet<>(UnitPartitionOrderTest::compareLists);
        int[] d3 = new int[3];
        double[] w = new double[3];
        for (int z = 0; z < 3; z++) for (int y = 0; y < 4; y++) for (int x = 0; x < 8; x++) {
            int label = labels.labelAt(z, y, x);
            int u = p.unitIndexAt(z, y, x);
            if (label == 0) {
                assertEquals(-1, u);
                continue;
            }
            GRID.worldMm(z, y, x, w);
            FccLattice.nearestPointOfWorldMm(w[0], w[1], w[2], a, d3);
            pairs.add(List.of(d3[0], d3[1], d3[2], label));
            assertArrayEquals(d3, p.latticePointD3Xyz(u));
            assertEquals(label, p.unit(u).organLabel());
        }
        List<List<Integer>> expected = new ArrayList<>(pairs);
        assertEquals(expected.size(), p.unitCount());
        for (int u = 0; u < p.unitCount(); u++) {
            Unit unit = p.unit(u);
            assertEquals(u + 1, unit.id());
            assertEquals(UnitKind.HYBRID, unit.kind());
            int[] l = p.latticePointD3Xyz(u);
            assertEquals(expected.get(u), List.of(l[0], l[1], l[2], unit.organLabel()));
            assertEquals(NAMES.getOrDefault(unit.organLabel(), "label " + unit.organLabel()), unit.organName());
        }
        long labelled = 3 * 3 * 8; // rows y = 1..3 of every slice
        assertEquals(labelled, p.units().stream().mapToLong(Unit::voxels).sum());
    }

    @Test
    void unitsMeetingATileAreTheSortedPlayersWithAVoxelInIt() {
        List<Box> tiles = List.of(new Box(0, 0, 0, 3, 4, 5), new Box(0, 0, 3, 3, 4, 8), new Box(0, 0, 0, 1, 2, 2));
        ReceptiveFieldSupport s = ReceptiveFieldSupport.of(SHAPE, new Box(1, 1, 3, 2, 2, 5), tiles);
        UnitPartition p = new UnitPartitioner(GRID, s, new float[3 * 4 * 8], -1f).hybrid(organs(), NAMES, 3.0);
        assertArrayEquals(new int[] {0, 1}, s.relevantTileIndices());
        for (int t = 0; t < tiles.size(); t++) {
            Box tile = tiles.get(t);
            TreeSet<Integer> expected = new TreeSet<>();
            for (int z = tile.z0(); z < tile.z1(); z++) for (int y = tile.y0(); y < tile.y1(); y++)
                for (int x = tile.x0(); x < tile.x1(); x++) {
                    int u = p.unitIndexAt(z, y, x);
                    if (u >= 0) expected.add(u);
                }
            int[] e = expected.stream().mapToInt(Integer::intValue).toArray();
            assertArrayEquals(e, p.unitsMeetingTile(tile), "tile " + t);
            assertArrayEquals(e, p.unitsMeetingTile(t), "tile " + t);
        }
    }

    @Test
    void badEdgesAndOffGridLabelMapsAreRejected() {
        UnitPartitioner u = UnitTestGrids.wholeGrid(GRID);
        assertTrue(assertThrows(InputException.class, () -> u.regular(0)).getMessage().contains("FCC edge"));
        assertThrows(InputException.class, () -> u.hybrid(organs(), NAMES, Double.NaN));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> u.organs(new LabelMap(new int[] {3, 4, 7}, new int[84]), NAMES)).getMessage()
                .contains("LabelResampling"));
    }

    private static int compareLists(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = Integer.compare(a.get(i), b.get(i));
            if (c != 0) return c;
        }
        return 0;
    }
}

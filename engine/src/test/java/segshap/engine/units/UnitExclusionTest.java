package segshap.engine.units;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import segshap.engine.grid.GridGeometry;
import segshap.engine.grid.LabelMap;
import segshap.engine.roi.ReceptiveFieldSupport;
import segshap.kernels.tensor.Box;

class UnitExclusionTest {
    private static final float B_NORM = -3.25f;

    /** A 1×1×20 line: x 0..3 label 1, 4..9 label 2 (all at the masking value), 10..19 label 3. */
    private static final int[] LINE = {1, 1, 20};
    private static final GridGeometry LINE_GRID =
            GridGeometry.ofSpacingAndOrigin(LINE, new double[] {1, 1, 1}, new double[] {0, 0, 0});
    // tiles of 8 with step 6; B = x [0,2) meets only the first
    private static final List<Box> LINE_TILES = List.of(new Box(0, 0, 0, 1, 1, 8), new Box(0, 0, 6, 1, 1, 14),
            new Box(0, 0, 12, 1, 1, 20));

    private static LabelMap lineLabels() {
        int[] l = new int[20];
        for (int x = 0; x < 20; x++) l[x] = x < 4 ? 1 : x < 10 ? 2 : 3;
        return new LabelMap(LINE, l);
    }

    private static float[] lineVolume() {
        float[] v = new float[20];
        for (int x = 0; x < 20; x++) v[x] = x >= 4 && x < 10 ? B_NORM : x * 0.5f;
        return v;
    }

    @Test
    void unitsAlreadyAtTheMaskingValueAreExcluded() {
        ReceptiveFieldSupport s = ReceptiveFieldSupport.of(LINE, new Box(0, 0, 0, 1, 1, 2), LINE_TILES);
        UnitPartition p = new UnitPartitioner(LINE_GRID, s, lineVolume(), B_NORM).organs(lineLabels(), Map.of());
        // default unit region = the support [0,8): labels 1 and 2 only
        assertEquals(new Box(0, 0, 0, 1, 1, 8), p.unitRegion());
        assertEquals(2, p.unitCount());
        assertFalse(p.unit(0).excluded());
        assertEquals("", p.unit(0).exclusionReason());
        assertTrue(p.unit(1).excluded());
        assertTrue(p.unit(1).exclusionReason().contains("masking value"), p.unit(1).exclusionReason());
        assertEquals(4, p.unit(1).voxels()); // x 4..7 inside the region
        assertArrayEquals(new int[] {0}, p.playerUnitIndices());
        assertArrayEquals(new int[] {0}, p.unitsMeetingTile(LINE_TILES.get(0))); // unit 1 meets it but is excluded
    }

    @Test
    void unitsOutsideTheRelevantTilesAreExcludedWhenTheRegionIsWider() {
        ReceptiveFieldSupport s = ReceptiveFieldSupport.of(LINE, new Box(0, 0, 0, 1, 1, 2), LINE_TILES);
        UnitPartition p = new UnitPartitioner(LINE_GRID, s, lineVolume(), B_NORM)
                .withUnitRegion(Box.ofShape(LINE)).organs(lineLabels(), Map.of(3, "spleen"));
        assertEquals(3, p.unitCount());
        Unit spleen = p.unit(2);
        assertEquals(3, spleen.id());
        assertEquals("spleen", spleen.organName());
        assertEquals(10, spleen.voxels());
        assertTrue(spleen.excluded());
        assertTrue(spleen.exclusionReason().contains("meets no tile that intersects the ROI box"));
        assertArrayEquals(new int[] {0}, p.playerUnitIndices());
        assertArrayEquals(new int[0], p.unitsMeetingTile(2)); // tile 2 holds only the excluded spleen
    }

    @Test
    void anLShapedSupportExcludesUnitsInTheMissingCornerOfItsBoundingBox() {
        // grid 1×4×4; tiles A = y[0,2)×x[0,4), B = y[0,4)×x[0,2) meet the ROI box at (0,0); C = the corner
        // y[2,4)×x[2,4) does not, so the support is an L and its bounding box adds C's voxels
        int[] shape = {1, 4, 4};
        GridGeometry g = GridGeometry.ofSpacingAndOrigin(shape, new double[] {1, 1, 1}, new double[] {0, 0, 0});
        List<Box> tiles = List.of(new Box(0, 0, 0, 1, 2, 4), new Box(0, 0, 0, 1, 4, 2), new Box(0, 2, 2, 1, 4, 4));
        ReceptiveFieldSupport s = ReceptiveFieldSupport.of(shape, new Box(0, 0, 0, 1, 1, 1), tiles);
        assertEquals(12, s.supportVoxelCount());
        int[] l = new int[16];
        for (int y = 0; y < 4; y++) for (int x = 0; x < 4; x++) l[y * 4 + x] = y >= 2 && x >= 2 ? 7 : 1;
        UnitPartition p = new UnitPartitioner(g, s, new float[16], B_NORM).organs(new LabelMap(shape, l), Map.of());
        assertEquals(2, p.unitCount());
        assertFalse(p.unit(0).excluded());
        assertEquals(7, p.unit(1).id());
        assertTrue(p.unit(1).excluded());
        assertTrue(p.unit(1).exclusionReason().contains("meets no tile"));
    }

    @Test
    void regularCellsOfPureAirAreExcluded() {
        // 1×1×20 line at 1 mm, a = 4 mm: cells every 2 mm along x; x ≥ 10 is air at the masking value
        float[] v = new float[20];
        for (int x = 0; x < 20; x++) v[x] = x >= 10 ? B_NORM : 1f;
        ReceptiveFieldSupport s = ReceptiveFieldSupport.of(LINE, new Box(0, 0, 0, 1, 1, 20), List.of(Box.ofShape(LINE)));
        UnitPartition p = new UnitPartitioner(LINE_GRID, s, v, B_NORM).regular(4.0);
        for (int u = 0; u < p.unitCount(); u++) {
            boolean allAir = true;
            for (int x = 0; x < 20; x++) if (p.unitIndexAt(0, 0, x) == u && x < 10) allAir = false;
            assertEquals(allAir, p.unit(u).excluded(), "unit " + u);
        }
        assertTrue(p.playerUnitIndices().length < p.unitCount());
    }
}

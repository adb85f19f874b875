package segshap.engine.units;

import java.util.List;
import segshap.engine.grid.GridGeometry;
import segshap.engine.roi.ReceptiveFieldSupport;
import segshap.kernels.tensor.Box;

/** Small fixtures shared by the unit tests. */
final class UnitTestGrids {
    private UnitTestGrids() {}

    /** A partitioner whose single tile is the whole grid, volume all 0, masking value −1 (nothing masked). */
    static UnitPartitioner wholeGrid(GridGeometry g) {
        int[] shape = g.shapeZyx();
        ReceptiveFieldSupport s = ReceptiveFieldSupport.of(shape, new Box(0, 0, 0, 1, 1, 1),
                List.of(Box.ofShape(shape)));
        return new UnitPartitioner(g, s, new float[Math.toIntExact(g.voxelCount())], -1f);
    }

    static int compareLex(int[] a, int[] b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) return Integer.compare(a[i], b[i]);
        }
        return 0;
    }
}

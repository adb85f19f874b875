package segshap.engine.units;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import segshap.engine.grid.GridGeometry;
import segshap.engine.grid.LabelMap;
import segshap.engine.roi.ReceptiveFieldSupport;
import segshap.kernels.InputException;
import segshap.kernels.tensor.Box;

/**
 * Builds the three unit partitions of the paper (§III.B) on the network grid, inside the ROI's support.
 *
 * <p>Voxels of the unit region (by default the support's bounding box, see {@link #withUnitRegion}) get a
 * unit; a unit is excluded (attribution exactly 0) when none of its voxels lies in a tile that meets the
 * ROI box (it cannot change any logit there), or when every one of its voxels, in every channel, already
 * equals the masking value (masking it changes nothing).
 *
 * <pre>
 * UnitPartitioner units = new UnitPartitioner(netGrid, support, preprocessedCzyx, maskingValueNorm);
 * UnitPartition organs = units.organs(organLabelsOnNetGrid, organNames);
 * UnitPartition cells  = units.regular(20.0);   // FCC cubic edge a = 20 mm
 * </pre>
 */
public final class UnitPartitioner {
    private static final String REASON_NO_TILE =
            "meets no tile that intersects the ROI box (outside the receptive-field support)";

    private final GridGeometry grid;
    private final ReceptiveFieldSupport support;
    private final float[] preprocessedCzyx;
    private final int channels;
    private final float maskingValue;
    private final Box unitRegion;

    /**
     * @param grid             the network grid
     * @param support          the ROI's support on that grid
     * @param preprocessedCzyx the preprocessed volume (c, z, y, x), not copied and not mutated
     * @param maskingValue     b_norm: the CT normalisation of −1024 HU, computed with the same float
     *                         arithmetic as the preprocessing (the exclusion test compares exactly)
     */
    public UnitPartitioner(GridGeometry grid, ReceptiveFieldSupport support, float[] preprocessedCzyx,
                           float maskingValue) {
        this(grid, support, preprocessedCzyx, maskingValue, support.supportBox());
    }

    private UnitPartitioner(GridGeometry grid, ReceptiveFieldSupport support, float[] preprocessedCzyx,
                            float maskingValue, Box unitRegion) {
        if (!Arrays.equals(grid.shapeZyx(), support.gridShapeZyx())) {
            throw new IllegalArgumentException("support grid zyx " + Arrays.toString(support.gridShapeZyx())
                    + " differs from the grid " + Arrays.toString(grid.shapeZyx()));
        }
        long voxels = grid.voxelCount();
        if (preprocessedCzyx.length == 0 || preprocessedCzyx.length % voxels != 0) {
            throw new IllegalArgumentException("preprocessed volume length " + preprocessedCzyx.length
                    + " is not a positive multiple of the grid's " + voxels + " voxels");
        }
        if (!Float.isFinite(maskingValue)) {
            throw new IllegalArgumentException("maskingValue must be finite, got " + maskingValue);
        }
        if (unitRegion.isEmpty() || !grid.box().intersect(unitRegion).equals(unitRegion)) {
            throw new IllegalArgumentException("unit region " + unitRegion + " must be non-empty and inside the grid "
                    + grid.box());
        }
        this.grid = grid;
        this.support = support;
        this.preprocessedCzyx = preprocessedCzyx;
        this.channels = (int) (preprocessedCzyx.length / voxels);
        this.maskingValue = maskingValue;
        this.unitRegion = unitRegion;
    }

    /**
     * The same partitioner building units over another box, e.g. the paper's B_RF (B dilated by the patch
     * radius) to reproduce its unit set; units there that meet no relevant tile are then excluded.
     */
    public UnitPartitioner withUnitRegion(Box unitRegion) {
        return new UnitPartitioner(grid, support, preprocessedCzyx, maskingValue, unitRegion);
    }

    /**
     * Full organs: one unit per organ label present in the unit region, background 0 excluded, in ascending
     * label order; unit id = label value.
     *
     * @param organLabels organ labels on the network grid (see {@code LabelResampling})
     * @param organNames  label → name; labels without a name are called "label N"
     */
    public UnitPartition organs(LabelMap organLabels, Map<Integer, String> organNames) {
        requireOnGrid(organLabels);
        int[] keys = new int[Math.toIntExact(unitRegion.voxelCount())];
        BitSet present = new BitSet();
        forEachRegionVoxel((k, z, y, x) -> {
            int label = organLabels.labelAt(z, y, x);
            keys[k] = label == 0 ? -1 : label;
            if (label != 0) present.set(label);
        });
        int[] labels = present.stream().toArray();
        rankKeys(keys, labels);
        return finish(UnitKind.ORGANS, keys, labels.length, u -> labels[u], u -> labels[u], organNames,
                Double.NaN, null);
    }

    /**
     * Regular FCC cells of cubic edge {@code fccEdgeMm} in world mm, origin at world (0, 0, 0): every voxel
     * centre goes to its nearest lattice point ({@link FccLattice}); units in ascending lattice-point order
     * (D3 coordinates x, then y, then z), ids 1..M.
     *
     * @throws InputException when the edge is not a finite positive number or gives too many lattice points
     */
    public UnitPartition regular(double fccEdgeMm) {
        Cells cells = assignCells(fccEdgeMm);
        int[] keys = cells.keys;
        int[] cellKeys = distinct(keys, cells.keySpace);
        rankKeys(keys, cellKeys);
        int[][] d3 = new int[cellKeys.length][];
        for (int u = 0; u < cellKeys.length; u++) d3[u] = cells.decode(cellKeys[u]);
        return finish(UnitKind.REGULAR, keys, cellKeys.length, u -> u + 1, u -> -1, Map.of(), fccEdgeMm, d3);
    }

    /**
     * Hybrid units: FCC cell × organ label (background excluded), in ascending (lattice point, label) order,
     * ids 1..M.
     *
     * @throws InputException as {@link #regular}
     */
    public UnitPartition hybrid(LabelMap organLabels, Map<Integer, String> organNames, double fccEdgeMm) {
        requireOnGrid(organLabels);
        Cells cells = assignCells(fccEdgeMm);
        int[] keys = cells.keys;
        int[] cellKeys = distinct(keys, cells.keySpace);
        rankKeys(keys, cellKeys); // keys now hold the cell rank
        BitSet present = new BitSet();
        forEachRegionVoxel((k, z, y, x) -> present.set(organLabels.labelAt(z, y, x)));
        present.clear(0);
        int[] labels = present.stream().toArray();
        long pairSpace = (long) cellKeys.length * labels.length;
        if (pairSpace > Integer.MAX_VALUE) {
            throw new InputException(String.format(Locale.ROOT, "FCC edge a = %.3g mm gives %d cells × %d organs, "
                    + "too many hybrid units; use a larger edge", fccEdgeMm, cellKeys.length, labels.length));
        }
        forEachRegionVoxel((k, z, y, x) -> {
            int label = organLabels.labelAt(z, y, x);
            keys[k] = label == 0 ? -1 : keys[k] * labels.length + Arrays.binarySearch(labels, label);
        });
        int[] pairKeys = distinct(keys, (int) pairSpace);
        rankKeys(keys, pairKeys);
        int[][] d3 = new int[pairKeys.length][];
        for (int u = 0; u < pairKeys.length; u++) d3[u] = cells.decode(cellKeys[pairKeys[u] / labels.length]);
        return finish(UnitKind.HYBRID, keys, pairKeys.length, u -> u + 1,
                u -> labels[pairKeys[u] % labels.length], organNames, fccEdgeMm, d3);
    }

    // ---- FCC cell assignment ------------------------------------------------------------------------------

    /** Per-voxel packed lattice keys over the region: key = ((ux−minX)·ny + (uy−minY))·nz + (uz−minZ). */
    private static final class Cells {
        int[] keys;
        int keySpace;
        int minX, minY, minZ, ny, nz;

        int[] decode(int key) {
            return new int[] {key / nz / ny + minX, (key / nz) % ny + minY, key % nz + minZ};
        }
    }

    private Cells assignCells(double fccEdgeMm) {
        if (!(fccEdgeMm > 0) || !Double.isFinite(fccEdgeMm)) {
            throw new InputException("FCC edge a must be a finite number of mm > 0, got " + fccEdgeMm);
        }
        double half = fccEdgeMm * 0.5;
        // Lattice coordinates are bounded by the region's corner centres (the map is affine); round-and-fix
        // moves at most one step beyond rounding, hence the margin of 1.
        double[] lo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        double[] hi = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        double[] w = new double[3];
        for (int c = 0; c < 8; c++) {
            grid.worldMm((c & 4) != 0 ? unitRegion.z1() - 1 : unitRegion.z0(),
                    (c & 2) != 0 ? unitRegion.y1() - 1 : unitRegion.y0(),
                    (c & 1) != 0 ? unitRegion.x1() - 1 : unitRegion.x0(), w);
            for (int i = 0; i < 3; i++) {
                lo[i] = Math.min(lo[i], w[i] / half);
                hi[i] = Math.max(hi[i], w[i] / half);
            }
        }
        Cells cells = new Cells();
        cells.minX = (int) Math.floor(lo[0]) - 1;
        cells.minY = (int) Math.floor(lo[1]) - 1;
        cells.minZ = (int) Math.floor(lo[2]) - 1;
        long nx = (long) Math.ceil(hi[0]) + 2 - cells.minX;
        long ny = (long) Math.ceil(hi[1]) + 2 - cells.minY;
        long nz = (long) Math.ceil(hi[2]) + 2 - cells.minZ;
        if (nx * ny * nz > Integer.MAX_VALUE) {
            throw new InputException(String.format(Locale.ROOT, "FCC edge a = %.3g mm is too small for the unit "
                    + "region %s (over 2^31 lattice positions); use a larger edge", fccEdgeMm, unitRegion));
        }
        cells.ny = (int) ny;
        cells.nz = (int) nz;
        cells.keySpace = (int) (nx * ny * nz);
        int[] keys = new int[Math.toIntExact(unitRegion.voxelCount())];
        int[] d3 = new int[3];
        forEachRegionVoxel((k, z, y, x) -> {
            grid.worldMm(z, y, x, w);
            FccLattice.nearestPointOfWorldMm(w[0], w[1], w[2], fccEdgeMm, d3);
            keys[k] = ((d3[0] - cells.minX) * cells.ny + (d3[1] - cells.minY)) * cells.nz + (d3[2] - cells.minZ);
        });
        cells.keys = keys;
        return cells;
    }

    // ---- shared steps -------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface VoxelVisitor {
        void visit(int regionIndex, int z, int y, int x);
    }

    private void forEachRegionVoxel(VoxelVisitor v) {
        int k = 0;
        for (int z = unitRegion.z0(); z < unitRegion.z1(); z++) {
            for (int y = unitRegion.y0(); y < unitRegion.y1(); y++) {
                for (int x = unitRegion.x0(); x < unitRegion.x1(); x++) v.visit(k++, z, y, x);
            }
        }
    }

    /** The distinct non-negative keys, ascending, via a bitset over [0, keySpace). */
    private static int[] distinct(int[] keys, int keySpace) {
        BitSet seen = new BitSet(keySpace);
        for (int key : keys) if (key >= 0) seen.set(key);
        return seen.stream().toArray();
    }

    /** Replaces every key ≥ 0 by its rank among {@code sortedKeys}. */
    private static void rankKeys(int[] keys, int[] sortedKeys) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] >= 0) keys[i] = Arrays.binarySearch(sortedKeys, keys[i]);
        }
    }

    private UnitPartition finish(UnitKind kind, int[] unitIndex, int m, IntUnaryOperator id,
                                 IntUnaryOperator organLabel, Map<Integer, String> organNames,
                                 double fccEdgeMm, int[][] latticeD3) {
        long[] count = new long[m];
        double[] sumXyz = new double[3 * m];
        boolean[] meetsTile = new boolean[m];
        boolean[] allMasked = new boolean[m];
        Arrays.fill(allMasked, true);
        long voxels = grid.voxelCount();
        double[] w = new double[3];
        int sy = grid.sizeY(), sx = grid.sizeX();
        forEachRegionVoxel((k, z, y, x) -> {
            int u = unitIndex[k];
            if (u < 0) return;
            count[u]++;
            grid.worldMm(z, y, x, w);
            sumXyz[3 * u] += w[0];
            sumXyz[3 * u + 1] += w[1];
            sumXyz[3 * u + 2] += w[2];
            if (!meetsTile[u] && support.isInSupport(z, y, x)) meetsTile[u] = true;
            if (allMasked[u]) {
                long v = ((long) z * sy + y) * sx + x;
                for (int c = 0; c < channels; c++) {
                    if (preprocessedCzyx[(int) (c * voxels + v)] != maskingValue) {
                        allMasked[u] = false;
                        break;
                    }
                }
            }
        });
        List<Unit> units = new ArrayList<>(m);
        for (int u = 0; u < m; u++) {
            int label = organLabel.applyAsInt(u);
            String name = label < 0 ? "" : organNames.getOrDefault(label, "label " + label);
            String reason = !meetsTile[u] ? REASON_NO_TILE
                    : allMasked[u] ? "all " + count[u] + " voxels already hold the masking value " + maskingValue
                            + " (masking changes nothing)"
                    : "";
            double[] centroid = {sumXyz[3 * u] / count[u], sumXyz[3 * u + 1] / count[u], sumXyz[3 * u + 2] / count[u]};
            units.add(new Unit(id.applyAsInt(u), kind, label, name, count[u], centroid, !reason.isEmpty(), reason));
        }
        return new UnitPartition(kind, grid, support, unitRegion, unitIndex, units, maskingValue, fccEdgeMm, latticeD3);
    }

    private void requireOnGrid(LabelMap organLabels) {
        if (!organLabels.hasShape(grid.shapeZyx())) {
            throw new IllegalArgumentException("organ label map zyx " + Arrays.toString(organLabels.shapeZyx())
                    + " is not on the network grid " + Arrays.toString(grid.shapeZyx())
                    + "; bring it there with LabelResampling.nearestNeighbour first");
        }
    }
}

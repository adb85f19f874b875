package segshap.engine.units;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import segshap.engine.grid.GridGeometry;
import segshap.engine.roi.ReceptiveFieldSupport;
import segshap.kernels.tensor.Box;

/**
 * M interpretable units on the network grid in a fixed order, with the unit of every voxel.
 *
 * <p>A unit is addressed by its <em>index</em> 0..M−1, its position in {@link #units()} (organs: ascending
 * label; regular: ascending lattice point, lexicographic on D3 coordinates (x, y, z); hybrid: ascending
 * (lattice point, label)). Coalitions are bitsets over unit indices: bit i set = unit i kept. Excluded units
 * stay in the list (their attribution is exactly 0) but are never perturbed and never appear in
 * {@link #unitsMeetingTile}; {@link #playerUnitIndices()} lists the units KernelSHAP plays with.
 *
 * <p>Unit indices per voxel are stored over the unit region only (the support's bounding box unless set
 * otherwise), −1 meaning "no unit" (background for organs and hybrid); voxels outside the region belong to
 * no unit. Built by {@link UnitPartitioner}; immutable.
 */
public final class UnitPartition {
    private final UnitKind kind;
    private final GridGeometry grid;
    private final ReceptiveFieldSupport support;
    private final Box unitRegion;
    private final int[] unitIndexOverRegion; // (Rz, Ry, Rx) unit index or −1
    private final List<Unit> units;
    private final boolean[] perturbable; // !excluded, by unit index
    private final int[] playerUnitIndices;
    private final float maskingValue;
    private final double fccEdgeMm;
    private final int[][] latticeD3Xyz; // by unit index; null for organs
    private final int[] relevantTileIndices;
    private final int[][] unitsPerRelevantTile; // aligned with relevantTileIndices
    private final Map<Box, Integer> relevantTilePosition; // lookup only, never iterated

    UnitPartition(UnitKind kind, GridGeometry grid, ReceptiveFieldSupport support, Box unitRegion,
                  int[] unitIndexOverRegion, List<Unit> units, float maskingValue, double fccEdgeMm,
                  int[][] latticeD3Xyz) {
        this.kind = kind;
        this.grid = grid;
        this.support = support;
        this.unitRegion = unitRegion;
        this.unitIndexOverRegion = unitIndexOverRegion;
        this.units = List.copyOf(units);
        this.maskingValue = maskingValue;
        this.fccEdgeMm = fccEdgeMm;
        this.latticeD3Xyz = latticeD3Xyz;
        this.perturbable = new boolean[units.size()];
        int players = 0;
        for (int i = 0; i < units.size(); i++) {
            perturbable[i] = !units.get(i).excluded();
            if (perturbable[i]) players++;
        }
        this.playerUnitIndices = new int[players];
        for (int i = 0, k = 0; i < units.size(); i++) if (perturbable[i]) playerUnitIndices[k++] = i;
        this.relevantTileIndices = support.relevantTileIndices();
        this.relevantTilePosition = new HashMap<>();
        this.unitsPerRelevantTile = new int[relevantTileIndices.length][];
        for (int p = 0; p < relevantTileIndices.length; p++) {
            Box tile = support.tiles().get(relevantTileIndices[p]);
            relevantTilePosition.putIfAbsent(tile, p);
            unitsPerRelevantTile[p] = computeUnitsMeeting(tile);
        }
    }

    public UnitKind kind() {
        return kind;
    }

    /** The network grid. */
    public GridGeometry grid() {
        return grid;
    }

    public ReceptiveFieldSupport support() {
        return support;
    }

    /** The box of voxels that received units. */
    public Box unitRegion() {
        return unitRegion;
    }

    /** All M units in the fixed order, excluded ones included. */
    public List<Unit> units() {
        return units;
    }

    /** M. */
    public int unitCount() {
        return units.size();
    }

    public Unit unit(int unitIndex) {
        return units.get(unitIndex);
    }

    public boolean isExcluded(int unitIndex) {
        return !perturbable[unitIndex];
    }

    /** Indices of the units that are not excluded, ascending: KernelSHAP's players. */
    public int[] playerUnitIndices() {
        return playerUnitIndices.clone();
    }

    /** The normalised masking value b_norm the exclusion test used and perturbations write. */
    public float maskingValue() {
        return maskingValue;
    }

    /** FCC cubic edge a in mm (regular and hybrid), NaN for organs. */
    public double fccEdgeMm() {
        return fccEdgeMm;
    }

    /**
     * The FCC lattice point of a regular or hybrid unit as D3 coordinates (x, y, z); the point lies at
     * {@code (a/2)·d3} world mm.
     *
     * @throws IllegalStateException for an organ partition
     */
    public int[] latticePointD3Xyz(int unitIndex) {
        if (latticeD3Xyz == null) throw new IllegalStateException("organ units have no lattice point");
        return latticeD3Xyz[unitIndex].clone();
    }

    /** The unit index of voxel (z, y, x), −1 when it belongs to no unit. */
    public int unitIndexAt(int z, int y, int x) {
        if (!unitRegion.contains(z, y, x)) return -1;
        return unitIndexOverRegion[((z - unitRegion.z0()) * unitRegion.sizeY() + (y - unitRegion.y0()))
                * unitRegion.sizeX() + (x - unitRegion.x0())];
    }

    /** Unit indices over {@link #unitRegion()} (a copy), C order, −1 = no unit. */
    public int[] unitIndicesOverRegion() {
        return unitIndexOverRegion.clone();
    }

    /** Unit indices over the whole grid, C order, −1 = no unit. */
    public int[] unitIndicesOverGrid() {
        int[] out = new int[Math.toIntExact(grid.voxelCount())];
        Arrays.fill(out, -1);
        int sy = grid.sizeY(), sx = grid.sizeX(), rx = unitRegion.sizeX();
        int k = 0;
        for (int z = unitRegion.z0(); z < unitRegion.z1(); z++) {
            for (int y = unitRegion.y0(); y < unitRegion.y1(); y++, k += rx) {
                System.arraycopy(unitIndexOverRegion, k, out, (z * sy + y) * sx + unitRegion.x0(), rx);
            }
        }
        return out;
    }

    /**
     * U_s: the indices (ascending) of the non-excluded units with a voxel inside {@code tile}. Precomputed
     * for the support's relevant tiles; computed on demand for any other box.
     */
    public int[] unitsMeetingTile(Box tile) {
        Integer p = relevantTilePosition.get(tile);
        if (p != null) return unitsPerRelevantTile[p].clone();
        return computeUnitsMeeting(tile);
    }

    /**
     * U_s for tile number {@code tileIndex} of {@link ReceptiveFieldSupport#tiles()}.
     */
    public int[] unitsMeetingTile(int tileIndex) {
        int p = Arrays.binarySearch(relevantTileIndices, tileIndex);
        if (p >= 0) return unitsPerRelevantTile[p].clone();
        return computeUnitsMeeting(support.tiles().get(tileIndex));
    }

    int[] computeUnitsMeeting(Box tile) {
        boolean[] seen = new boolean[units.size()];
        Box t = tile.intersect(unitRegion);
        int ry = unitRegion.sizeY(), rx = unitRegion.sizeX();
        for (int z = t.z0(); z < t.z1(); z++) {
            for (int y = t.y0(); y < t.y1(); y++) {
                int row = ((z - unitRegion.z0()) * ry + (y - unitRegion.y0())) * rx - unitRegion.x0();
                for (int x = t.x0(); x < t.x1(); x++) {
                    int u = unitIndexOverRegion[row + x];
                    if (u >= 0) seen[u] = true;
                }
            }
        }
        int n = 0;
        for (int u = 0; u < seen.length; u++) if (seen[u] && perturbable[u]) n++;
        int[] out = new int[n];
        for (int u = 0, k = 0; u < seen.length; u++) if (seen[u] && perturbable[u]) out[k++] = u;
        return out;
    }

    /** Unit index per voxel of the unit region, without a copy (the perturbation's hot loop); do not mutate. */
    public int[] rawUnitIndexOverRegion() {
        return unitIndexOverRegion;
    }

    /** Per unit, whether masking it can change anything, without a copy; do not mutate. */
    public boolean[] rawPerturbable() {
        return perturbable;
    }

    @Override
    public String toString() {
        return "UnitPartition[" + kind.cliName() + ", " + units.size() + " units (" + playerUnitIndices.length
                + " players), region " + unitRegion + "]";
    }
}

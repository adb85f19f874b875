package segshap.engine.roi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import segshap.kernels.tensor.Box;

/**
 * The exact receptive-field support of an ROI box B: the union of the sliding-window tiles that meet B.
 *
 * <p>Only a tile s with {@code s ∩ B ≠ ∅} can change a logit inside B, so
 * {@code T_rel = {s : s ∩ B ≠ ∅}} and the support {@code ∪_{s ∈ T_rel} s} is everything a perturbation
 * must cover (the paper dilates B by the patch radius instead, a superset). The support is kept as one bit
 * per voxel of its bounding box.
 *
 * <p>Tiles are given in the unpadded network-grid frame, clipped to the grid, in the sliding-window
 * helper's order; tile indices refer to that list.
 */
public final class ReceptiveFieldSupport {
    private final int[] gridShapeZyx;
    private final Box roiBox;
    private final List<Box> tiles;
    private final int[] relevantTileIndices;
    private final Box supportBox;
    private final long[] supportBits; // one bit per voxel of supportBox, C order
    private final long supportVoxelCount;

    private ReceptiveFieldSupport(int[] gridShapeZyx, Box roiBox, List<Box> tiles, int[] relevantTileIndices,
                                  Box supportBox, long[] supportBits, long supportVoxelCount) {
        this.gridShapeZyx = gridShapeZyx;
        this.roiBox = roiBox;
        this.tiles = tiles;
        this.relevantTileIndices = relevantTileIndices;
        this.supportBox = supportBox;
        this.supportBits = supportBits;
        this.supportVoxelCount = supportVoxelCount;
    }

    /**
     * The support of {@code roiBox} for the given tiles.
     *
     * @param gridShapeZyx network grid extents (z, y, x)
     * @param roiBox       B, non-empty, inside the grid
     * @param tiles        tile boxes clipped to the grid, each non-empty (together they cover the grid)
     * @throws IllegalArgumentException when a box lies outside the grid or no tile meets B
     */
    public static ReceptiveFieldSupport of(int[] gridShapeZyx, Box roiBox, List<Box> tiles) {
        int[] shape = gridShapeZyx.clone();
        Box grid = Box.ofShape(shape);
        if (roiBox.isEmpty() || !grid.intersect(roiBox).equals(roiBox)) {
            throw new IllegalArgumentException("ROI box " + roiBox + " must be non-empty and inside the grid " + grid);
        }
        List<Box> all = List.copyOf(tiles);
        List<Integer> relevant = new ArrayList<>();
        int z0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x0 = Integer.MAX_VALUE;
        int z1 = Integer.MIN_VALUE, y1 = Integer.MIN_VALUE, x1 = Integer.MIN_VALUE;
        for (int i = 0; i < all.size(); i++) {
            Box t = all.get(i);
            if (t.isEmpty() || !grid.intersect(t).equals(t)) {
                throw new IllegalArgumentException("tile " + i + " " + t + " must be non-empty and clipped to the grid "
                        + grid);
            }
            if (!t.intersects(roiBox)) continue;
            relevant.add(i);
            z0 = Math.min(z0, t.z0()); y0 = Math.min(y0, t.y0()); x0 = Math.min(x0, t.x0());
            z1 = Math.max(z1, t.z1()); y1 = Math.max(y1, t.y1()); x1 = Math.max(x1, t.x1());
        }
        if (relevant.isEmpty()) {
            throw new IllegalArgumentException("no tile meets the ROI box " + roiBox + "; the tiles must cover the grid "
                    + grid);
        }
        Box support = new Box(z0, y0, x0, z1, y1, x1);
        long[] bits = new long[Math.toIntExact((support.voxelCount() + 63) >>> 6)];
        int sy = support.sizeY(), sx = support.sizeX();
        int[] rel = relevant.stream().mapToInt(Integer::intValue).toArray();
        for (int i : rel) {
            Box t = all.get(i);
            for (int z = t.z0(); z < t.z1(); z++) {
                for (int y = t.y0(); y < t.y1(); y++) {
                    int row = ((z - z0) * sy + (y - y0)) * sx - x0;
                    setRange(bits, row + t.x0(), row + t.x1());
                }
            }
        }
        long count = 0;
        for (long w : bits) count += Long.bitCount(w);
        return new ReceptiveFieldSupport(shape, roiBox, all, rel, support, bits, count);
    }

    public int[] gridShapeZyx() {
        return gridShapeZyx.clone();
    }

    /** B. */
    public Box roiBox() {
        return roiBox;
    }

    /** All tiles, in the order given. */
    public List<Box> tiles() {
        return tiles;
    }

    /** Indices into {@link #tiles()} of the tiles meeting B (T_rel), ascending. */
    public int[] relevantTileIndices() {
        return relevantTileIndices.clone();
    }

    /** The tiles meeting B, in ascending tile index. */
    public List<Box> relevantTiles() {
        List<Box> out = new ArrayList<>(relevantTileIndices.length);
        for (int i : relevantTileIndices) out.add(tiles.get(i));
        return List.copyOf(out);
    }

    /** Bounding box of the support (equal to the support itself for a regular sliding-window tiling). */
    public Box supportBox() {
        return supportBox;
    }

    /** Number of voxels in the support. */
    public long supportVoxelCount() {
        return supportVoxelCount;
    }

    /** Whether voxel (z, y, x) of the grid lies in a tile that meets B. */
    public boolean isInSupport(int z, int y, int x) {
        if (!supportBox.contains(z, y, x)) return false;
        int i = ((z - supportBox.z0()) * supportBox.sizeY() + (y - supportBox.y0())) * supportBox.sizeX()
                + (x - supportBox.x0());
        return (supportBits[i >>> 6] & (1L << i)) != 0;
    }

    /** The support over {@link #supportBox()}: one byte (0 or 1) per voxel, C order. */
    public byte[] supportMaskOverBox() {
        byte[] out = new byte[Math.toIntExact(supportBox.voxelCount())];
        for (int i = 0; i < out.length; i++) out[i] = (byte) ((supportBits[i >>> 6] >>> i) & 1L);
        return out;
    }

    private static void setRange(long[] bits, int from, int to) {
        for (int i = from; i < to; i++) bits[i >>> 6] |= 1L << i;
    }

    @Override
    public String toString() {
        return "ReceptiveFieldSupport[roiBox " + roiBox + ", " + relevantTileIndices.length + " of " + tiles.size()
                + " tiles, supportBox " + supportBox + ", " + supportVoxelCount + " voxels, grid zyx "
                + Arrays.toString(gridShapeZyx) + "]";
    }
}

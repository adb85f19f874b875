package segshap.kernels.window;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import segshap.kernels.tensor.Box;

/**
 * nnU-Net's sliding-window tiling of a preprocessed volume: zero padding up to the patch size, tile starts
 * per axis and the tile order.
 *
 * <p>Two frames appear: the <em>unpadded</em> frame is the preprocessed volume {@code (z, y, x)} as given;
 * the <em>padded</em> frame is that volume padded with zeros to at least the patch size per axis
 * ({@code padLo = diff / 2} voxels below, the rest above). Tiles live in the padded frame; everything the
 * caller sees (boxes B, outputs) is in the unpadded frame. The padded volume is never materialised.
 *
 * <p>Worked example (nnU-Net's own): shape {@code 40×70×60}, patch {@code 16×32×32}, step 0.5 → starts
 * z {@code [0,8,16,24]}, y {@code [0,13,25,38]}, x {@code [0,14,28]}, 48 tiles, no padding.
 */
public final class TileGrid {
    /** nnU-Net's default {@code tile_step_size}: neighbouring tiles overlap by at least half a patch. */
    public static final double DEFAULT_TILE_STEP_SIZE = 0.5;

    private final int[] shapeZyx;
    private final int[] patchZyx;
    private final double tileStepSize;
    private final int[] paddedShapeZyx;
    private final int[] padLoZyx;
    private final int[][] startsZyx;
    private final List<Tile> tiles;

    private TileGrid(int[] shapeZyx, int[] patchZyx, double tileStepSize) {
        this.shapeZyx = shapeZyx;
        this.patchZyx = patchZyx;
        this.tileStepSize = tileStepSize;
        paddedShapeZyx = new int[3];
        padLoZyx = new int[3];
        startsZyx = new int[3][];
        for (int a = 0; a < 3; a++) {
            paddedShapeZyx[a] = Math.max(shapeZyx[a], patchZyx[a]);
            // nnU-Net's pad_nd_image: extra voxel of an odd difference goes to the high side
            padLoZyx[a] = (paddedShapeZyx[a] - shapeZyx[a]) / 2;
            startsZyx[a] = computeTileStarts(paddedShapeZyx[a], patchZyx[a], tileStepSize);
        }
        List<Tile> list = new ArrayList<>(startsZyx[0].length * startsZyx[1].length * startsZyx[2].length);
        for (int sz : startsZyx[0]) {
            for (int sy : startsZyx[1]) {
                for (int sx : startsZyx[2]) {
                    list.add(new Tile(list.size(), Box.ofStartAndSize(new int[] {sz, sy, sx}, patchZyx)));
                }
            }
        }
        tiles = List.copyOf(list);
    }

    /** The grid with nnU-Net's default step size 0.5. */
    public static TileGrid of(int[] shapeZyx, int[] patchZyx) {
        return of(shapeZyx, patchZyx, DEFAULT_TILE_STEP_SIZE);
    }

    /**
     * The grid nnU-Net's {@code predict_sliding_window_return_logits} uses.
     *
     * @param shapeZyx     preprocessed volume extent, each ≥ 1
     * @param patchZyx     tile extent (plans {@code patch_size}), each ≥ 1
     * @param tileStepSize target step as a fraction of the patch, in (0, 1]
     */
    public static TileGrid of(int[] shapeZyx, int[] patchZyx, double tileStepSize) {
        checkTriple("shapeZyx", shapeZyx);
        checkTriple("patchZyx", patchZyx);
        if (!(tileStepSize > 0 && tileStepSize <= 1)) {
            throw new IllegalArgumentException("tileStepSize must be in (0, 1], got " + tileStepSize);
        }
        return new TileGrid(shapeZyx.clone(), patchZyx.clone(), tileStepSize);
    }

    /**
     * Tile starts along one axis, as nnU-Net's {@code compute_steps_for_sliding_window}: with target step
     * {@code t = p·step}, {@code k = ceil((n − p)/t) + 1} tiles spaced {@code a = (n − p)/(k − 1)} apart,
     * starts {@code round(a·i)} rounded half to even (numpy's rule: 8.5 → 8).
     *
     * @param paddedSize axis extent after padding, ≥ {@code patch}
     * @param patch      tile extent, ≥ 1
     * @param tileStepSize target step as a fraction of the patch, in (0, 1]
     */
    public static int[] computeTileStarts(int paddedSize, int patch, double tileStepSize) {
        if (patch < 1 || paddedSize < patch) {
            throw new IllegalArgumentException("need 1 ≤ patch ≤ paddedSize, got patch " + patch
                    + ", paddedSize " + paddedSize);
        }
        double targetStep = patch * tileStepSize;
        int k = (int) Math.ceil((paddedSize - patch) / targetStep) + 1;
        if (k == 1) return new int[] {0};
        double a = (double) (paddedSize - patch) / (k - 1);
        int[] starts = new int[k];
        for (int i = 0; i < k; i++) starts[i] = (int) Math.rint(a * i);
        return starts;
    }

    /** Preprocessed volume extent {@code (z, y, x)} (the unpadded frame). */
    public int[] shapeZyx() { return shapeZyx.clone(); }

    /** Tile extent {@code (z, y, x)}. */
    public int[] patchZyx() { return patchZyx.clone(); }

    /** The step size the grid was built with. */
    public double tileStepSize() { return tileStepSize; }

    /** Padded volume extent {@code max(shape, patch)} per axis. */
    public int[] paddedShapeZyx() { return paddedShapeZyx.clone(); }

    /** Zero voxels added below the volume per axis; unpadded = padded − padLo. */
    public int[] padLoZyx() { return padLoZyx.clone(); }

    /** Zero voxels added above the volume per axis (≥ padLo). */
    public int[] padHiZyx() {
        return new int[] {paddedShapeZyx[0] - shapeZyx[0] - padLoZyx[0], paddedShapeZyx[1] - shapeZyx[1] - padLoZyx[1],
                paddedShapeZyx[2] - shapeZyx[2] - padLoZyx[2]};
    }

    /** Tile starts in the padded frame for axis 0 (z), 1 (y) or 2 (x). */
    public int[] startsAlong(int axis) { return startsZyx[axis].clone(); }

    /** All tiles in nnU-Net's order (z outer, x inner); {@code tiles().get(i).index() == i}. */
    public List<Tile> tiles() { return tiles; }

    public int tileCount() { return tiles.size(); }

    public Tile tile(int index) { return tiles.get(index); }

    /** The whole preprocessed volume as a box in the unpadded frame. */
    public Box volumeBox() { return Box.ofShape(shapeZyx); }

    /** The tile's box moved into the unpadded frame, not clipped (may reach into the padding). */
    Box tileBoxUnpaddedUnclipped(Tile tile) {
        Box b = tile.boxPadded();
        return new Box(b.z0() - padLoZyx[0], b.y0() - padLoZyx[1], b.x0() - padLoZyx[2],
                b.z1() - padLoZyx[0], b.y1() - padLoZyx[1], b.x1() - padLoZyx[2]);
    }

    /** The voxels of the preprocessed volume that a tile covers: its box in the unpadded frame, clipped. */
    public Box boxUnpadded(Tile tile) {
        return tileBoxUnpaddedUnclipped(tile).intersect(volumeBox());
    }

    /**
     * The part of a tile inside a box, in tile coordinates: the crop to put in a
     * {@code TileBatch} (one per tile) when only the logits over {@code boxUnpadded} are needed.
     * Empty when the tile does not meet the box.
     */
    public Box cropInTile(Tile tile, Box boxUnpadded) {
        Box t = tileBoxUnpaddedUnclipped(tile);
        return t.intersect(boxUnpadded).relativeTo(t);
    }

    /** Tiles whose voxels meet {@code boxUnpadded}, in tile order: the only tiles that affect logits there. */
    public List<Tile> tilesIntersecting(Box boxUnpadded) {
        Box b = boxUnpadded.intersect(volumeBox());
        List<Tile> out = new ArrayList<>();
        if (b.isEmpty()) return List.of();
        for (Tile t : tiles) {
            if (boxUnpadded(t).intersects(b)) out.add(t);
        }
        return List.copyOf(out);
    }

    /**
     * The bounding box of the tiles' voxels in the unpadded frame (clipped to the volume). For the tiles
     * meeting a box this bounding box is also their exact union, since neighbouring starts are at most half
     * a patch apart; an empty list gives an empty box at the origin.
     */
    public Box unionUnpadded(List<Tile> tileList) {
        if (tileList.isEmpty()) return new Box(0, 0, 0, 0, 0, 0);
        int z0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x0 = Integer.MAX_VALUE;
        int z1 = Integer.MIN_VALUE, y1 = Integer.MIN_VALUE, x1 = Integer.MIN_VALUE;
        for (Tile t : tileList) {
            Box b = boxUnpadded(t);
            z0 = Math.min(z0, b.z0()); y0 = Math.min(y0, b.y0()); x0 = Math.min(x0, b.x0());
            z1 = Math.max(z1, b.z1()); y1 = Math.max(y1, b.y1()); x1 = Math.max(x1, b.x1());
        }
        return new Box(z0, y0, x0, z1, y1, x1);
    }

    /**
     * The exact support of the logits over {@code boxUnpadded}: the input voxels that can change any of them
     * (the union of the tiles meeting the box, clipped to the volume).
     */
    public Box supportOf(Box boxUnpadded) {
        return unionUnpadded(tilesIntersecting(boxUnpadded));
    }

    private static void checkTriple(String name, int[] v) {
        if (v.length != 3 || v[0] < 1 || v[1] < 1 || v[2] < 1) {
            throw new IllegalArgumentException(name + " must be three extents ≥ 1, got " + Arrays.toString(v));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TileGrid g && Arrays.equals(shapeZyx, g.shapeZyx) && Arrays.equals(patchZyx, g.patchZyx)
                && tileStepSize == g.tileStepSize;
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(shapeZyx) * 31 + Arrays.hashCode(patchZyx)) * 31 + Double.hashCode(tileStepSize);
    }

    @Override
    public String toString() {
        return "TileGrid shape zyx " + Arrays.toString(shapeZyx) + " patch " + Arrays.toString(patchZyx) + ", "
                + tiles.size() + " tiles";
    }
}

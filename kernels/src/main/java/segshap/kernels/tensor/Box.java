package segshap.kernels.tensor;

/**
 * A half-open axis-aligned box of voxels, axis order zyx: {@code [z0,z1) × [y0,y1) × [x0,x1)}.
 *
 * <p>Which grid it lives on (network grid, CT as read) is said by the name of the variable holding it.
 */
public record Box(int z0, int y0, int x0, int z1, int y1, int x1) {
    public Box {
        if (z0 > z1 || y0 > y1 || x0 > x1) {
            throw new IllegalArgumentException("inverted box: zyx [" + z0 + "," + y0 + "," + x0
                    + ") to [" + z1 + "," + y1 + "," + x1 + ")");
        }
    }

    /** The box {@code [lo, lo + size)} per axis. */
    public static Box ofStartAndSize(int[] loZyx, int[] sizeZyx) {
        return new Box(loZyx[0], loZyx[1], loZyx[2],
                loZyx[0] + sizeZyx[0], loZyx[1] + sizeZyx[1], loZyx[2] + sizeZyx[2]);
    }

    /** The whole grid of a shape {@code (z, y, x)}. */
    public static Box ofShape(int[] shapeZyx) {
        return new Box(0, 0, 0, shapeZyx[0], shapeZyx[1], shapeZyx[2]);
    }

    public int sizeZ() { return z1 - z0; }

    public int sizeY() { return y1 - y0; }

    public int sizeX() { return x1 - x0; }

    /** Extents {@code (z, y, x)}. */
    public int[] sizeZyx() {
        return new int[] {sizeZ(), sizeY(), sizeX()};
    }

    /** Lower corner {@code (z, y, x)}. */
    public int[] loZyx() {
        return new int[] {z0, y0, x0};
    }

    public long voxelCount() {
        return (long) sizeZ() * sizeY() * sizeX();
    }

    public boolean isEmpty() {
        return voxelCount() == 0;
    }

    public boolean contains(int z, int y, int x) {
        return z >= z0 && z < z1 && y >= y0 && y < y1 && x >= x0 && x < x1;
    }

    /** The intersection; empty boxes are returned with zero extent at a clamped corner. */
    public Box intersect(Box o) {
        int a0 = Math.max(z0, o.z0), b0 = Math.max(y0, o.y0), c0 = Math.max(x0, o.x0);
        return new Box(a0, b0, c0, Math.max(a0, Math.min(z1, o.z1)), Math.max(b0, Math.min(y1, o.y1)),
                Math.max(c0, Math.min(x1, o.x1)));
    }

    public boolean intersects(Box o) {
        return !intersect(o).isEmpty();
    }

    /** This box moved by {@code -origin}, i.e. expressed relative to another box's lower corner. */
    public Box relativeTo(Box origin) {
        return new Box(z0 - origin.z0, y0 - origin.y0, x0 - origin.x0,
                z1 - origin.z0, y1 - origin.y0, x1 - origin.x0);
    }

    @Override
    public String toString() {
        return "zyx [" + z0 + "," + y0 + "," + x0 + ")..[" + z1 + "," + y1 + "," + x1 + ")";
    }
}

package segshap.engine.grid;

import java.util.Arrays;
import segshap.kernels.nifti.NiftiImage;
import segshap.kernels.tensor.Box;

/**
 * The geometry of a voxel grid: its shape and the affine map from voxel indices to world millimetres.
 *
 * <p>Convention: {@code netZyxToWorldXyzMm} is a 4×4 row-major matrix A with
 * {@code (xMm, yMm, zMm, 1)ᵀ = A · (z, y, x, 1)ᵀ}, i.e. it takes indices in the grid's own axis order
 * (z, y, x; for the network grid that is nnU-Net's preprocessed array order) to world coordinates in the
 * order (x, y, z). Index (z, y, x) denotes the voxel centre. Row 3 must be {@code (0, 0, 0, 1)}.
 *
 * <p>World coordinates are evaluated in one fixed operation order,
 * {@code w_i = ((A_i0·z + A_i1·y) + A_i2·x) + A_i3}, so lattice assignments that depend on exact ties (FCC
 * units) are reproducible.
 *
 * <p>Example: a 1 mm isotropic grid whose x axis runs along world x, y along world y and z along world z,
 * origin at (−10, 0, 5) mm: {@code A = [[0,0,1,−10],[0,1,0,0],[1,0,0,5],[0,0,0,1]]}, see
 * {@link #ofSpacingAndOrigin}.
 *
 * @param shapeZyx            grid extents (z, y, x), each ≥ 1
 * @param netZyxToWorldXyzMm  16 finite values, row-major, last row (0, 0, 0, 1), invertible 3×3 part
 */
public record GridGeometry(int[] shapeZyx, double[] netZyxToWorldXyzMm) {
    // Relative size of det(A₃ₓ₃) to the product of column norms below which A is taken as singular.
    private static final double SINGULAR_REL_TOL = 1e-12;

    public GridGeometry {
        shapeZyx = shapeZyx.clone();
        netZyxToWorldXyzMm = netZyxToWorldXyzMm.clone();
        if (shapeZyx.length != 3 || shapeZyx[0] < 1 || shapeZyx[1] < 1 || shapeZyx[2] < 1) {
            throw new IllegalArgumentException("shapeZyx must hold 3 extents ≥ 1, got " + Arrays.toString(shapeZyx));
        }
        if (netZyxToWorldXyzMm.length != 16) {
            throw new IllegalArgumentException("netZyxToWorldXyzMm must hold 16 values (4×4 row-major), got "
                    + netZyxToWorldXyzMm.length);
        }
        for (double v : netZyxToWorldXyzMm) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("netZyxToWorldXyzMm has a non-finite entry: "
                        + Arrays.toString(netZyxToWorldXyzMm));
            }
        }
        double[] a = netZyxToWorldXyzMm;
        if (a[12] != 0 || a[13] != 0 || a[14] != 0 || a[15] != 1) {
            throw new IllegalArgumentException("netZyxToWorldXyzMm last row must be (0,0,0,1), got ("
                    + a[12] + "," + a[13] + "," + a[14] + "," + a[15] + ")");
        }
        double scale = columnNorm(a, 0) * columnNorm(a, 1) * columnNorm(a, 2);
        if (!(Math.abs(det3(a)) > SINGULAR_REL_TOL * scale)) {
            throw new IllegalArgumentException("netZyxToWorldXyzMm is singular (voxel axes are not independent): "
                    + Arrays.toString(a));
        }
    }

    /** The (z, y, x) index → world (x, y, z) mm map of a NIfTI image (its affine with the index axes reversed). */
    public static GridGeometry ofNifti(NiftiImage img) {
        double[] a = img.affine();
        double[] m = new double[16];
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 3; c++) m[r * 4 + c] = a[r * 4 + (2 - c)];
            m[r * 4 + 3] = a[r * 4 + 3];
        }
        return new GridGeometry(img.shapeZyx(), m);
    }

    /**
     * An axis-aligned grid: x index along world x, y along world y, z along world z.
     *
     * @param shapeZyx      extents (z, y, x)
     * @param spacingZyxMm  voxel spacing (z, y, x) in mm, each &gt; 0
     * @param originXyzMm   world position (x, y, z) in mm of the centre of voxel (0, 0, 0)
     */
    public static GridGeometry ofSpacingAndOrigin(int[] shapeZyx, double[] spacingZyxMm, double[] originXyzMm) {
        for (double s : spacingZyxMm) {
            if (!(s > 0) || !Double.isFinite(s)) {
                throw new IllegalArgumentException("spacingZyxMm must be finite and > 0, got "
                        + Arrays.toString(spacingZyxMm));
            }
        }
        return new GridGeometry(shapeZyx, new double[] {
            0, 0, spacingZyxMm[2], originXyzMm[0],
            0, spacingZyxMm[1], 0, originXyzMm[1],
            spacingZyxMm[0], 0, 0, originXyzMm[2],
            0, 0, 0, 1});
    }

    @Override
    public int[] shapeZyx() {
        return shapeZyx.clone();
    }

    @Override
    public double[] netZyxToWorldXyzMm() {
        return netZyxToWorldXyzMm.clone();
    }

    public int sizeZ() { return shapeZyx[0]; }

    public int sizeY() { return shapeZyx[1]; }

    public int sizeX() { return shapeZyx[2]; }

    /** Number of voxels of the grid. */
    public long voxelCount() {
        return (long) shapeZyx[0] * shapeZyx[1] * shapeZyx[2];
    }

    /** The whole grid as a box. */
    public Box box() {
        return Box.ofShape(shapeZyx);
    }

    /** Whether voxel (z, y, x) lies on the grid. */
    public boolean contains(int z, int y, int x) {
        return z >= 0 && z < shapeZyx[0] && y >= 0 && y < shapeZyx[1] && x >= 0 && x < shapeZyx[2];
    }

    /** World position (x, y, z) in mm of voxel index (z, y, x) (integer indices are voxel centres). */
    public double[] worldMm(double z, double y, double x) {
        double[] out = new double[3];
        worldMm(z, y, x, out);
        return out;
    }

    /** As {@link #worldMm(double, double, double)}, writing (x, y, z) mm into {@code outXyzMm}. */
    public void worldMm(double z, double y, double x, double[] outXyzMm) {
        double[] a = netZyxToWorldXyzMm;
        outXyzMm[0] = a[0] * z + a[1] * y + a[2] * x + a[3];
        outXyzMm[1] = a[4] * z + a[5] * y + a[6] * x + a[7];
        outXyzMm[2] = a[8] * z + a[9] * y + a[10] * x + a[11];
    }

    /** The continuous voxel index (z, y, x) of a world point (x, y, z) in mm. */
    public double[] continuousVoxelOfWorldMm(double xMm, double yMm, double zMm) {
        double[] inv = worldXyzMmToNetZyx();
        return new double[] {
            inv[0] * xMm + inv[1] * yMm + inv[2] * zMm + inv[3],
            inv[4] * xMm + inv[5] * yMm + inv[6] * zMm + inv[7],
            inv[8] * xMm + inv[9] * yMm + inv[10] * zMm + inv[11]};
    }

    /**
     * The voxel (z, y, x) whose centre is nearest to a world point (x, y, z) in mm: each continuous index
     * rounded half up ({@code floor(v + 0.5)}). The result may lie outside the grid; check with
     * {@link #contains}.
     */
    public int[] voxelOfWorldMm(double xMm, double yMm, double zMm) {
        double[] c = continuousVoxelOfWorldMm(xMm, yMm, zMm);
        return new int[] {roundHalfUp(c[0]), roundHalfUp(c[1]), roundHalfUp(c[2])};
    }

    /** The inverse affine: 4×4 row-major, world (x, y, z, 1) mm → voxel index (z, y, x, 1). */
    public double[] worldXyzMmToNetZyx() {
        double[] a = netZyxToWorldXyzMm;
        double det = det3(a);
        double[] r = new double[16];
        // adjugate / det of the 3×3 part
        r[0] = (a[5] * a[10] - a[6] * a[9]) / det;
        r[1] = (a[2] * a[9] - a[1] * a[10]) / det;
        r[2] = (a[1] * a[6] - a[2] * a[5]) / det;
        r[4] = (a[6] * a[8] - a[4] * a[10]) / det;
        r[5] = (a[0] * a[10] - a[2] * a[8]) / det;
        r[6] = (a[2] * a[4] - a[0] * a[6]) / det;
        r[8] = (a[4] * a[9] - a[5] * a[8]) / det;
        r[9] = (a[1] * a[8] - a[0] * a[9]) / det;
        r[10] = (a[0] * a[5] - a[1] * a[4]) / det;
        for (int i = 0; i < 3; i++) {
            r[4 * i + 3] = -(r[4 * i] * a[3] + r[4 * i + 1] * a[7] + r[4 * i + 2] * a[11]);
        }
        r[15] = 1;
        return r;
    }

    /** Voxel spacing (z, y, x) in mm: the lengths of the affine's index columns. */
    public double[] spacingZyxMm() {
        double[] a = netZyxToWorldXyzMm;
        return new double[] {columnNorm(a, 0), columnNorm(a, 1), columnNorm(a, 2)};
    }

    /**
     * World bounding box of the grid's voxel extents (centres ± half a voxel), as
     * {@code (xMin, yMin, zMin, xMax, yMax, zMax)} mm.
     */
    public double[] worldBoundsMm() {
        double[] lo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        double[] hi = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        double[] w = new double[3];
        for (int corner = 0; corner < 8; corner++) {
            double z = (corner & 4) != 0 ? shapeZyx[0] - 0.5 : -0.5;
            double y = (corner & 2) != 0 ? shapeZyx[1] - 0.5 : -0.5;
            double x = (corner & 1) != 0 ? shapeZyx[2] - 0.5 : -0.5;
            worldMm(z, y, x, w);
            for (int i = 0; i < 3; i++) {
                lo[i] = Math.min(lo[i], w[i]);
                hi[i] = Math.max(hi[i], w[i]);
            }
        }
        return new double[] {lo[0], lo[1], lo[2], hi[0], hi[1], hi[2]};
    }

    static int roundHalfUp(double v) {
        return (int) Math.floor(v + 0.5);
    }

    private static double columnNorm(double[] a, int col) {
        return Math.sqrt(a[col] * a[col] + a[4 + col] * a[4 + col] + a[8 + col] * a[8 + col]);
    }

    private static double det3(double[] a) {
        return a[0] * (a[5] * a[10] - a[6] * a[9])
                - a[1] * (a[4] * a[10] - a[6] * a[8])
                + a[2] * (a[4] * a[9] - a[5] * a[8]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GridGeometry g && Arrays.equals(shapeZyx, g.shapeZyx)
                && Arrays.equals(netZyxToWorldXyzMm, g.netZyxToWorldXyzMm);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shapeZyx) + Arrays.hashCode(netZyxToWorldXyzMm);
    }

    @Override
    public String toString() {
        return "GridGeometry[zyx " + shapeZyx[0] + "×" + shapeZyx[1] + "×" + shapeZyx[2]
                + ", netZyxToWorldXyzMm=" + Arrays.toString(netZyxToWorldXyzMm) + "]";
    }

    /** Shape as text, e.g. {@code 60×192×192}, for messages. */
    public static String dims(int[] shape) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < shape.length; i++) b.append(i == 0 ? "" : "×").append(shape[i]);
        return b.toString();
    }

    /** Millimetres as text with one decimal, for messages. */
    public static String mm(double v) {
        return String.format(java.util.Locale.ROOT, "%.1f", v);
    }
}

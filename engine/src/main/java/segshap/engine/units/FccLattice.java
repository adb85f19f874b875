package segshap.engine.units;

/**
 * The face-centred cubic lattice in world millimetres and its exact nearest-point rule.
 *
 * <p>With conventional cubic cell edge a (mm) and origin at world (0, 0, 0) mm, the lattice points are
 * {@code (a/2)·D3}, {@code D3 = {u ∈ Z³ : u_x + u_y + u_z even}}: cube corners and face centres, 4 points
 * per a³, each Voronoi cell a rhombic dodecahedron of volume a³/4 spanning exactly a along each axis.
 * Lattice coordinates {@code u} are ordered (x, y, z) like world coordinates.
 *
 * <p>Nearest point (Conway and Sloane's rule for D_n): {@code y = p / (a/2)} per coordinate (one correctly
 * rounded division in double); {@code f = floor(y + 0.5)} (round half up); if {@code Σf} is odd, move the
 * coordinate with the largest rounding error |y_k − f_k| one step towards y_k ({@code +1} when
 * {@code y_k ≥ f_k}). Ties are frequent on CT grids with dyadic spacings, so the rule is fixed: errors within
 * {@link #TIE_TOLERANCE} of each other count as equal and the lowest axis (x, then y, then z) is moved.
 * Example: a = 10 mm, p = (5, 5, 0) mm → y = (1, 1, 0), even sum → lattice point (1, 1, 0), i.e. (5, 5, 0) mm.
 */
public final class FccLattice {
    /** Rounding errors (in units of a/2) closer than this are equal; the lowest axis then moves. */
    public static final double TIE_TOLERANCE = 1e-9;

    private FccLattice() {}

    /**
     * Nearest D3 point to {@code y} (coordinates in units of a/2, order x, y, z), by round-and-fix with the
     * class's tie rule, written into {@code outD3Xyz}.
     */
    public static void nearestD3Point(double yx, double yy, double yz, int[] outD3Xyz) {
        int fx = (int) Math.floor(yx + 0.5), fy = (int) Math.floor(yy + 0.5), fz = (int) Math.floor(yz + 0.5);
        if (((fx + fy + fz) & 1) != 0) {
            double ex = Math.abs(yx - fx), ey = Math.abs(yy - fy), ez = Math.abs(yz - fz);
            int k = 0;
            double ek = ex;
            if (ey > ek + TIE_TOLERANCE) { k = 1; ek = ey; }
            if (ez > ek + TIE_TOLERANCE) k = 2;
            switch (k) {
                case 0 -> fx += yx >= fx ? 1 : -1;
                case 1 -> fy += yy >= fy ? 1 : -1;
                default -> fz += yz >= fz ? 1 : -1;
            }
        }
        outD3Xyz[0] = fx;
        outD3Xyz[1] = fy;
        outD3Xyz[2] = fz;
    }

    /**
     * Nearest lattice point to a world point (x, y, z) mm for cubic edge {@code edgeMm}, as D3 coordinates
     * (x, y, z) written into {@code outD3Xyz}; the point itself is at {@code (edgeMm/2)·outD3Xyz} mm.
     */
    public static void nearestPointOfWorldMm(double xMm, double yMm, double zMm, double edgeMm, int[] outD3Xyz) {
        double half = edgeMm * 0.5;
        nearestD3Point(xMm / half, yMm / half, zMm / half, outD3Xyz);
    }

    /** World position (x, y, z) mm of D3 lattice coordinates {@code d3Xyz} for cubic edge {@code edgeMm}. */
    public static double[] worldMmOfD3Point(int[] d3Xyz, double edgeMm) {
        double half = edgeMm * 0.5;
        return new double[] {d3Xyz[0] * half, d3Xyz[1] * half, d3Xyz[2] * half};
    }
}

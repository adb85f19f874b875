package segshap.engine.demo;

import java.util.Arrays;

/**
 * The voxel grid a phantom is drawn on: shape and spacing in nnU-Net's axis order (z, y, x).
 *
 * <p>z runs from inferior to superior, y from anterior to posterior, x from the patient's right to left
 * (an axial slice {@code [z][y][x]} displays in radiological orientation). The anatomy is centred in y and x
 * and placed in z so that the volume centre lies at the top of the first lumbar vertebra (±15 mm by seed).
 *
 * @param shapeZyx voxels per axis, each ≥ 8
 * @param spacingZyxMm voxel size per axis in mm, each in (0, 20]
 */
public record PhantomGrid(int[] shapeZyx, double[] spacingZyxMm) {
    /** CPU-friendly demo grid: 60 × 192 × 192 voxels at 5.0 × 2.0 × 2.0 mm (300 × 384 × 384 mm, lower chest to L4). */
    public static final PhantomGrid DEMO = new PhantomGrid(new int[] {60, 192, 192}, new double[] {5.0, 2.0, 2.0});

    /** The paper's whole-body grid: 237 × 512 × 512 voxels at 5.0 × 1.17 × 1.17 mm (for benchmarks). */
    public static final PhantomGrid PAPER = new PhantomGrid(new int[] {237, 512, 512}, new double[] {5.0, 1.17, 1.17});

    public PhantomGrid {
        if (shapeZyx.length != 3 || spacingZyxMm.length != 3) {
            throw new IllegalArgumentException("shapeZyx and spacingZyxMm need 3 entries, got "
                    + Arrays.toString(shapeZyx) + " and " + Arrays.toString(spacingZyxMm));
        }
        shapeZyx = shapeZyx.clone();
        spacingZyxMm = spacingZyxMm.clone();
        for (int d = 0; d < 3; d++) {
            if (shapeZyx[d] < 8) throw new IllegalArgumentException("shapeZyx[" + d + "] must be >= 8, got " + shapeZyx[d]);
            if (!(spacingZyxMm[d] > 0 && spacingZyxMm[d] <= 20)) {
                throw new IllegalArgumentException("spacingZyxMm[" + d + "] must be in (0, 20] mm, got " + spacingZyxMm[d]);
            }
        }
        if ((long) shapeZyx[0] * shapeZyx[1] * shapeZyx[2] > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("grid " + Arrays.toString(shapeZyx) + " has more than 2^31-1 voxels");
        }
    }

    /** Voxels per axis (a copy). */
    @Override
    public int[] shapeZyx() {
        return shapeZyx.clone();
    }

    /** Voxel size per axis in mm (a copy). */
    @Override
    public double[] spacingZyxMm() {
        return spacingZyxMm.clone();
    }

    /** Number of voxels. */
    public int voxelCount() {
        return shapeZyx[0] * shapeZyx[1] * shapeZyx[2];
    }

    /**
     * The NIfTI affine of this grid, 4×4 row-major: voxel index (i, j, k) → RAS+ world mm, for the array
     * indexed (x, y, z), i.e. the nnU-Net (z, y, x) array transposed.
     *
     * <p>It is {@code diag(-sx, -sy, sz)} plus an offset: i (x) grows towards the patient's left, so world R
     * decreases; j (y) grows towards posterior, so world A decreases; k (z) grows towards superior. This is the
     * affine SimpleITK writes for an axial CT with identity LPS direction. The world origin is the centre of the
     * volume in x and y; world z is the phantom's anatomical height ({@code 0} = top of the L1 vertebral body
     * ±15 mm),
     * so the same seed draws the same anatomy at the same world positions on every grid.
     *
     * <p>Example for {@link #DEMO}: voxel (0, 0, 0) maps to (191, 191, −147.5) mm and voxel (191, 191, 59) to
     * (−191, −191, 147.5) mm.
     */
    public double[] affineVoxelToRasMm() {
        double sz = spacingZyxMm[0], sy = spacingZyxMm[1], sx = spacingZyxMm[2];
        return new double[] {
            -sx, 0, 0, -uOfX(0),
            0, -sy, 0, -vOfY(0),
            0, 0, sz, wOfZ(0),
            0, 0, 0, 1
        };
    }

    // Phantom coordinates in mm: u = patient-left, v = posterior, w = superior; world RAS = (-u, -v, w).
    double uOfX(double x) {
        return (x - (shapeZyx[2] - 1) / 2.0) * spacingZyxMm[2];
    }

    double vOfY(double y) {
        return (y - (shapeZyx[1] - 1) / 2.0) * spacingZyxMm[1];
    }

    double wOfZ(double z) {
        return (z - (shapeZyx[0] - 1) / 2.0) * spacingZyxMm[0];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PhantomGrid g && Arrays.equals(shapeZyx, g.shapeZyx) && Arrays.equals(spacingZyxMm, g.spacingZyxMm);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shapeZyx) + Arrays.hashCode(spacingZyxMm);
    }

    @Override
    public String toString() {
        return "PhantomGrid" + Arrays.toString(shapeZyx) + " @ " + Arrays.toString(spacingZyxMm) + " mm";
    }
}

package segshap.kernels.nifti;

import java.util.Arrays;
import segshap.kernels.tensor.FloatTensor;

/**
 * A 3D NIfTI volume: its grid (shape, voxel-to-world affine, pixdim) and its values as float32 in
 * nnU-Net's (z, y, x) axis order.
 *
 * <p>NIfTI indexes voxels (i, j, k) with i fastest on disk; {@code dataZyx} is that array transposed
 * (2,1,0), i.e. {@code dataZyx[k][j][i]}, which has the very same flat layout as the file. The affine maps
 * (i, j, k, 1) to world millimetres in the NIfTI frame, RAS+ as nibabel's {@code img.affine}: +x towards the
 * patient's right, +y anterior, +z superior.
 * Example: a 60×70×40 (x,y,z) CT with spacing 0.8×0.8×2 mm and affine diag(0.8, 0.8, 2, 1) has
 * {@code shapeZyx() = [40, 70, 60]}, {@code spacingZyxMm() = [2, 0.8, 0.8]}, and voxel zyx (1, 0, 10)
 * lies at world (8, 0, 2) mm.
 *
 * <p>Arrays are copied in and out; the tensor is owned by the record and must not be mutated.
 *
 * @param shapeXyz  extents (nx, ny, nz), each ≥ 1
 * @param affine    4×4 row-major voxel (i, j, k) → world mm matrix, finite, last row (0, 0, 0, 1)
 * @param pixdimXyz voxel sizes in mm from the header (pixdim[1..3], as nibabel's {@code get_zooms()}),
 *                  each &gt; 0
 * @param dataType  the stored datatype (of the file read, or to write)
 * @param dataZyx   values after scl_slope/scl_inter, shape (nz, ny, nx)
 * @param sclSlope  the slope that was applied to the stored values (1 when the header had none)
 * @param sclInter  the intercept that was applied (0 when the header had none)
 */
public record NiftiImage(int[] shapeXyz, double[] affine, double[] pixdimXyz, NiftiDataType dataType,
        FloatTensor dataZyx, float sclSlope, float sclInter) {

    public NiftiImage {
        if (shapeXyz == null || shapeXyz.length != 3) {
            throw new IllegalArgumentException("shapeXyz must have 3 extents, got " + Arrays.toString(shapeXyz));
        }
        shapeXyz = shapeXyz.clone();
        for (int n : shapeXyz) {
            if (n < 1) throw new IllegalArgumentException("shapeXyz extents must be >= 1, got " + Arrays.toString(shapeXyz));
        }
        if (affine == null || affine.length != 16) {
            throw new IllegalArgumentException("affine must have 16 values (4x4 row-major), got "
                    + (affine == null ? "null" : affine.length));
        }
        affine = affine.clone();
        for (double a : affine) {
            if (!Double.isFinite(a)) throw new IllegalArgumentException("affine has a non-finite value: " + Arrays.toString(affine));
        }
        if (affine[12] != 0 || affine[13] != 0 || affine[14] != 0 || affine[15] != 1) {
            throw new IllegalArgumentException("affine last row must be (0, 0, 0, 1), got ("
                    + affine[12] + ", " + affine[13] + ", " + affine[14] + ", " + affine[15] + ")");
        }
        if (pixdimXyz == null || pixdimXyz.length != 3) {
            throw new IllegalArgumentException("pixdimXyz must have 3 values, got " + Arrays.toString(pixdimXyz));
        }
        pixdimXyz = pixdimXyz.clone();
        for (double p : pixdimXyz) {
            if (!(p > 0) || !Double.isFinite(p)) {
                throw new IllegalArgumentException("pixdimXyz values must be finite and > 0, got " + Arrays.toString(pixdimXyz));
            }
        }
        if (dataType == null) throw new IllegalArgumentException("dataType must not be null");
        if (dataZyx == null) throw new IllegalArgumentException("dataZyx must not be null");
        int[] zyx = {shapeXyz[2], shapeXyz[1], shapeXyz[0]};
        if (!Arrays.equals(dataZyx.shape(), zyx)) {
            throw new IllegalArgumentException("dataZyx shape " + Arrays.toString(dataZyx.shape())
                    + " does not match shapeXyz " + Arrays.toString(shapeXyz) + " (expected zyx " + Arrays.toString(zyx) + ")");
        }
    }

    /** Extents (nx, ny, nz) (a copy). */
    @Override
    public int[] shapeXyz() {
        return shapeXyz.clone();
    }

    /** The 4×4 row-major voxel → world mm affine (a copy). */
    @Override
    public double[] affine() {
        return affine.clone();
    }

    /** Header voxel sizes (x, y, z) in mm (a copy). */
    @Override
    public double[] pixdimXyz() {
        return pixdimXyz.clone();
    }

    /** Extents in nnU-Net order (nz, ny, nx). */
    public int[] shapeZyx() {
        return new int[] {shapeXyz[2], shapeXyz[1], shapeXyz[0]};
    }

    /** Voxel sizes in nnU-Net order (z, y, x), mm: pixdim reversed, as nnU-Net's NibabelIO reports them. */
    public double[] spacingZyxMm() {
        return new double[] {Math.abs(pixdimXyz[2]), Math.abs(pixdimXyz[1]), Math.abs(pixdimXyz[0])};
    }

    /**
     * World position (x, y, z) in mm of a (possibly fractional) voxel position given in (z, y, x) order.
     *
     * @param z voxel index along k (slowest axis), any real value
     * @param y voxel index along j
     * @param x voxel index along i (fastest axis)
     * @return world (x, y, z) mm in the affine's frame
     */
    public double[] worldMmOfVoxelZyx(double z, double y, double x) {
        double[] w = new double[3];
        for (int r = 0; r < 3; r++) {
            w[r] = affine[4 * r] * x + affine[4 * r + 1] * y + affine[4 * r + 2] * z + affine[4 * r + 3];
        }
        return w;
    }

    /**
     * Voxel position (z, y, x), fractional, of a world point: the inverse of {@link #worldMmOfVoxelZyx}.
     *
     * @param worldXyz world (x, y, z) in mm, 3 values
     * @return voxel position (z, y, x); round it to get the nearest voxel
     * @throws IllegalArgumentException if worldXyz does not have 3 values or the affine's 3×3 part is singular
     */
    public double[] voxelZyxOfWorldMm(double[] worldXyz) {
        if (worldXyz == null || worldXyz.length != 3) {
            throw new IllegalArgumentException("worldXyz must have 3 values, got " + Arrays.toString(worldXyz));
        }
        double[] m = {affine[0], affine[1], affine[2], affine[4], affine[5], affine[6], affine[8], affine[9], affine[10]};
        double[] inv = QformMath.invert3x3(m);
        double dx = worldXyz[0] - affine[3];
        double dy = worldXyz[1] - affine[7];
        double dz = worldXyz[2] - affine[11];
        double i = inv[0] * dx + inv[1] * dy + inv[2] * dz;
        double j = inv[3] * dx + inv[4] * dy + inv[5] * dz;
        double k = inv[6] * dx + inv[7] * dy + inv[8] * dz;
        return new double[] {k, j, i};
    }

    /**
     * Whether {@code other} lies on the same voxel grid: equal shape and every affine entry within
     * {@code tolMm} (rotation/scale entries are compared with the same tolerance).
     *
     * @param tolMm largest allowed absolute difference per affine entry, ≥ 0 (1e-4 suits float32 headers)
     */
    public boolean sameGridAs(NiftiImage other, double tolMm) {
        if (!(tolMm >= 0)) throw new IllegalArgumentException("tolMm must be >= 0, got " + tolMm);
        if (!Arrays.equals(shapeXyz, other.shapeXyz)) return false;
        for (int i = 0; i < 16; i++) {
            if (!(Math.abs(affine[i] - other.affine[i]) <= tolMm)) return false;
        }
        return true;
    }

    /**
     * The same grid (shape, affine, pixdim) holding other values, e.g. a label map or attribution map to
     * write next to the CT it was computed from. The new image has slope 1 and intercept 0.
     *
     * @param newDataZyx values, shape {@link #shapeZyx()}
     * @param newType    datatype to store them as
     */
    public NiftiImage withData(FloatTensor newDataZyx, NiftiDataType newType) {
        return new NiftiImage(shapeXyz, affine, pixdimXyz, newType, newDataZyx, 1f, 0f);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NiftiImage n && Arrays.equals(shapeXyz, n.shapeXyz) && Arrays.equals(affine, n.affine)
                && Arrays.equals(pixdimXyz, n.pixdimXyz) && dataType == n.dataType && dataZyx.equals(n.dataZyx)
                && Float.compare(sclSlope, n.sclSlope) == 0 && Float.compare(sclInter, n.sclInter) == 0;
    }

    @Override
    public int hashCode() {
        int h = Arrays.hashCode(shapeXyz);
        h = 31 * h + Arrays.hashCode(affine);
        h = 31 * h + Arrays.hashCode(pixdimXyz);
        h = 31 * h + dataType.hashCode();
        h = 31 * h + dataZyx.hashCode();
        return 31 * h + Float.hashCode(sclSlope) * 17 + Float.hashCode(sclInter);
    }

    @Override
    public String toString() {
        return "NiftiImage[shapeXyz=" + Arrays.toString(shapeXyz) + ", dataType=" + dataType + ", pixdimXyz="
                + Arrays.toString(pixdimXyz) + ", affine=" + Arrays.toString(affine) + "]";
    }
}

package segshap.kernels.nifti;

/**
 * NIfTI qform ↔ affine conversion and small 3×3 helpers. Matrices are row-major double arrays.
 *
 * <p>qform (NIfTI-1 standard, section "METHOD 2"): R = rotation of the unit quaternion (a, b, c, d) with
 * a = √(1 − b² − c² − d²); affine[:3,:3] = R · diag(dx, dy, qfac·dz); translation = qoffset.
 */
final class QformMath {
    /** Header fields that encode an affine as a qform. */
    record Qform(double b, double c, double d, double qoffsetX, double qoffsetY, double qoffsetZ,
            double pixdimX, double pixdimY, double pixdimZ, double qfac) {}

    private static final int POLAR_MAX_ITERATIONS = 100;
    // Newton's polar iteration converges quadratically; this is a few ulps of an orthogonal matrix
    private static final double POLAR_CONVERGED = 1e-14;

    private QformMath() {}

    /**
     * The 4×4 affine of a qform, with nibabel's reading rules: a = 0 when b² + c² + d² exceeds 1 by at most
     * {@code w2Tolerance} (float rounding); the quaternion need not be exactly unit (R uses s = 2/|q|²).
     *
     * @return the affine, or null when b² + c² + d² exceeds 1 by more than the tolerance
     */
    static double[] affineOfQform(double b, double c, double d, double qx, double qy, double qz,
            double dx, double dy, double dz, double qfac, double w2Tolerance) {
        double w2 = 1.0 - (b * b + c * c + d * d);
        double a;
        if (w2 < 0) {
            if (w2 < -w2Tolerance) return null;
            a = 0;
        } else {
            a = Math.sqrt(w2);
        }
        double[] r = rotationOfQuaternion(a, b, c, d);
        double[] zooms = {dx, dy, dz * qfac};
        double[] out = new double[16];
        for (int row = 0; row < 3; row++) {
            for (int col = 0; col < 3; col++) out[4 * row + col] = r[3 * row + col] * zooms[col];
        }
        out[3] = qx;
        out[7] = qy;
        out[11] = qz;
        out[15] = 1;
        return out;
    }

    /** Rotation matrix of quaternion (w, x, y, z); a non-unit quaternion is normalised through s = 2/|q|². */
    static double[] rotationOfQuaternion(double w, double x, double y, double z) {
        double n = w * w + x * x + y * y + z * z;
        if (n < 1e-300) return new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
        double s = 2.0 / n;
        double xs = x * s, ys = y * s, zs = z * s;
        double wx = w * xs, wy = w * ys, wz = w * zs;
        double xx = x * xs, xy = x * ys, xz = x * zs;
        double yy = y * ys, yz = y * zs, zz = z * zs;
        return new double[] {
            1 - (yy + zz), xy - wz, xz + wy,
            xy + wz, 1 - (xx + zz), yz - wx,
            xz - wy, yz + wx, 1 - (xx + yy)};
    }

    /**
     * The qform closest to an affine, as nibabel's {@code set_qform}: pixdim = column norms; a reflection
     * (det &lt; 0) becomes qfac = −1 with the third column negated; shears are removed by taking the
     * orthogonal polar factor of the rotation part.
     *
     * @throws IllegalArgumentException if a column of the affine's 3×3 part is zero or the part is singular
     */
    static Qform qformOfAffine(double[] affine) {
        double[] rzs = {affine[0], affine[1], affine[2], affine[4], affine[5], affine[6], affine[8], affine[9], affine[10]};
        double[] zooms = new double[3];
        for (int col = 0; col < 3; col++) {
            double n = Math.sqrt(rzs[col] * rzs[col] + rzs[3 + col] * rzs[3 + col] + rzs[6 + col] * rzs[6 + col]);
            if (!(n > 0)) throw new IllegalArgumentException("affine column " + col + " is zero: " + java.util.Arrays.toString(affine));
            zooms[col] = n;
        }
        double[] r = new double[9];
        for (int i = 0; i < 9; i++) r[i] = rzs[i] / zooms[i % 3];
        double qfac = 1;
        if (det3x3(r) <= 0) {
            qfac = -1;
            r[2] = -r[2];
            r[5] = -r[5];
            r[8] = -r[8];
        }
        double[] rot = orthogonalPolarFactor(r);
        double[] q = quaternionOfRotation(rot);
        return new Qform(q[1], q[2], q[3], affine[3], affine[7], affine[11], zooms[0], zooms[1], zooms[2], qfac);
    }

    /**
     * Orthogonal factor U of the polar decomposition M = U·P, by Newton's iteration U ← (U + U⁻ᵀ)/2
     * (Higham 1986); equals P·Qᵀ from the SVD M = P·S·Qᵀ that nibabel uses.
     */
    static double[] orthogonalPolarFactor(double[] m) {
        double[] u = m.clone();
        for (int it = 0; it < POLAR_MAX_ITERATIONS; it++) {
            double[] inv = invert3x3(u);
            double change = 0;
            double[] next = new double[9];
            for (int row = 0; row < 3; row++) {
                for (int col = 0; col < 3; col++) {
                    // (U⁻ᵀ)[row][col] = (U⁻¹)[col][row]
                    next[3 * row + col] = 0.5 * (u[3 * row + col] + inv[3 * col + row]);
                    change = Math.max(change, Math.abs(next[3 * row + col] - u[3 * row + col]));
                }
            }
            u = next;
            if (change < POLAR_CONVERGED) break;
        }
        return u;
    }

    /** Unit quaternion (w, x, y, z) with w ≥ 0 of a proper rotation matrix (Shepperd's method). */
    static double[] quaternionOfRotation(double[] r) {
        double trace = r[0] + r[4] + r[8];
        double w, x, y, z;
        if (trace > 0) {
            double s = 2 * Math.sqrt(1 + trace); // s = 4w
            w = s / 4;
            x = (r[7] - r[5]) / s;
            y = (r[2] - r[6]) / s;
            z = (r[3] - r[1]) / s;
        } else if (r[0] >= r[4] && r[0] >= r[8]) {
            double s = 2 * Math.sqrt(1 + r[0] - r[4] - r[8]); // s = 4x
            w = (r[7] - r[5]) / s;
            x = s / 4;
            y = (r[1] + r[3]) / s;
            z = (r[2] + r[6]) / s;
        } else if (r[4] >= r[8]) {
            double s = 2 * Math.sqrt(1 + r[4] - r[0] - r[8]); // s = 4y
            w = (r[2] - r[6]) / s;
            x = (r[1] + r[3]) / s;
            y = s / 4;
            z = (r[5] + r[7]) / s;
        } else {
            double s = 2 * Math.sqrt(1 + r[8] - r[0] - r[4]); // s = 4z
            w = (r[3] - r[1]) / s;
            x = (r[2] + r[6]) / s;
            y = (r[5] + r[7]) / s;
            z = s / 4;
        }
        double n = Math.sqrt(w * w + x * x + y * y + z * z);
        double sign = w < 0 ? -1 : 1; // NIfTI stores only b, c, d and assumes a ≥ 0
        return new double[] {sign * w / n, sign * x / n, sign * y / n, sign * z / n};
    }

    static double det3x3(double[] m) {
        return m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
    }

    /**
     * Inverse of a row-major 3×3 matrix.
     *
     * @throws IllegalArgumentException if the matrix is singular
     */
    static double[] invert3x3(double[] m) {
        double det = det3x3(m);
        if (det == 0 || !Double.isFinite(det)) {
            throw new IllegalArgumentException("singular 3x3 matrix (det " + det + "): " + java.util.Arrays.toString(m));
        }
        double id = 1 / det;
        return new double[] {
            (m[4] * m[8] - m[5] * m[7]) * id, (m[2] * m[7] - m[1] * m[8]) * id, (m[1] * m[5] - m[2] * m[4]) * id,
            (m[5] * m[6] - m[3] * m[8]) * id, (m[0] * m[8] - m[2] * m[6]) * id, (m[2] * m[3] - m[0] * m[5]) * id,
            (m[3] * m[7] - m[4] * m[6]) * id, (m[1] * m[6] - m[0] * m[7]) * id, (m[0] * m[4] - m[1] * m[3]) * id};
    }
}

package segshap.kernels.window;

import java.util.Arrays;
import segshap.kernels.tensor.Float16;

/**
 * The weight map nnU-Net blends overlapping tiles with ({@code compute_gaussian(patch, 1/8, 10)}): a 3-D
 * Gaussian with σ = patch/8 per axis centred at {@code patch // 2}, scaled so its maximum is 10.
 *
 * <p>Computed as scipy's {@code gaussian_filter} of a unit impulse computes it, in double: per axis the 1-D
 * kernel {@code k[t] = e_t / Σ_{|u|≤r} e_u} with {@code e_t = exp((−0.5/σ²)·t²)}, {@code r = int(4σ + 0.5)}
 * (the sum in numpy's pairwise order), multiplied as {@code (k_z·k_y)·k_x}; then divided by
 * {@code max/10}. The {@link AccumulationMode#NNUNET_FLOAT16} map is that rounded to binary16 with exact
 * zeros (tile corners) replaced by the smallest non-zero value, as nnU-Net does so fusion never divides
 * by zero; the float32 map has no zeros.
 *
 * <p>Example: patch {@code 16×32×32} → maximum 10.0 at {@code (8,16,16)}; the float16 map has 73 corner
 * voxels at 2⁻²⁴ ≈ 5.96e-8, the float32 map a minimum of 3.78e-10.
 */
public final class GaussianImportanceMap {
    /** σ as a fraction of the patch extent (nnU-Net's {@code sigma_scale}). */
    public static final double SIGMA_SCALE = 1.0 / 8;
    /** The map's maximum (nnU-Net's {@code value_scaling_factor}). */
    public static final double VALUE_SCALING_FACTOR = 10;

    private final int[] patchZyx;
    private final AccumulationMode mode;
    final float[] values; // (Z,Y,X); read-only after construction

    private GaussianImportanceMap(int[] patchZyx, AccumulationMode mode, float[] values) {
        this.patchZyx = patchZyx;
        this.mode = mode;
        this.values = values;
    }

    /**
     * nnU-Net's Gaussian for a patch, in the number format of {@code mode}.
     *
     * @param patchZyx tile extent, each ≥ 1
     */
    public static GaussianImportanceMap of(int[] patchZyx, AccumulationMode mode) {
        if (patchZyx.length != 3 || patchZyx[0] < 1 || patchZyx[1] < 1 || patchZyx[2] < 1) {
            throw new IllegalArgumentException("patchZyx must be three extents ≥ 1, got " + Arrays.toString(patchZyx));
        }
        int[] p = patchZyx.clone();
        double[] kz = kernel1d(p[0]), ky = kernel1d(p[1]), kx = kernel1d(p[2]);
        double max = (kz[p[0] / 2] * ky[p[1] / 2]) * kx[p[2] / 2];
        double divisor = max / VALUE_SCALING_FACTOR;
        float[] v = new float[p[0] * p[1] * p[2]];
        int i = 0;
        for (int z = 0; z < p[0]; z++) {
            for (int y = 0; y < p[1]; y++) {
                double zy = kz[z] * ky[y];
                for (int x = 0; x < p[2]; x++) {
                    // torch converts float64 to float16 through float32 (c10::Half has a float constructor)
                    float f = (float) ((zy * kx[x]) / divisor);
                    v[i++] = mode == AccumulationMode.NNUNET_FLOAT16 ? Float16.round(f) : f;
                }
            }
        }
        if (mode == AccumulationMode.NNUNET_FLOAT16) replaceZerosBySmallestNonZero(v);
        return new GaussianImportanceMap(p, mode, v);
    }

    /** The float32 map. */
    public static GaussianImportanceMap float32(int[] patchZyx) {
        return of(patchZyx, AccumulationMode.FLOAT32);
    }

    /** nnU-Net's default float16 map (values returned as float32). */
    public static GaussianImportanceMap nnunetFloat16(int[] patchZyx) {
        return of(patchZyx, AccumulationMode.NNUNET_FLOAT16);
    }

    /** Tile extent {@code (z, y, x)}. */
    public int[] patchZyx() { return patchZyx.clone(); }

    /** The number format of the values. */
    public AccumulationMode mode() { return mode; }

    /** The weight at a voxel of the tile. */
    public float valueAt(int z, int y, int x) {
        return values[(z * patchZyx[1] + y) * patchZyx[2] + x];
    }

    /** A copy of the map, {@code (Z, Y, X)} C order. */
    public float[] values() { return values.clone(); }

    /** The 1-D kernel of scipy's gaussian_filter (σ = p/8, truncate 4) evaluated on {@code [0, p)}, centre p//2. */
    private static double[] kernel1d(int p) {
        double sigma = p * SIGMA_SCALE;
        int radius = (int) (4.0 * sigma + 0.5);
        double[] e = new double[2 * radius + 1];
        double coefficient = -0.5 / (sigma * sigma);
        for (int t = -radius; t <= radius; t++) e[t + radius] = StrictMath.exp(coefficient * ((double) t * t));
        double sum = pairwiseSum(e, 0, e.length);
        int centre = p / 2;
        double[] k = new double[p];
        for (int i = 0; i < p; i++) {
            int t = i - centre;
            k[i] = Math.abs(t) <= radius ? e[t + radius] / sum : 0;
        }
        return k;
    }

    /** numpy's pairwise summation of float64 (8 partial sums below 128 elements, halves above). */
    static double pairwiseSum(double[] a, int from, int n) {
        if (n < 8) {
            double res = 0;
            for (int i = 0; i < n; i++) res += a[from + i];
            return res;
        }
        if (n <= 128) {
            double[] r = new double[8];
            System.arraycopy(a, from, r, 0, 8);
            int i = 8;
            for (; i < n - n % 8; i += 8) {
                for (int j = 0; j < 8; j++) r[j] += a[from + i + j];
            }
            double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) res += a[from + i];
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return pairwiseSum(a, from, n2) + pairwiseSum(a, from + n2, n - n2);
    }

    private static void replaceZerosBySmallestNonZero(float[] v) {
        float min = Float.POSITIVE_INFINITY;
        for (float f : v) if (f != 0 && f < min) min = f;
        for (int i = 0; i < v.length; i++) if (v[i] == 0) v[i] = min;
    }
}

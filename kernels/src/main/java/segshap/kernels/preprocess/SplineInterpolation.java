package segshap.kernels.preprocess;

import java.util.function.IntConsumer;

/**
 * {@code scipy.ndimage.zoom(x, new/old, order, mode='nearest', grid_mode=True)} (scipy 1.10) in double, for
 * 2D and 3D arrays, reproducing scipy's arithmetic operation by operation so that results agree to the last
 * bit in nearly every voxel.
 *
 * <p>What scipy does, and so what happens here:
 * <ol>
 * <li>order ≥ 2: the input is edge-padded by {@value #PREPAD} voxels on every side, then turned into cubic
 *     B-spline coefficients along axis 0, 1, 2 in turn (gain {@code (1−z)(1−1/z)}, pole {@code z = √3−2},
 *     causal initialisation of the "reflect" boundary as written in scipy 1.10 {@code _init_causal_reflect},
 *     whose loop reads the already-updated first coefficient at its last step, then the two recursions).</li>
 * <li>Output index {@code k} on an axis maps to {@code cc = ((k + 0.5)·scale − 0.5) + pad}, scale = old/new.</li>
 * <li>Taps start at {@code floor(cc) − order/2} (odd order) or {@code floor(cc + 0.5)} (order 0); tap indices
 *     outside the array are clamped (mode nearest); weights are scipy's {@code get_spline_interpolation_weights},
 *     the last weight being 1 minus the others.</li>
 * <li>The value is {@code Σ_taps ((c·w_z)·w_y)·w_x}, summed in C order of the taps.</li>
 * </ol>
 * {@code map_coordinates} on the separable grids nnU-Net builds for its separate-z step uses exactly the same
 * coordinates and arithmetic, so {@link #zoom} serves both.
 */
final class SplineInterpolation {
    /** scipy {@code _prepad_for_spline_filter}: edge padding for mode 'nearest' before the prefilter. */
    static final int PREPAD = 12;
    /** √3 − 2, the cubic B-spline pole, as the decimal literal scipy uses. */
    private static final double CUBIC_POLE = -0.267949192431122706472553658494127633;
    /** Inner-index chunk of the prefilter: lines filtered side by side for cache-friendly access. */
    private static final int PREFILTER_CHUNK = 256;

    private SplineInterpolation() {}

    /**
     * zoom with grid_mode on a 2D or 3D double array; no clipping. {@code order} 0, 1 or 3.
     *
     * @param parallel whether to use several threads (false inside a task that is itself run in parallel)
     */
    static double[] zoom(double[] src, int[] shape, int[] newShape, int order, boolean parallel) {
        int rank = shape.length;
        double[] coefficients = src;
        int[] coefficientShape = shape;
        int pad = 0;
        if (order > 1) {
            pad = PREPAD;
            coefficientShape = new int[rank];
            for (int d = 0; d < rank; d++) coefficientShape[d] = shape[d] + 2 * PREPAD;
            coefficients = padEdge(src, shape, PREPAD);
            prefilterCubic(coefficients, coefficientShape, parallel);
        }
        AxisSampling[] axes = new AxisSampling[rank];
        for (int d = 0; d < rank; d++) {
            double scale = (double) shape[d] / newShape[d];
            axes[d] = AxisSampling.of(coefficientShape[d], newShape[d], scale, pad, order);
        }
        int size = 1;
        for (int n : newShape) size *= n;
        double[] out = new double[size];
        if (rank == 3) {
            evaluate3d(coefficients, coefficientShape, axes, order, out, parallel);
        } else if (rank == 2) {
            evaluate2d(coefficients, coefficientShape, axes, order, out);
        } else {
            throw new IllegalArgumentException("zoom supports 2D and 3D arrays, got rank " + rank);
        }
        return out;
    }

    /** Taps and weights of one axis for every output index. */
    static final class AxisSampling {
        final int taps;       // order + 1
        final int[] index;    // [k * taps + h], clamped to [0, length - 1]
        final double[] weight; // [k * taps + h]

        private AxisSampling(int taps, int count) {
            this.taps = taps;
            this.index = new int[count * taps];
            this.weight = new double[count * taps];
        }

        static AxisSampling of(int length, int count, double scale, int pad, int order) {
            int taps = order + 1;
            AxisSampling s = new AxisSampling(taps, count);
            double[] w = new double[taps];
            for (int k = 0; k < count; k++) {
                double cc = k;
                cc += 0.5;
                cc *= scale;
                cc -= 0.5;
                cc += pad;
                long start = (order & 1) == 1 ? (long) Math.floor(cc) - order / 2 : (long) Math.floor(cc + 0.5) - order / 2;
                splineWeights(cc, order, w);
                for (int h = 0; h < taps; h++) {
                    long i = start + h;
                    s.index[k * taps + h] = (int) Math.max(0, Math.min(length - 1, i));
                    s.weight[k * taps + h] = w[h];
                }
            }
            return s;
        }
    }

    /** scipy {@code get_spline_interpolation_weights} for orders 0, 1, 3. */
    static void splineWeights(double cc, int order, double[] w) {
        if (order == 0) {
            w[0] = 1.0; // unused: order 0 reads the coefficient without a weight
            return;
        }
        double x = cc - Math.floor((order & 1) == 1 ? cc : cc + 0.5);
        if (order == 1) {
            w[0] = 1.0 - x;
        } else if (order == 3) {
            double y = x;
            double z = 1.0 - x;
            w[1] = (y * y * (y - 2.0) * 3.0 + 4.0) / 6.0;
            w[2] = (z * z * (z - 2.0) * 3.0 + 4.0) / 6.0;
            w[0] = z * z * z / 6.0;
        } else {
            throw new IllegalArgumentException("spline order must be 0, 1 or 3, got " + order);
        }
        // all weights add to 1: scipy computes the last one as the remainder
        w[order] = 1.0;
        for (int i = 0; i < order; i++) w[order] -= w[i];
    }

    /** numpy {@code pad(x, pad, mode='edge')} for a 2D or 3D array. */
    static double[] padEdge(double[] src, int[] shape, int pad) {
        int rank = shape.length;
        int nz = rank == 3 ? shape[0] : 1, ny = shape[rank - 2], nx = shape[rank - 1];
        int pz = rank == 3 ? nz + 2 * pad : 1, py = ny + 2 * pad, px = nx + 2 * pad;
        int padZ = rank == 3 ? pad : 0;
        double[] out = new double[pz * py * px];
        int o = 0;
        for (int z = 0; z < pz; z++) {
            int sz = clamp(z - padZ, nz);
            for (int y = 0; y < py; y++) {
                int row = (sz * ny + clamp(y - pad, ny)) * nx;
                for (int x = 0; x < px; x++) out[o++] = src[row + clamp(x - pad, nx)];
            }
        }
        return out;
    }

    private static int clamp(int i, int n) {
        return i < 0 ? 0 : (i >= n ? n - 1 : i);
    }

    /** Cubic B-spline coefficients in place, along every axis in order (scipy {@code spline_filter}, mode nearest). */
    static void prefilterCubic(double[] c, int[] shape, boolean parallel) {
        for (int axis = 0; axis < shape.length; axis++) {
            int n = shape[axis];
            if (n <= 1) continue; // scipy leaves lines of length 1 alone
            int inner = 1, outer = 1;
            for (int d = axis + 1; d < shape.length; d++) inner *= shape[d];
            for (int d = 0; d < axis; d++) outer *= shape[d];
            int chunk = Math.min(inner, PREFILTER_CHUNK);
            int chunksPerOuter = (inner + chunk - 1) / chunk;
            int innerStride = inner;
            int tasks = outer * chunksPerOuter;
            IntConsumer task = t -> {
                int o = t / chunksPerOuter;
                int j0 = (t % chunksPerOuter) * chunk;
                filterLines(c, o * n * innerStride, n, innerStride, j0, Math.min(innerStride, j0 + chunk));
            };
            if (parallel) {
                Parallel.forEach(tasks, task);
            } else {
                for (int t = 0; t < tasks; t++) task.accept(t);
            }
        }
    }

    // Lines base + j + i·stride, i in [0, n), for j in [j0, j1), filtered side by side.
    private static void filterLines(double[] c, int base, int n, int stride, int j0, int j1) {
        final double z = CUBIC_POLE;
        double gain = 1.0;
        gain *= (1.0 - z) * (1.0 - 1.0 / z);
        for (int i = 0; i < n; i++) {
            int p = base + i * stride;
            for (int j = j0; j < j1; j++) c[p + j] *= gain;
        }
        // causal initialisation, scipy 1.10 _init_causal_reflect: at i = n−1 the mirrored term is the running c[0]
        double zn = Math.pow(z, n);
        double[] first = new double[j1 - j0];
        int last = base + (n - 1) * stride;
        for (int j = j0; j < j1; j++) {
            first[j - j0] = c[base + j];
            c[base + j] = c[base + j] + zn * c[last + j];
        }
        double zi = z;
        for (int i = 1; i < n; i++) {
            int p = base + i * stride, m = base + (n - 1 - i) * stride;
            for (int j = j0; j < j1; j++) c[base + j] += zi * (c[p + j] + zn * c[m + j]);
            zi *= z;
        }
        double causalFactor = z / (1 - zn * zn);
        for (int j = j0; j < j1; j++) {
            c[base + j] *= causalFactor;
            c[base + j] += first[j - j0];
        }
        for (int i = 1; i < n; i++) {
            int p = base + i * stride;
            for (int j = j0; j < j1; j++) c[p + j] += z * c[p - stride + j];
        }
        double anticausalFactor = z / (z - 1);
        for (int j = j0; j < j1; j++) c[last + j] *= anticausalFactor;
        for (int i = n - 2; i >= 0; i--) {
            int p = base + i * stride;
            for (int j = j0; j < j1; j++) c[p + j] = z * (c[p + stride + j] - c[p + j]);
        }
    }

    private static void evaluate3d(double[] c, int[] shape, AxisSampling[] axes, int order, double[] out,
                                   boolean parallel) {
        AxisSampling sz = axes[0], sy = axes[1], sx = axes[2];
        int taps = order + 1;
        int outZ = sz.index.length / taps, outY = sy.index.length / taps, outX = sx.index.length / taps;
        int ny = shape[1], nx = shape[2];
        IntConsumer slice = oz -> {
            for (int oy = 0; oy < outY; oy++) {
                int o = (oz * outY + oy) * outX;
                for (int ox = 0; ox < outX; ox++) {
                    double t = 0.0;
                    for (int a = 0; a < taps; a++) {
                        int iz = sz.index[oz * taps + a] * ny;
                        double wz = sz.weight[oz * taps + a];
                        for (int b = 0; b < taps; b++) {
                            int izy = (iz + sy.index[oy * taps + b]) * nx;
                            double wy = sy.weight[oy * taps + b];
                            for (int e = 0; e < taps; e++) {
                                double coeff = c[izy + sx.index[ox * taps + e]];
                                if (order > 0) {
                                    coeff *= wz;
                                    coeff *= wy;
                                    coeff *= sx.weight[ox * taps + e];
                                }
                                t += coeff;
                            }
                        }
                    }
                    out[o + ox] = t;
                }
            }
        };
        if (parallel) {
            Parallel.forEach(outZ, slice);
        } else {
            for (int oz = 0; oz < outZ; oz++) slice.accept(oz);
        }
    }

    private static void evaluate2d(double[] c, int[] shape, AxisSampling[] axes, int order, double[] out) {
        AxisSampling sy = axes[0], sx = axes[1];
        int taps = order + 1;
        int outY = sy.index.length / taps, outX = sx.index.length / taps;
        int nx = shape[1];
        for (int oy = 0; oy < outY; oy++) {
            int o = oy * outX;
            for (int ox = 0; ox < outX; ox++) {
                double t = 0.0;
                for (int b = 0; b < taps; b++) {
                    int iy = sy.index[oy * taps + b] * nx;
                    double wy = sy.weight[oy * taps + b];
                    for (int e = 0; e < taps; e++) {
                        double coeff = c[iy + sx.index[ox * taps + e]];
                        if (order > 0) {
                            coeff *= wy;
                            coeff *= sx.weight[ox * taps + e];
                        }
                        t += coeff;
                    }
                }
                out[o + ox] = t;
            }
        }
    }
}

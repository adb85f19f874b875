package segshap.kernels.preprocess;

import java.util.Arrays;
import segshap.kernels.tensor.FloatTensor;

/**
 * nnU-Net's {@code transpose_forward} / {@code transpose_backward}: a permutation of the three spatial axes.
 *
 * <p>Output axis {@code d} is input axis {@code perm[d]}, as numpy's {@code x.transpose(perm)}; for
 * {@code (c, z, y, x)} data the channel axis stays first ({@code data.transpose(0, 1+perm[0], 1+perm[1], 1+perm[2])}).
 * Example: a {@code (4, 5, 6)} volume transposed with {@code [2, 0, 1]} has shape {@code (6, 4, 5)}, and the
 * voxel {@code [a, b, c]} moves to {@code [c, a, b]}.
 */
public final class Transpose {
    private Transpose() {}

    /**
     * {@code (c, z, y, x)} data with its spatial axes permuted; the identity permutation returns {@code dataCzyx} itself.
     *
     * @param dataCzyx rank-4 tensor
     * @param perm     a permutation of {@code {0, 1, 2}}
     */
    public static FloatTensor transpose(FloatTensor dataCzyx, int[] perm) {
        checkPermutation(perm);
        if (dataCzyx.rank() != 4) {
            throw new IllegalArgumentException("expected (c, z, y, x) data, got shape " + Arrays.toString(dataCzyx.shape()));
        }
        if (isIdentity(perm)) return dataCzyx;
        int[] in = dataCzyx.shape();
        int c = in[0];
        int[] spatialIn = {in[1], in[2], in[3]};
        int[] spatialOut = permuted(spatialIn, perm);
        float[] src = dataCzyx.data();
        float[] dst = new float[src.length];
        int volume = in[1] * in[2] * in[3];
        for (int ch = 0; ch < c; ch++) {
            permuteVolume(src, ch * volume, spatialIn, perm, dst, ch * volume);
        }
        return new FloatTensor(new int[] {c, spatialOut[0], spatialOut[1], spatialOut[2]}, dst);
    }

    /**
     * A {@code (z, y, x)} volume with its axes permuted; the identity permutation returns {@code volumeZyx} itself.
     *
     * @param volumeZyx rank-3 tensor
     * @param perm      a permutation of {@code {0, 1, 2}}
     */
    public static FloatTensor transposeZyx(FloatTensor volumeZyx, int[] perm) {
        checkPermutation(perm);
        if (volumeZyx.rank() != 3) {
            throw new IllegalArgumentException("expected a (z, y, x) volume, got shape " + Arrays.toString(volumeZyx.shape()));
        }
        if (isIdentity(perm)) return volumeZyx;
        int[] in = volumeZyx.shape();
        float[] dst = new float[volumeZyx.size()];
        permuteVolume(volumeZyx.data(), 0, in, perm, dst, 0);
        return new FloatTensor(permuted(in, perm), dst);
    }

    /** {@code values[perm[d]]} for each {@code d}: how nnU-Net transposes spacings and shapes. */
    public static double[] permuted(double[] values, int[] perm) {
        checkPermutation(perm);
        return new double[] {values[perm[0]], values[perm[1]], values[perm[2]]};
    }

    /** {@code values[perm[d]]} for each {@code d}. */
    public static int[] permuted(int[] values, int[] perm) {
        checkPermutation(perm);
        return new int[] {values[perm[0]], values[perm[1]], values[perm[2]]};
    }

    /** The permutation that undoes {@code perm} (nnU-Net's {@code transpose_backward} for a {@code transpose_forward}). */
    public static int[] inverse(int[] perm) {
        checkPermutation(perm);
        int[] inv = new int[3];
        for (int d = 0; d < 3; d++) inv[perm[d]] = d;
        return inv;
    }

    /** @throws IllegalArgumentException unless {@code perm} is a permutation of {@code {0, 1, 2}} */
    public static void checkPermutation(int[] perm) {
        if (perm == null || perm.length != 3) {
            throw new IllegalArgumentException("axis permutation must have 3 entries, got " + Arrays.toString(perm));
        }
        boolean[] seen = new boolean[3];
        for (int p : perm) {
            if (p < 0 || p > 2 || seen[p]) {
                throw new IllegalArgumentException("not a permutation of {0, 1, 2}: " + Arrays.toString(perm));
            }
            seen[p] = true;
        }
    }

    static boolean isIdentity(int[] perm) {
        return perm[0] == 0 && perm[1] == 1 && perm[2] == 2;
    }

    // out[i0, i1, i2] = in[j] with j[perm[d]] = i_d
    private static void permuteVolume(float[] src, int srcOff, int[] shapeIn, int[] perm, float[] dst, int dstOff) {
        int[] strideIn = {shapeIn[1] * shapeIn[2], shapeIn[2], 1};
        int[] shapeOut = permuted(shapeIn, perm);
        int s0 = strideIn[perm[0]], s1 = strideIn[perm[1]], s2 = strideIn[perm[2]];
        int o = dstOff;
        for (int i0 = 0; i0 < shapeOut[0]; i0++) {
            for (int i1 = 0; i1 < shapeOut[1]; i1++) {
                int base = srcOff + i0 * s0 + i1 * s1;
                for (int i2 = 0; i2 < shapeOut[2]; i2++) {
                    dst[o++] = src[base + i2 * s2];
                }
            }
        }
    }
}

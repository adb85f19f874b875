package segshap.kernels.cpu;

/**
 * The multiply-accumulate at the heart of every convolution: {@code acc_o[i] += Σ_k W[o,k] · col_k[i]},
 * over rows that are separate Java arrays.
 *
 * <p>Why it looks like this: on Java 17, C2 only auto-vectorises a loop whose loads and stores all use the
 * same index expression and whose arrays cannot alias at an offset; rows as separate arrays indexed by
 * {@code i} satisfy that. Weights are passed in as scalar parameters (loading them from an array at a
 * variable index in the same method stopped vectorisation in our measurements), and the loop body is a
 * 3 outputs × 3 taps register block: nine fused multiply-adds per 3 loads + 3 load/stores, which is the
 * largest body C2 still unrolls and packs. The k-order of the fused multiply-adds is fixed (k ascending),
 * so every output element gets the same rounding whatever the blocking or thread count.
 */
final class GemmRows {
    private GemmRows() {}

    /**
     * {@code acc[o - oBase][i] += Σ_{k ∈ [k0,k1)} w[o·kp + k] · col[k - k0][i]} for {@code o ∈ [o0,o1)},
     * {@code i ∈ [0,n)}; {@code k0} and {@code k1} are multiples of 3 (pad K with zero weights).
     */
    static void accumulate(float[][] acc, int oBase, float[][] col, float[] w, int kp,
                           int o0, int o1, int k0, int k1, int n) {
        assert k0 % 3 == 0 && k1 % 3 == 0 : "k range must be a multiple of 3";
        int o = o0;
        for (; o + 3 <= o1; o += 3) {
            float[] a0 = acc[o - oBase], a1 = acc[o - oBase + 1], a2 = acc[o - oBase + 2];
            int w0 = o * kp, w1 = w0 + kp, w2 = w1 + kp;
            for (int k = k0; k < k1; k += 3) {
                int r = k - k0;
                fma3x3(a0, a1, a2, col[r], col[r + 1], col[r + 2],
                        w[w0 + k], w[w0 + k + 1], w[w0 + k + 2],
                        w[w1 + k], w[w1 + k + 1], w[w1 + k + 2],
                        w[w2 + k], w[w2 + k + 1], w[w2 + k + 2], n);
            }
        }
        if (o1 - o == 2) {
            float[] a0 = acc[o - oBase], a1 = acc[o - oBase + 1];
            int w0 = o * kp, w1 = w0 + kp;
            for (int k = k0; k < k1; k += 3) {
                int r = k - k0;
                fma2x3(a0, a1, col[r], col[r + 1], col[r + 2],
                        w[w0 + k], w[w0 + k + 1], w[w0 + k + 2],
                        w[w1 + k], w[w1 + k + 1], w[w1 + k + 2], n);
            }
        } else if (o1 - o == 1) {
            float[] a0 = acc[o - oBase];
            int w0 = o * kp;
            for (int k = k0; k < k1; k += 3) {
                int r = k - k0;
                fma1x3(a0, col[r], col[r + 1], col[r + 2], w[w0 + k], w[w0 + k + 1], w[w0 + k + 2], n);
            }
        }
    }

    static void fma3x3(float[] a0, float[] a1, float[] a2, float[] c0, float[] c1, float[] c2,
                       float w00, float w01, float w02, float w10, float w11, float w12,
                       float w20, float w21, float w22, int n) {
        for (int i = 0; i < n; i++) {
            float r0 = c0[i], r1 = c1[i], r2 = c2[i];
            a0[i] = Math.fma(w02, r2, Math.fma(w01, r1, Math.fma(w00, r0, a0[i])));
            a1[i] = Math.fma(w12, r2, Math.fma(w11, r1, Math.fma(w10, r0, a1[i])));
            a2[i] = Math.fma(w22, r2, Math.fma(w21, r1, Math.fma(w20, r0, a2[i])));
        }
    }

    static void fma2x3(float[] a0, float[] a1, float[] c0, float[] c1, float[] c2,
                       float w00, float w01, float w02, float w10, float w11, float w12, int n) {
        for (int i = 0; i < n; i++) {
            float r0 = c0[i], r1 = c1[i], r2 = c2[i];
            a0[i] = Math.fma(w02, r2, Math.fma(w01, r1, Math.fma(w00, r0, a0[i])));
            a1[i] = Math.fma(w12, r2, Math.fma(w11, r1, Math.fma(w10, r0, a1[i])));
        }
    }

    static void fma1x3(float[] a0, float[] c0, float[] c1, float[] c2, float w00, float w01, float w02, int n) {
        for (int i = 0; i < n; i++) {
            a0[i] = Math.fma(w02, c2[i], Math.fma(w01, c1[i], Math.fma(w00, c0[i], a0[i])));
        }
    }

    /** {@code k} rounded up to a multiple of 3, the kernel's tap block. */
    static int padK(int k) {
        return (k + 2) / 3 * 3;
    }
}

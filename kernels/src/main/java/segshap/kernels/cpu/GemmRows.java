package segshap.kernels.cpu;

/**
 * The multiply-accumulate at the heart of every convolution: {@code acc_o[i] += Σ_k W[o,k] · col_k[i]},
 * over rows that are separate Java arrays, in register blocks of 3 outputs × 3 taps.
 *
 * <p>Why it looks like this (Java 17 C2 auto-vectorisation, measured on AVX-512; 4–10× slower otherwise):
 * <ul>
 * <li>C2 only vectorises a loop whose loads and stores all use the same index and whose arrays cannot alias
 *     at an offset; rows as separate arrays indexed by {@code i} satisfy that.
 * <li>Weights reach the kernel as scalar parameters read from small per-block arrays at constant indices
 *     ({@link #packWeights}); reading them from one big array at a variable index in the enclosing loops
 *     stopped vectorisation of the inner loop.
 * <li>One loop per kernel method and a 3×3 body: nine fused multiply-adds per 3 loads + 3 load/stores is the
 *     largest body C2 still unrolls and packs; two such loops in one method were no longer vectorised.
 * </ul>
 * Checked both ways: with the kernel inlined into {@link #accumulate} and with {@code accumulate} inlined into
 * its caller, the loop still vectorises (≈100 GFLOP/s per core); a third loop level between them did not.
 * Each output element accumulates its taps in ascending k, whatever the blocking or thread count.
 */
final class GemmRows {
    private GemmRows() {}

    /**
     * Packs a row-major {@code (outChannels, k)} weight matrix into {@code [ceil(O/3)][ceil(K/3)][9]} blocks,
     * entry {@code 3·oi + t} = {@code W[3·ob + oi, 3·kb + t]}, zero where {@code o ≥ O} or {@code k ≥ K}.
     */
    static float[][][] packWeights(float[] w, int outChannels, int k) {
        int ob = blocks(outChannels);
        int kb = blocks(k);
        float[][][] packed = new float[ob][kb][9];
        for (int o = 0; o < outChannels; o++) {
            for (int kk = 0; kk < k; kk++) {
                packed[o / 3][kk / 3][3 * (o % 3) + kk % 3] = w[o * k + kk];
            }
        }
        return packed;
    }

    /** Number of 3-blocks covering {@code n}. */
    static int blocks(int n) {
        return (n + 2) / 3;
    }

    /**
     * {@code acc[3·(ob−ob0) + oi][i] += Σ_{kb ∈ [kb0,kb1)} Σ_t wp[ob][kb][3·oi + t] · col[3·(kb−kb0) + t][i]}
     * for output blocks {@code [ob0, ob1)}, {@code i ∈ [0,n)}. Padded outputs land in spare accumulator rows.
     */
    static void accumulate(float[][] acc, float[][] col, float[][][] wp, int ob0, int ob1, int kb0, int kb1, int n) {
        assert 3 * (ob1 - ob0) <= acc.length && 3 * (kb1 - kb0) <= col.length : "GEMM block exceeds the scratch rows";
        for (int ob = ob0; ob < ob1; ob++) {
            int a = 3 * (ob - ob0);
            float[] a0 = acc[a], a1 = acc[a + 1], a2 = acc[a + 2];
            float[][] wRow = wp[ob];
            for (int kb = kb0; kb < kb1; kb++) {
                float[] wb = wRow[kb];
                int r = 3 * (kb - kb0);
                fma3x3(a0, a1, a2, col[r], col[r + 1], col[r + 2],
                        wb[0], wb[1], wb[2], wb[3], wb[4], wb[5], wb[6], wb[7], wb[8], n);
            }
        }
    }

    /** {@code a_j[i] += w_j0·c0[i] + w_j1·c1[i] + w_j2·c2[i]}, j = 0..2, as three chained fused multiply-adds. */
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
}

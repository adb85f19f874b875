package segshap.kernels.preprocess;

/**
 * numpy's float32 {@code sum} of a contiguous array: pairwise summation with blocks of at most 128 elements,
 * each summed with 8 interleaved accumulators ({@code pairwise_sum} in numpy's loops). Reproducing the tree
 * reproduces numpy's rounding, which a plain loop or a double accumulator would not.
 */
final class NumpyFloat32Sum {
    private static final int BLOCK = 128; // numpy PW_BLOCKSIZE
    private static final int UNROLL = 8;

    private NumpyFloat32Sum() {}

    static float pairwiseSum(float[] a, int offset, int n) {
        return sum(a, offset, n, false, 0f);
    }

    /** Σ f32(a[i] − mean)², each square in float32, summed as numpy sums the array of squares. */
    static float pairwiseSumOfSquaredDeviations(float[] a, int offset, int n, float mean) {
        return sum(a, offset, n, true, mean);
    }

    private static float term(float[] a, int i, boolean squares, float mean) {
        if (!squares) return a[i];
        float d = a[i] - mean;
        return d * d;
    }

    private static float sum(float[] a, int offset, int n, boolean squares, float mean) {
        if (n < UNROLL) {
            float res = 0f;
            for (int i = 0; i < n; i++) res += term(a, offset + i, squares, mean);
            return res;
        }
        if (n <= BLOCK) {
            float r0 = term(a, offset, squares, mean), r1 = term(a, offset + 1, squares, mean);
            float r2 = term(a, offset + 2, squares, mean), r3 = term(a, offset + 3, squares, mean);
            float r4 = term(a, offset + 4, squares, mean), r5 = term(a, offset + 5, squares, mean);
            float r6 = term(a, offset + 6, squares, mean), r7 = term(a, offset + 7, squares, mean);
            int i = UNROLL;
            for (; i < n - (n % UNROLL); i += UNROLL) {
                int p = offset + i;
                r0 += term(a, p, squares, mean);
                r1 += term(a, p + 1, squares, mean);
                r2 += term(a, p + 2, squares, mean);
                r3 += term(a, p + 3, squares, mean);
                r4 += term(a, p + 4, squares, mean);
                r5 += term(a, p + 5, squares, mean);
                r6 += term(a, p + 6, squares, mean);
                r7 += term(a, p + 7, squares, mean);
            }
            float res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) res += term(a, offset + i, squares, mean);
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % UNROLL;
        return sum(a, offset, n2, squares, mean) + sum(a, offset + n2, n - n2, squares, mean);
    }
}

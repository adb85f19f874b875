package segshap.engine.value;

/**
 * All four value functions of the paper (eqs. 2–6) from one pass over the fused logits inside B.
 *
 * <p>With P_m(x) = 1[argmax_c Z^(m)_c(x) = t] (eq. 2; the first maximal channel wins), P_0 the baseline
 * prediction, z_t the target-class logit and S the scoring region ({@link ScoringRegion}), |S| its voxel
 * count:
 * <pre>
 * TP       =  (1/|S|) Σ_{x∈S} 1[P_m=1 ∧ P_0=1] z_t                          (eq. 3)
 * FP       = −(1/|S|) Σ_{x∈S} 1[P_m=1 ∧ P_0=0] z_t                          (eq. 4)
 * Dice     =  2|P_m∩P_0∩S| / (|P_m∩S| + |P_0∩S| + ε),  ε = 1e−8; 0 if both empty (eq. 5)
 * SoftDice =  (1/|S|) Σ_{x∈S} 1[P_m=1]·(2P_0−1)·z_t                         (eq. 6)
 * </pre>
 * Sums run in double over voxels in ascending C order, so results are reproducible bit for bit.
 * Example (one voxel, S = {x}, logits (1, 3) for classes (0, 1), t = 1, P_0 = 1): P_m = 1, TP = 3, FP = 0,
 * Dice = 2/(2 + 1e−8), SoftDice = 3.
 */
public final class ValueFunctions {
    /** ε of the Dice score (eq. 5). */
    public static final double DICE_EPSILON = 1e-8;

    private ValueFunctions() {}

    /**
     * The four scores, indexed by {@link ValueFunction#ordinal()}: TP, FP, DICE, SOFTDICE.
     *
     * @param fusedLogitsOverB        Z^(m) over B, layout (heads, Bz, By, Bx)
     * @param heads                   number of output channels (classes), ≥ 1
     * @param targetChannel           t, in [0, heads)
     * @param baselineP0OverB         P_0 over B (Bz, By, Bx), 0 or nonzero
     * @param scoringRegionMaskOverB  S over B (Bz, By, Bx), 0 or nonzero; at least one voxel set
     */
    public static double[] scores(float[] fusedLogitsOverB, int heads, int targetChannel, byte[] baselineP0OverB,
                                  byte[] scoringRegionMaskOverB) {
        double[] out = new double[4];
        scoresInto(fusedLogitsOverB, heads, targetChannel, baselineP0OverB, scoringRegionMaskOverB, out);
        return out;
    }

    /** As {@link #scores}, writing into {@code out[0..4)} without allocating. */
    public static void scoresInto(float[] fusedLogitsOverB, int heads, int targetChannel, byte[] baselineP0OverB,
                                  byte[] scoringRegionMaskOverB, double[] out) {
        int n = checkShapes(fusedLogitsOverB, heads, targetChannel, baselineP0OverB);
        if (scoringRegionMaskOverB.length != n) {
            throw new IllegalArgumentException("scoring region mask length " + scoringRegionMaskOverB.length
                    + " != voxels of B " + n);
        }
        long regionVoxels = 0, predicted = 0, baseline = 0, both = 0;
        double tpSum = 0, fpSum = 0, softSum = 0;
        int tOffset = targetChannel * n;
        for (int v = 0; v < n; v++) {
            if (scoringRegionMaskOverB[v] == 0) continue;
            regionVoxels++;
            boolean p0 = baselineP0OverB[v] != 0;
            if (p0) baseline++;
            if (argmax(fusedLogitsOverB, heads, n, v) != targetChannel) continue;
            double zt = fusedLogitsOverB[tOffset + v];
            predicted++;
            if (p0) {
                both++;
                tpSum += zt;
                softSum += zt;
            } else {
                fpSum += zt;
                softSum -= zt;
            }
        }
        if (regionVoxels == 0) {
            throw new IllegalArgumentException("the scoring region is empty; it must hold at least one voxel of B");
        }
        out[ValueFunction.TP.ordinal()] = tpSum / regionVoxels;
        out[ValueFunction.FP.ordinal()] = 0.0 - fpSum / regionVoxels; // 0.0 − … avoids reporting −0.0
        out[ValueFunction.DICE.ordinal()] =
                predicted + baseline == 0 ? 0.0 : 2.0 * both / (predicted + baseline + DICE_EPSILON);
        out[ValueFunction.SOFTDICE.ordinal()] = softSum / regionVoxels;
    }

    /**
     * The hard prediction 1[argmax_c Z_c = t] (eq. 2) over B, e.g. P_0 from the baseline's fused logits.
     *
     * @param logitsOverB layout (heads, Bz, By, Bx)
     * @return one byte (0 or 1) per voxel of B
     */
    public static byte[] hardPrediction(float[] logitsOverB, int heads, int targetChannel) {
        int n = checkShapes(logitsOverB, heads, targetChannel, null);
        byte[] p = new byte[n];
        for (int v = 0; v < n; v++) p[v] = (byte) (argmax(logitsOverB, heads, n, v) == targetChannel ? 1 : 0);
        return p;
    }

    /** First channel holding the maximum at voxel v (strict > keeps the earlier of equal logits). */
    private static int argmax(float[] logits, int heads, int n, int v) {
        int best = 0;
        float bestValue = logits[v];
        for (int c = 1; c < heads; c++) {
            float z = logits[c * n + v];
            if (z > bestValue) {
                bestValue = z;
                best = c;
            }
        }
        return best;
    }

    private static int checkShapes(float[] logits, int heads, int targetChannel, byte[] p0) {
        if (heads < 1 || logits.length % heads != 0) {
            throw new IllegalArgumentException("logits length " + logits.length + " is not a multiple of heads "
                    + heads);
        }
        if (targetChannel < 0 || targetChannel >= heads) {
            throw new IllegalArgumentException("target channel " + targetChannel + " not in [0, " + heads + ")");
        }
        int n = logits.length / heads;
        if (p0 != null && p0.length != n) {
            throw new IllegalArgumentException("baseline mask length " + p0.length + " != voxels of B " + n);
        }
        return n;
    }
}

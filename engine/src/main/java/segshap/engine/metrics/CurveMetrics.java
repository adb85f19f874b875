package segshap.engine.metrics;

/**
 * Perturbation-curve metrics of one value function (paper eqs. 7–9).
 *
 * <p>With K removable units, s(0) the unperturbed score and s(k) the score after removing the first k
 * units of the ordering: AOPC = (1/K) Σ_{k=1..K} (s(0) − s_MoRF(k)); ABPC = (1/K) Σ_{k=1..K}
 * (s_LeRF(k) − s_MoRF(k)); nAOPC and nABPC are the same sums on s̃(k) = (s(k) − s_min)/(s_max − s_min + ε)
 * with s_max = s(0), s_min = s(K) (all removable units removed) and ε =
 * {@link PerturbationCurves#NORMALISATION_EPSILON}. All four are NaN when K = 0; nAOPC and nABPC are NaN when
 * s_max = s_min ({@link #normalisedUndefined()} says why). The arrays are owned by the record; callers must not
 * modify them.
 *
 * @param aopc area over the MoRF curve, in value units
 * @param abpc area between the LeRF and MoRF curves, in value units
 * @param naopc AOPC of the normalised curves (= AOPC / (s_max − s_min + ε)), dimensionless
 * @param nabpc ABPC of the normalised curves, dimensionless
 * @param morf raw MoRF scores s_MoRF(k), k = 0…K
 * @param lerf raw LeRF scores s_LeRF(k), k = 0…K
 */
public record CurveMetrics(double aopc, double abpc, double naopc, double nabpc, double[] morf, double[] lerf) {

    public CurveMetrics {
        if (morf.length != lerf.length || morf.length < 1) {
            throw new IllegalArgumentException("MoRF and LeRF curves need the same length >= 1, got " + morf.length
                    + " and " + lerf.length);
        }
        morf = morf.clone();
        lerf = lerf.clone();
    }

    /** Why nAOPC and nABPC are NaN ({@code undefined: …}), or {@code null} when they are defined. */
    public String normalisedUndefined() {
        if (steps() == 0) return "undefined: no removable unit (K = 0)";
        return Double.isNaN(naopc) ? "undefined: s_max = s_min" : null;
    }

    /** Number K of perturbation steps (removable units). */
    public int steps() {
        return morf.length - 1;
    }
}

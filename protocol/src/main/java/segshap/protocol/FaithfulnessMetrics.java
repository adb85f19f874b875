package segshap.protocol;

/**
 * Perturbation-curve faithfulness of one value function (paper eqs. 7–9).
 *
 * <p>Example of a value function that does not move between its curve ends (s_max = s_min): {@code {"aopc":
 * 0.0019, "abpc": 0.0004, "naopc": null, "nabpc": null, "normalisedUndefined": "undefined: s_max = s_min",
 * "morf": […], "lerf": […]}}; dividing by ε alone would have reported nAOPC ≈ 1.9e9.
 *
 * @param aopc  (1/K) Σ_{k=1..K} (s(0) − s_MoRF(k))
 * @param abpc  (1/K) Σ_{k=1..K} (s_LeRF(k) − s_MoRF(k))
 * @param naopc AOPC of the min–max normalised curve, or {@code null} when the normalisation is undefined
 * @param nabpc ABPC of the min–max normalised curves, or {@code null} when the normalisation is undefined
 * @param morf  s_MoRF(k), k = 0..K (k = 0 unperturbed)
 * @param lerf  s_LeRF(k), k = 0..K
 * @param normalisedUndefined why {@code naopc} and {@code nabpc} are {@code null} (e.g. {@code undefined: s_max =
 *              s_min}), or {@code null} when they are defined
 * @throws IllegalArgumentException when exactly one of {@code naopc}, {@code nabpc} is null, or they are null
 *                                  without a reason
 */
public record FaithfulnessMetrics(double aopc, double abpc, Double naopc, Double nabpc,
                                  double[] morf, double[] lerf, String normalisedUndefined) {
    public FaithfulnessMetrics {
        if ((naopc == null) != (nabpc == null)) {
            throw new IllegalArgumentException("metrics: naopc " + naopc + " and nabpc " + nabpc + ": both null or neither");
        }
        if (naopc == null && (normalisedUndefined == null || normalisedUndefined.isBlank())) {
            throw new IllegalArgumentException("metrics: naopc and nabpc are null without normalisedUndefined; say why");
        }
    }
}

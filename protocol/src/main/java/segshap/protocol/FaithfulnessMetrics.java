package segshap.protocol;

/**
 * Perturbation-curve faithfulness of one value function (paper eqs. 7–9).
 *
 * @param aopc  (1/K) Σ_{k=1..K} (s(0) − s_MoRF(k))
 * @param abpc  (1/K) Σ_{k=1..K} (s_LeRF(k) − s_MoRF(k))
 * @param naopc AOPC of the min–max normalised curve
 * @param nabpc ABPC of the min–max normalised curves
 * @param morf  s_MoRF(k), k = 0..K (k = 0 unperturbed)
 * @param lerf  s_LeRF(k), k = 0..K
 */
public record FaithfulnessMetrics(double aopc, double abpc, double naopc, double nabpc,
                                  double[] morf, double[] lerf) {}

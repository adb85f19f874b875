package segshap.protocol;

/**
 * Attributions for one value function (TP, FP, Dice or Soft Dice).
 *
 * @param full   v(all units kept) = the unperturbed score
 * @param empty  v(all units removed)
 * @param phi    Shapley values, aligned with {@code units[]}; excluded units have exactly 0
 * @param stderr standard errors of {@code phi} (0 in exact mode)
 */
public record ValueAttribution(double full, double empty, double[] phi, double[] stderr) {}

/**
 * Shapley values of interpretable units of a game (a batched value function over coalitions): exact enumeration and KernelSHAP.
 *
 * <p>Concepts. A {@link segshap.engine.coalition.Coalition} is the set of kept units (the others are masked);
 * a {@link segshap.engine.coalition.Game} returns K value functions (TP, FP, Dice, Soft Dice) for
 * a batch of coalitions, so every evaluation feeds all K regressions. {@link segshap.engine.shap.ExactShapley}
 * enumerates all 2^M coalitions (M ≤ 20) and applies the closed-form Shapley sum;
 * {@link segshap.engine.shap.KernelShapEstimator} does that when the budget allows and otherwise samples the
 * stratified, paired, nested design of research note §3.7 (sampling without replacement, Horvitz–Thompson
 * weights, exact efficiency constraint by projection, design-based standard errors, §3.8 diagnostics).
 * Budgets count design coalitions only; v(∅) and v(N) are always evaluated in addition.
 */
package segshap.engine.shap;

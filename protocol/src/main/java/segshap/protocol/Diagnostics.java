package segshap.protocol;

/**
 * Convergence diagnostics of a sampled estimate; all {@code null} in exact mode, where they do not apply.
 *
 * @param relL1Change     ‖φ(n) − φ(n/2)‖₁ / ‖φ(n)‖₁ between nested budgets
 * @param localAccuracy   |v(1) − v(0) − Σφ| / |v(1) − v(0)| (0 up to rounding: the constraint is exact)
 * @param conditionNumber condition number of the constrained normal equations
 * @param heldOutMae      mean absolute error of the additive model on held-out coalitions
 * @param heldOutR2       R² of the additive model on held-out coalitions
 */
public record Diagnostics(Double relL1Change, Double localAccuracy, Double conditionNumber,
                          Double heldOutMae, Double heldOutR2) {}

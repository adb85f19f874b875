package segshap.engine.shap;

/**
 * Convergence and fit checks of one value function's estimate (research note §3.8).
 *
 * <p>NaN means "not applicable": in exact mode every field except {@code localAccuracy} is NaN (there is no
 * design to check; the values are exact); {@code relL1Change} is NaN when the comparison design (half the
 * budget, or the previous automatic step) is rank-deficient; the held-out fields are NaN when
 * {@code heldOutCoalitions == 0} or no coalition outside the design exists, and R² also when the held-out
 * values do not vary.
 *
 * @param relL1Change ‖φ_B − φ_B'‖₁ / max(‖φ_B‖₁, 1e−12·max(1, |Δ|)) between this budget B and the nested
 *     design B' (B/2 for a fixed budget, the previous step for an automatic budget), same seed
 * @param localAccuracy |v(N) − v(∅) − Σφ|, the efficiency residual; about 1e−15·|Δ| (exact constraint)
 * @param conditionNumber λmax/λmin of Qᵀ(ZᵀWZ)Q, Q an orthonormal basis of 1^⊥, weights summing to 1;
 *     the same for every value function (one design)
 * @param heldOutMae mean |v(z) − v(∅) − Σ_{i∈z} φ_i| over the held-out coalitions, in value units
 * @param heldOutR2 1 − Σ(v − v̂)² / Σ(v − v̄)² over the held-out coalitions: additivity of the game, not the
 *     accuracy of φ
 * @param convergenceRatio Covert–Lee ratio max SE / max(max φ − min φ, 1e−12·max(1, |Δ|)); 0 in exact mode
 */
public record Diagnostics(double relL1Change, double localAccuracy, double conditionNumber, double heldOutMae,
        double heldOutR2, double convergenceRatio) {

    public Diagnostics {
        if (!(localAccuracy >= 0)) {
            throw new IllegalArgumentException("localAccuracy must be >= 0, got " + localAccuracy);
        }
    }
}

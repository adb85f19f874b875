package segshap.engine.shap;

/**
 * Shapley values of one value function.
 *
 * <p>The arrays are owned by the record (copied in); callers must not modify the arrays returned by the
 * accessors.
 *
 * @param phi φ_i per player i in {@code [0, M)}, in value units; Σφ = fullValue − emptyValue
 * @param stderr design-based standard error of each φ_i (delta method, §3.3); all 0 in exact mode
 * @param fullValue v(N), the value on the original image
 * @param emptyValue v(∅), every unit masked; the base value φ_0
 * @param diagnostics convergence and fit checks
 */
public record ShapleyResult(double[] phi, double[] stderr, double fullValue, double emptyValue,
        Diagnostics diagnostics) {

    public ShapleyResult {
        if (phi.length != stderr.length) {
            throw new IllegalArgumentException("phi has " + phi.length + " players but stderr " + stderr.length);
        }
        phi = phi.clone();
        stderr = stderr.clone();
        if (diagnostics == null) {
            throw new IllegalArgumentException("diagnostics must not be null");
        }
    }

    /** v(N) − v(∅), the total that the attributions share. */
    public double delta() {
        return fullValue - emptyValue;
    }
}

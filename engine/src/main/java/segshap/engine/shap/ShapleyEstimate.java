package segshap.engine.shap;

import segshap.engine.coalition.Game;
import java.util.List;

/**
 * Shapley values of all K value functions from one run over the same coalitions.
 *
 * @param results one result per value function, in the oracle's value order ({@code results.get(m)} is value
 *     function m of {@link Game#evaluate})
 * @param sampling how the coalitions were chosen and how many were evaluated
 */
public record ShapleyEstimate(List<ShapleyResult> results, SamplingInfo sampling) {

    public ShapleyEstimate {
        results = List.copyOf(results);
        if (results.isEmpty() || sampling == null) {
            throw new IllegalArgumentException("an estimate needs >= 1 result and sampling info");
        }
    }

    /** The result of value function {@code m}. */
    public ShapleyResult result(int m) {
        return results.get(m);
    }
}

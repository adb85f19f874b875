package segshap.engine.shap;

/**
 * How an estimate was obtained; shared by all value functions of one run.
 *
 * @param budget design coalitions of the final design (excluding v(∅), v(N) and held-out ones); 2^M − 2 in
 *     exact mode
 * @param evaluations distinct coalitions evaluated in total (v(∅), v(N), every design step, held-out)
 * @param exact whether all coalitions were enumerated and the closed-form Shapley sum used (SE = 0)
 * @param seed the seed of the design
 * @param allocation the size allocation of the design (recorded also in exact mode, where it is unused)
 * @param singletonsForced whether the M singleton pairs led the design
 * @param steps number of designs solved: 1 for a fixed budget or exact mode, the doublings + 1 when automatic
 * @param converged exact mode, or every value function's convergence ratio below the threshold
 * @param design the sampled design ({@link Design#PAIRS} in exact mode, where it is unused)
 * @param tileForwards tile forwards the game ran during this estimate, −1 when the game does not count them
 */
public record SamplingInfo(int budget, int evaluations, boolean exact, long seed, Allocation allocation,
        boolean singletonsForced, int steps, boolean converged, Design design, long tileForwards) {

    public SamplingInfo {
        if (budget < 0 || evaluations < 1 || steps < 1 || allocation == null || design == null) {
            throw new IllegalArgumentException("invalid sampling info: budget " + budget + ", evaluations "
                    + evaluations + ", steps " + steps + ", allocation " + allocation + ", design " + design);
        }
    }
}

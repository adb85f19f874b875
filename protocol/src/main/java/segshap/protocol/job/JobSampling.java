package segshap.protocol.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * How coalitions are chosen: the budget, how a sampled budget is spread over coalition sizes, and the seed.
 *
 * <p>The budget has one of three shapes, told apart by {@code budget}:
 * <pre>
 * {"budget": "fixed", "coalitions": 2048}   N coalitions; exact enumeration when all 2^M − 2 fit in N
 * {"budget": "exact"}                       all 2^M − 2 coalitions, whatever M is
 * {"budget": "auto", "maxCoalitions": 8192} grow until the Covert–Lee ratio is below 0.01, at most maxCoalitions
 * {"budget": "paper"}                       the paper's budget (§IV-B): 1000 coalitions for organ units, 2000 for
 *                                           regular and hybrid units (exact when all fit, as any fixed budget)
 * </pre>
 *
 * @param budget        {@code fixed} (default), {@code exact}, {@code auto} or {@code paper}
 * @param coalitions    coalitions of a {@code fixed} budget, ≥ 2 (default {@value #DEFAULT_COALITIONS});
 *                      {@code null} for the other budgets
 * @param maxCoalitions ceiling of an {@code auto} budget, ≥ 2 (default {@value #DEFAULT_MAX_COALITIONS});
 *                      {@code null} for the other budgets
 * @param allocation    size allocation of sampled designs: {@code equal} (default) or {@code kernel}
 * @param seed          seed of every random choice of the design (default 0)
 * @throws IllegalArgumentException naming the field ({@code sampling.coalitions}), the value and the fix
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobSampling(String budget, Integer coalitions, Integer maxCoalitions, String allocation, long seed) {
    /** Default fixed budget: exact for up to 11 units (2^11 − 2 ≤ 2048), sampled beyond. */
    public static final int DEFAULT_COALITIONS = 2048;
    /** Default ceiling of {@code auto}. */
    public static final int DEFAULT_MAX_COALITIONS = 8192;
    /** The accepted {@link #budget} values. */
    public static final List<String> BUDGETS = List.of("fixed", "exact", "auto", "paper");
    /** The paper's budget for organ units (§IV-B). */
    public static final int PAPER_ORGAN_COALITIONS = 1000;
    /** The paper's budget for regular and hybrid units (§IV-B). */
    public static final int PAPER_SUPERVOXEL_COALITIONS = 2000;
    /** The accepted {@link #allocation} values. */
    public static final List<String> ALLOCATIONS = List.of("equal", "kernel");

    public JobSampling {
        if (budget == null) budget = "fixed";
        switch (budget) {
            case "fixed" -> {
                if (coalitions == null) coalitions = DEFAULT_COALITIONS;
                if (coalitions < 2) {
                    throw new IllegalArgumentException("sampling.coalitions " + coalitions
                            + ": a fixed budget needs at least 2 coalitions; use budget exact for full enumeration");
                }
                requireAbsent("sampling.maxCoalitions", maxCoalitions, "fixed", "auto");
            }
            case "auto" -> {
                if (maxCoalitions == null) maxCoalitions = DEFAULT_MAX_COALITIONS;
                if (maxCoalitions < 2) {
                    throw new IllegalArgumentException("sampling.maxCoalitions " + maxCoalitions
                            + ": the ceiling of an auto budget must be at least 2 coalitions");
                }
                requireAbsent("sampling.coalitions", coalitions, "auto", "fixed");
            }
            case "exact", "paper" -> {
                requireAbsent("sampling.coalitions", coalitions, budget, "fixed");
                requireAbsent("sampling.maxCoalitions", maxCoalitions, budget, "auto");
            }
            default -> throw new IllegalArgumentException("sampling.budget '" + budget + "': expected one of " + BUDGETS);
        }
        if (allocation == null) allocation = "equal";
        if (!ALLOCATIONS.contains(allocation)) {
            throw new IllegalArgumentException("sampling.allocation '" + allocation + "': expected one of " + ALLOCATIONS);
        }
    }

    /** The CLI's default: fixed 2048 coalitions, equal allocation, seed 0. */
    public static JobSampling defaults() {
        return new JobSampling("fixed", DEFAULT_COALITIONS, null, "equal", 0);
    }

    // A count given for the wrong budget is almost always a typo of the budget, so it is refused, not ignored.
    private static void requireAbsent(String field, Integer value, String budget, String budgetOfField) {
        if (value != null) {
            throw new IllegalArgumentException(field + " " + value + ": does not apply to budget " + budget
                    + "; remove it, or use budget " + budgetOfField);
        }
    }
}

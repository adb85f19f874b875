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
 * @param design        how sampled coalitions are chosen: {@code walks} (antithetic permutation walks: consecutive
 *                      coalitions differ in one unit, so they share most tiles) or {@code pairs} (independent
 *                      complementary pairs); {@code null} = the default: pairs for the paper's method; for segshap
 *                      walks for M ≥ 20 units when the budget holds 4 walk pairs (8(M − 1) coalitions) or a forward
 *                      budget is given, else pairs
 * @param forwardBudget tile forwards a sampled design may spend (stops after the batch or walk that reaches it; the
 *                      coalition count stays the ceiling); {@code null} = no limit. Fixed budgets only
 * @throws IllegalArgumentException naming the field ({@code sampling.coalitions}), the value and the fix
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobSampling(String budget, Integer coalitions, Integer maxCoalitions, String allocation, long seed,
                          String design, Long forwardBudget) {
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
    /** The accepted {@link #design} values. */
    public static final List<String> DESIGNS = List.of("pairs", "walks");
    /** The coalition ceiling of a forward budget when no coalition count is given. */
    public static final int FORWARD_BUDGET_COALITIONS = 1 << 20;
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
        if (design != null && !DESIGNS.contains(design)) {
            throw new IllegalArgumentException("sampling.design '" + design + "': expected one of " + DESIGNS);
        }
        if (forwardBudget != null && forwardBudget < 1) {
            throw new IllegalArgumentException("sampling.forwardBudget " + forwardBudget
                    + ": a forward budget is at least 1 tile forward; remove it for no limit");
        }
        if (forwardBudget != null && !budget.equals("fixed")) {
            throw new IllegalArgumentException("sampling.forwardBudget " + forwardBudget + ": applies to budget fixed (its "
                    + "coalitions are the ceiling), not " + budget + "; use budget fixed or remove forwardBudget");
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

    /** The default design, no forward budget. */
    public JobSampling(String budget, Integer coalitions, Integer maxCoalitions, String allocation, long seed) {
        this(budget, coalitions, maxCoalitions, allocation, seed, null, null);
    }

    // A count given for the wrong budget is almost always a typo of the budget, so it is refused, not ignored.
    private static void requireAbsent(String field, Integer value, String budget, String budgetOfField) {
        if (value != null) {
            throw new IllegalArgumentException(field + " " + value + ": does not apply to budget " + budget
                    + "; remove it, or use budget " + budgetOfField);
        }
    }
}

package segshap.engine.shap;

import segshap.engine.coalition.Game;

/**
 * How {@link KernelShapEstimator} spends its coalition budget.
 *
 * <p>A budget counts the coalitions of the regression design, i.e. every coalition except v(∅) and v(N)
 * (those two are always evaluated: they are the efficiency constraint) and except the held-out check
 * coalitions; {@link SamplingInfo#evaluations()} reports everything that was evaluated. Designs are made of
 * complementary pairs, so an odd budget uses one coalition less. When all 2^M − 2 coalitions fit the budget
 * (the maximum budget in automatic mode) and M {@code <=} {@link ExactShapley#MAX_PLAYERS}, the exact Shapley
 * values are computed instead.
 *
 * <p>Example: {@code KernelShapOptions.fixedBudget(2000, 42)} runs one sampled design of 2000 coalitions
 * (1000 pairs) plus 64 held-out coalitions; {@code KernelShapOptions.autoBudget(8000, 42)} starts at 4M
 * coalitions and doubles (nested designs, cached values reused) until max SE / (max φ − min φ)
 * {@code < 0.01} for every value function or 8000 is reached.
 *
 * @param budget design coalitions: the fixed budget, or the first step of an automatic budget
 *     ({@code 0} = 4M, at least 2M); {@code >= 0}
 * @param maxBudget largest design budget of an automatic budget; equal to {@code budget} when fixed
 * @param autoBudget whether to grow the budget (doubling) until converged
 * @param convergenceThreshold Covert–Lee threshold t on max SE / (max φ − min φ), in {@code (0, 1)}
 * @param allocation how the budget is spread over coalition sizes
 * @param singletons whether the M singleton pairs ({i}, N\{i}) come first in the design
 * @param heldOutCoalitions coalitions (pairs, so even; {@code >= 0}) drawn outside the final design to
 *     measure held-out MAE and R²; {@code 0} turns that check off
 * @param batchSize most coalitions per {@link Game#evaluate} call, {@code >= 1}
 * @param seed seed of every random choice; equal seeds give equal results
 * @param design how sampled coalitions are chosen: {@link Design#PAIRS} or {@link Design#WALKS}
 * @param forwardBudget tile forwards the sampled design may spend ({@code 0} = no limit): the design stops
 *     after the batch (pairs) or walk pair (walks) that reaches it, and never exceeds {@code maxBudget}
 *     coalitions; needs a game that counts its forwards ({@link Game#forwardsSpent()} {@code >= 0})
 */
public record KernelShapOptions(int budget, int maxBudget, boolean autoBudget, double convergenceThreshold,
        Allocation allocation, SingletonPolicy singletons, int heldOutCoalitions, int batchSize, long seed,
        Design design, long forwardBudget) {

    /** Covert &amp; Lee's reference threshold: the largest SE below 1% of the attribution spread. */
    public static final double DEFAULT_CONVERGENCE_THRESHOLD = 0.01;
    /** Default held-out check size: 32 pairs (about 3% of the paper's 2000-coalition budget). */
    public static final int DEFAULT_HELD_OUT_COALITIONS = 64;
    /** Default most coalitions per oracle call. */
    public static final int DEFAULT_BATCH_SIZE = 256;

    /** Whether singleton pairs are forced to the front of the design. */
    public enum SingletonPolicy {
        /**
         * Force them when the (maximum) budget B is below 4M, where that cut the error (§3.7), and B/2 is at
         * least M + ⌊M/2⌋ − 1 pairs, so that every other coalition size still gets a pair.
         */
        AUTO,
        /**
         * Always put the M singleton pairs first (this also makes the design full rank); with B/2 {@code <=} M
         * the design is then singletons only and the other sizes' kernel mass is missing from the estimate.
         */
        ALWAYS,
        /** Never force them; singletons get their share of the allocation like any other size. */
        NEVER
    }

    public KernelShapOptions {
        if (budget < 0) {
            throw new IllegalArgumentException("budget must be >= 0 coalitions, got " + budget);
        }
        if (!autoBudget && budget == 0) {
            throw new IllegalArgumentException("a fixed budget must be > 0 coalitions, got 0");
        }
        if (!autoBudget && maxBudget != budget) {
            throw new IllegalArgumentException("a fixed budget has maxBudget == budget, got budget " + budget
                    + " and maxBudget " + maxBudget);
        }
        if (maxBudget < 1 || (budget > maxBudget)) {
            throw new IllegalArgumentException("maxBudget must be >= max(1, budget), got maxBudget " + maxBudget
                    + " with budget " + budget);
        }
        if (!(convergenceThreshold > 0 && convergenceThreshold < 1)) {
            throw new IllegalArgumentException("convergenceThreshold must be in (0, 1), got " + convergenceThreshold);
        }
        if (allocation == null || singletons == null) {
            throw new IllegalArgumentException("allocation and singletons must not be null");
        }
        if (heldOutCoalitions < 0 || heldOutCoalitions % 2 != 0) {
            throw new IllegalArgumentException("heldOutCoalitions must be even and >= 0 (pairs), got "
                    + heldOutCoalitions);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        if (design == null) {
            throw new IllegalArgumentException("design must not be null");
        }
        if (forwardBudget < 0 || (forwardBudget > 0 && autoBudget)) {
            throw new IllegalArgumentException("forwardBudget must be >= 0 and needs a fixed coalition ceiling, got "
                    + forwardBudget + (autoBudget ? " with an automatic budget" : ""));
        }
    }

    /** The paired design without a forward budget (the options before designs could be chosen). */
    public KernelShapOptions(int budget, int maxBudget, boolean autoBudget, double convergenceThreshold,
            Allocation allocation, SingletonPolicy singletons, int heldOutCoalitions, int batchSize, long seed) {
        this(budget, maxBudget, autoBudget, convergenceThreshold, allocation, singletons, heldOutCoalitions,
                batchSize, seed, Design.PAIRS, 0);
    }

    /** One sampled design of {@code budget} coalitions, equal allocation, defaults elsewhere. */
    public static KernelShapOptions fixedBudget(int budget, long seed) {
        return new KernelShapOptions(budget, budget, false, DEFAULT_CONVERGENCE_THRESHOLD, Allocation.EQUAL,
                SingletonPolicy.AUTO, DEFAULT_HELD_OUT_COALITIONS, DEFAULT_BATCH_SIZE, seed);
    }

    /** Nested doubling designs from 4M coalitions up to {@code maxBudget}, stopping when converged. */
    public static KernelShapOptions autoBudget(int maxBudget, long seed) {
        return new KernelShapOptions(0, maxBudget, true, DEFAULT_CONVERGENCE_THRESHOLD, Allocation.EQUAL,
                SingletonPolicy.AUTO, DEFAULT_HELD_OUT_COALITIONS, DEFAULT_BATCH_SIZE, seed);
    }

    /** A copy with another first-step budget (automatic mode only). */
    public KernelShapOptions withInitialBudget(int firstBudget) {
        if (!autoBudget) {
            throw new IllegalStateException("withInitialBudget applies to automatic budgets; use fixedBudget");
        }
        return new KernelShapOptions(firstBudget, maxBudget, true, convergenceThreshold, allocation, singletons,
                heldOutCoalitions, batchSize, seed, design, forwardBudget);
    }

    /** A copy with another convergence threshold. */
    public KernelShapOptions withConvergenceThreshold(double t) {
        return new KernelShapOptions(budget, maxBudget, autoBudget, t, allocation, singletons, heldOutCoalitions,
                batchSize, seed, design, forwardBudget);
    }

    /** A copy with another size allocation. */
    public KernelShapOptions withAllocation(Allocation a) {
        return new KernelShapOptions(budget, maxBudget, autoBudget, convergenceThreshold, a, singletons,
                heldOutCoalitions, batchSize, seed, design, forwardBudget);
    }

    /** A copy with another singleton policy. */
    public KernelShapOptions withSingletons(SingletonPolicy policy) {
        return new KernelShapOptions(budget, maxBudget, autoBudget, convergenceThreshold, allocation, policy,
                heldOutCoalitions, batchSize, seed, design, forwardBudget);
    }

    /** A copy with another number of held-out coalitions (even, {@code 0} = off). */
    public KernelShapOptions withHeldOutCoalitions(int count) {
        return new KernelShapOptions(budget, maxBudget, autoBudget, convergenceThreshold, allocation, singletons,
                count, batchSize, seed, design, forwardBudget);
    }

    /** A copy with another oracle batch size. */
    public KernelShapOptions withBatchSize(int size) {
        return new KernelShapOptions(budget, maxBudget, autoBudget, convergenceThreshold, allocation, singletons,
                heldOutCoalitions, size, seed, design, forwardBudget);
    }

    /** A copy with another seed. */
    public KernelShapOptions withSeed(long newSeed) {
        return new KernelShapOptions(budget, maxBudget, autoBudget, convergenceThreshold, allocation, singletons,
                heldOutCoalitions, batchSize, newSeed, design, forwardBudget);
    }

    /** A copy with another design. */
    public KernelShapOptions withDesign(Design d) {
        return new KernelShapOptions(budget, maxBudget, autoBudget, convergenceThreshold, allocation, singletons,
                heldOutCoalitions, batchSize, seed, d, forwardBudget);
    }

    /**
     * A copy that stops the sampled design once {@code forwards} tile forwards are spent ({@code 0} = no limit);
     * the coalition budget stays the ceiling. Fixed budgets only.
     */
    public KernelShapOptions withForwardBudget(long forwards) {
        return new KernelShapOptions(budget, maxBudget, autoBudget, convergenceThreshold, allocation, singletons,
                heldOutCoalitions, batchSize, seed, design, forwards);
    }
}

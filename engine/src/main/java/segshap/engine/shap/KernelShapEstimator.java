package segshap.engine.shap;

import segshap.engine.coalition.Coalition;
import segshap.engine.coalition.Game;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import segshap.kernels.InputException;

/**
 * KernelSHAP over a batched value oracle: exact enumeration when every coalition fits the budget, otherwise
 * the size-stratified paired design sampled without replacement (research note §3.7).
 *
 * <p>Steps: evaluate v(∅) and v(N) (the efficiency constraint); if M {@code <=}
 * {@link ExactShapley#MAX_PLAYERS} and 2^M − 2 {@code <=} the (maximum) budget, enumerate all coalitions and
 * use the closed-form Shapley sum. Otherwise build the nested design of ⌊B/2⌋ pairs {S, N\S} (see
 * {@link Allocation}), evaluate it in batches of distinct, not yet evaluated coalitions, and solve the
 * constrained weighted least squares with Horvitz–Thompson weights q(s)/n_s, the constraint Σφ = Δ imposed
 * exactly by projection. Standard errors are design-based (delta method, §3.3). With an automatic budget
 * the budget doubles (every earlier value reused) until the Covert–Lee ratio max SE / (max φ − min φ) is
 * below the threshold for every value function, or the maximum budget is reached. Finally the condition
 * number, the relative L1 change against the nested half (or previous) design and the held-out fit are
 * computed. Everything is deterministic for a given seed.
 *
 * <p>Guarantees: Σφ = Δ to rounding (about 1e−15·|Δ|) in both modes; an additive game is reproduced
 * exactly by any full-rank design; in exact mode dummy players get exactly 0 and symmetric players equal
 * values up to rounding. In sampled mode dummy and symmetric players are right only in expectation (within
 * a few SE): the paired design never evaluates S and S ∪ {i} together, so a dummy cannot be recognised from
 * the data — drop known dummy units (non-varying, outside every relevant tile) before building the game.
 *
 * <p>Standard errors: the delta-method sandwich of §3.3(4) with leverage-corrected residuals (HC2, or the
 * conservative HC3 when the sampled pairs do not outnumber M − 1); see {@code PairRegression} for the Monte
 * Carlo calibration. Cost besides the oracle: per solved design a Cholesky factorisation and inverse of an
 * M×M matrix and O(pairs·M²/4) for the standard errors, plus one symmetric eigen-decomposition for κ at the
 * end; M = 2000, B = 8000, K = 4 took about 20 s on one CPU core, M = 300, B = 2000 about 0.1 s.
 *
 * <p>Example: {@code estimate(game, 300, KernelShapOptions.fixedBudget(2000, 7), ProgressListener.NONE)}
 * evaluates v(∅), v(N), 2000 design coalitions and 64 held-out ones (2066 evaluations), and returns one
 * {@link ShapleyResult} per value function of {@code game}.
 */
public final class KernelShapEstimator {
    /** ε_abs of §3.8: floors for the relative L1 change and the Covert–Lee denominator, times max(1, |Δ|). */
    private static final double RELATIVE_FLOOR = 1e-12;

    private final CachedGame game;
    private final int playerCount;
    private final KernelShapOptions options;
    private final int valueCount;
    private final double[] empty;
    private final double[] full;
    private final ProgressListener progress;

    private KernelShapEstimator(CachedGame game, int playerCount, KernelShapOptions options, ProgressListener progress) {
        this.progress = progress;
        this.game = game;
        this.playerCount = playerCount;
        this.options = options;
        this.valueCount = game.valueCount();
        this.empty = new double[valueCount];
        this.full = new double[valueCount];
    }

    /**
     * Estimates the Shapley values of every value function of {@code game}.
     *
     * @param game K value functions over coalitions of {@code playerCount} players
     * @param playerCount number of players M {@code >= 0} (units after dropping non-varying ones)
     * @param options budget, allocation, seed
     * @param progress receives (evaluated, planned) after every batch
     * @throws InputException when a sampled design is needed and the budget is below 2M coalitions, or the
     *     design at the (maximum) budget does not identify the attributions
     */
    public static ShapleyEstimate estimate(Game game, int playerCount, KernelShapOptions options,
            ProgressListener progress) {
        if (options == null) {
            throw new IllegalArgumentException("options must not be null");
        }
        CachedGame cached = new CachedGame(game, playerCount, options.batchSize(), progress);
        return new KernelShapEstimator(cached, playerCount, options, progress).run();
    }

    /** Whether {@code budget} coalitions hold all 2^M − 2 proper coalitions (and M is enumerable). */
    static boolean isExact(int playerCount, int budget) {
        return playerCount <= ExactShapley.MAX_PLAYERS && (1L << playerCount) - 2 <= budget;
    }

    /**
     * The singleton policy resolved against M and the (maximum) budget B. AUTO forces the singleton pairs
     * when B {@code <} 4M (where §3.7 measured a gain) and B still leaves every other stratum at least one
     * pair (B/2 {@code >=} M + ⌊M/2⌋ − 1); otherwise the singletons would eat the whole budget and the other
     * sizes' kernel mass would be missing from the estimate without any trace in the standard errors.
     */
    static boolean forcesSingletons(KernelShapOptions options, int playerCount) {
        switch (options.singletons()) {
            case ALWAYS:
                return true;
            case NEVER:
                return false;
            default:
                long pairs = options.maxBudget() / 2;
                return (long) options.maxBudget() < 4L * playerCount && pairs >= playerCount + playerCount / 2 - 1;
        }
    }

    private ShapleyEstimate run() {
        int m = playerCount;
        Coalition none = Coalition.empty(m);
        Coalition all = Coalition.full(m);
        boolean forced = m >= 2 && forcesSingletons(options, m) && options.design() == Design.PAIRS;
        // a forward budget enumerates only when the 2^M − 2 coalitions also fit it (a coalition costs ≥ 0 forwards)
        long exactCeiling = options.forwardBudget() > 0 ? Math.min(options.maxBudget(), options.forwardBudget())
                : options.maxBudget();
        if (isExact(m, (int) exactCeiling)) {
            return ExactShapley.compute(game, m, options.seed(), options.allocation(), forced);
        }
        long forwardsBefore = game.forwardsSpent();
        if (options.forwardBudget() > 0 && forwardsBefore < 0) {
            throw new IllegalArgumentException("a forward budget needs a game that counts its tile forwards");
        }
        int minimum = options.design() == Design.WALKS ? 4 * (m - 1) : 2 * m;
        if (options.maxBudget() < minimum) {
            throw new InputException("KernelSHAP budget " + options.maxBudget() + " coalitions is below "
                    + (options.design() == Design.WALKS ? "4(M − 1) = " : "2M = ") + minimum + " for M = " + m
                    + " units: the attributions are not identified"
                    + (options.design() == Design.WALKS ? " with standard errors (two walk pairs)" : "")
                    + "; raise the budget to at least " + minimum + " (better >= " + 2 * minimum
                    + ") or use coarser units");
        }
        int firstBudget = options.autoBudget()
                ? Math.min(options.maxBudget(), options.budget() > 0 ? Math.max(options.budget(), minimum) : 2 * minimum)
                : options.budget();
        game.evaluateAll(List.of(none, all), 2 + firstBudget + options.heldOutCoalitions());
        System.arraycopy(game.value(none), 0, empty, 0, valueCount);
        System.arraycopy(game.value(all), 0, full, 0, valueCount);
        Fit fit = options.design() == Design.WALKS ? fitWalks(firstBudget, forwardsBefore)
                : fitPairs(firstBudget, forced, forwardsBefore);
        return finish(fit, forced, forwardsBefore);
    }

    /** A solved final design, the design it is compared with, and what it took. */
    private record Fit(PairRegression.Solution current, PairRegression.Solution previous, double[] ratio, int budget,
            int steps, Coalition[] heldOut) {}

    /** The design a budget grew to: its solution, the step before (automatic budgets), its ratios, size and steps. */
    private record Growth(PairRegression.Solution current, PairRegression.Solution previous, double[] ratio, int size,
            int steps) {}

    /**
     * Solves the design of size {@code first} (coalitions or walk pairs) and, with an automatic budget, doubles it up
     * to {@code max} until every value function's convergence ratio is below the threshold; a rank-deficient step
     * ({@code solveAt} returns {@code null}) doubles too, and at the last size is refused with {@code rankDeficient}.
     */
    private Growth grow(int first, int max, IntFunction<PairRegression.Solution> solveAt,
            IntFunction<String> rankDeficient) {
        int size = first;
        PairRegression.Solution previous = null;
        int steps = 0;
        while (true) {
            steps++;
            PairRegression.Solution current = solveAt.apply(size);
            boolean last = !options.autoBudget() || size >= max;
            if (current == null) {
                if (last) {
                    throw new InputException(rankDeficient.apply(size));
                }
                size = (int) Math.min(max, 2L * size);
                continue;
            }
            progress.onEstimate(current.phi);
            double[] ratio = convergenceRatios(current);
            if (last || max(ratio) < options.convergenceThreshold()) {
                return new Growth(current, previous, ratio, size, steps);
            }
            previous = current;
            size = (int) Math.min(max, 2L * size);
        }
    }

    private Fit fitPairs(int firstBudget, boolean forced, long forwardsBefore) {
        int m = playerCount;
        PairDesign design = new PairDesign(m, options.allocation(), forced, options.seed());
        int budget = firstBudget;
        if (options.forwardBudget() > 0) {
            budget = 2 * evaluatePairsWithinForwards(design, pairsFor(design, budget), forwardsBefore);
        }
        Growth g = grow(budget, options.maxBudget(),
                b -> solveDesign(design, pairsFor(design, b), true, b + 2 + options.heldOutCoalitions()),
                b -> "the KernelSHAP design of " + b + " coalitions for M = " + m + " units is rank-deficient (some units"
                        + " never vary independently); raise the budget or set singletons to ALWAYS");
        budget = g.size();
        PairRegression.Solution previous = g.previous();
        if (!options.autoBudget()) {
            previous = solveDesign(design, pairsFor(design, budget) / 2, false, 0);
        }
        int pairs = pairsFor(design, budget);
        Coalition[] heldOut = design.heldOutPairs(design.countsOfPrefix(pairs), options.heldOutCoalitions() / 2);
        return new Fit(g.current(), previous, g.ratio(), 2 * pairs, g.steps(), heldOut);
    }

    /**
     * Evaluates the design's pairs in batches until {@code forwardBudget} tile forwards are spent (at least M pairs,
     * so that the design can identify φ; at most {@code maxPairs}); returns the pairs evaluated.
     */
    private int evaluatePairsWithinForwards(PairDesign design, int maxPairs, long forwardsBefore) {
        int chunk = Math.max(1, options.batchSize() / 2);
        int pairs = 0;
        while (pairs < maxPairs && (pairs < playerCount || !forwardBudgetSpent(forwardsBefore))) {
            int next = Math.min(maxPairs, pairs + chunk);
            Coalition[] members = design.pairsOfPrefix(next);
            List<Coalition> batch = new ArrayList<>(2 * (next - pairs));
            for (int u = pairs; u < members.length; u++) {
                batch.add(members[u]);
                batch.add(members[u].complement());
            }
            game.evaluateAll(batch, 2 * maxPairs + 2 + options.heldOutCoalitions());
            pairs = members.length;
            if (members.length < next) {
                break; // every pair there is
            }
        }
        return pairs;
    }

    private boolean forwardBudgetSpent(long forwardsBefore) {
        return game.forwardsSpent() - forwardsBefore >= options.forwardBudget();
    }

    /**
     * The walk design: W = ⌊B / 2(M−1)⌋ walk pairs (at least 2), or, with a forward budget, walk pairs until the
     * budget is spent; doubling W when automatic. φ_i is the mean over walk pairs of i's marginal contributions
     * v(S ∪ {i}) − v(S) along the forward and the reverse walk (permutation sampling, antithetic): unbiased for any W,
     * exactly efficient (each walk's contributions telescope to Δ), and the walk pairs are independent, so the
     * standard error is the sample standard deviation of the walk-pair means over √W. (A constrained regression on
     * the same coalitions was biased at practical W: decisions 71.)
     */
    private Fit fitWalks(int firstBudget, long forwardsBefore) {
        WalkDesign walks = new WalkDesign(playerCount, options.seed());
        PairDesign strata = new PairDesign(playerCount, Allocation.EQUAL, false, options.seed()); // held-out pairs
        int perWalk = walks.coalitionsPerWalk();
        int maxWalks = Math.max(2, options.maxBudget() / perWalk);
        int w = Math.max(2, firstBudget / perWalk);
        if (options.forwardBudget() > 0) {
            int evaluated = 0;
            while (evaluated < maxWalks && (evaluated < 2 || !forwardBudgetSpent(forwardsBefore))) {
                game.evaluateAll(walks.evaluationOrder(evaluated), (evaluated + 1) * perWalk + 2);
                evaluated++;
            }
            w = evaluated;
        }
        Growth g = grow(w, maxWalks, size -> {
            for (int k = 0; k < size; k++) { // evaluated walks are cached: only the new ones run
                game.evaluateAll(walks.evaluationOrder(k), size * perWalk + 2 + options.heldOutCoalitions());
            }
            return walkMeans(walks, size);
        }, size -> "walk means are never rank-deficient");
        w = g.size();
        PairRegression.Solution previous = g.previous();
        if (!options.autoBudget()) {
            previous = walkMeans(walks, w / 2);
        }
        Coalition[] heldOut = strata.heldOutPairs(new int[strata.strata()], options.heldOutCoalitions() / 2);
        return new Fit(g.current(), previous, g.ratio(), w * perWalk, g.steps(), heldOut);
    }

    /**
     * φ and standard errors of the first {@code w} walk pairs (all evaluated): per walk pair, d_i = ½(forward + reverse
     * marginal contribution of i); φ = mean of d, SE = sd(d)/√W (0 when W = 1). Sums run in walk order (deterministic).
     */
    private PairRegression.Solution walkMeans(WalkDesign walks, int w) {
        int m = playerCount;
        double[][] sum = new double[valueCount][m];
        double[][] sumSquares = new double[valueCount][m];
        double[][] d = new double[valueCount][m];
        Coalition all = Coalition.full(m);
        for (int walk = 0; walk < w; walk++) {
            int[] order = walks.order(walk);
            Coalition[] prefixes = walks.prefixes(walk);
            for (double[] row : d) {
                java.util.Arrays.fill(row, 0);
            }
            for (int k = 0; k < m; k++) { // forward: π_{k+1} joins S_k; reverse: π_{k+1} joins N\S_{k+1}
                int unit = order[k];
                double[] before = k == 0 ? empty : game.value(prefixes[k - 1]);
                double[] after = k == m - 1 ? full : game.value(prefixes[k]);
                double[] reverseBefore = k == m - 1 ? empty : game.value(prefixes[k].complement());
                double[] reverseAfter = k == 0 ? full : game.value(prefixes[k - 1].complement());
                for (int v = 0; v < valueCount; v++) {
                    d[v][unit] = 0.5 * ((after[v] - before[v]) + (reverseAfter[v] - reverseBefore[v]));
                }
            }
            for (int v = 0; v < valueCount; v++) {
                for (int i = 0; i < m; i++) {
                    sum[v][i] += d[v][i];
                    sumSquares[v][i] += d[v][i] * d[v][i];
                }
            }
        }
        double[][] phi = new double[valueCount][m];
        double[][] stderr = new double[valueCount][m];
        for (int v = 0; v < valueCount; v++) {
            for (int i = 0; i < m; i++) {
                phi[v][i] = sum[v][i] / w;
                double variance = w > 1 ? Math.max(0, (sumSquares[v][i] - sum[v][i] * phi[v][i]) / (w - 1)) : 0;
                stderr[v][i] = Math.sqrt(variance / w);
            }
        }
        return new PairRegression.Solution(phi, stderr, null);
    }

    private ShapleyEstimate finish(Fit fit, boolean forced, long forwardsBefore) {
        double condition = fit.current().conditionNumber();
        List<Coalition> heldOutList = new ArrayList<>(2 * fit.heldOut().length);
        for (Coalition c : fit.heldOut()) {
            heldOutList.add(c);
            heldOutList.add(c.complement());
        }
        game.evaluateAll(heldOutList, game.evaluations() + heldOutList.size());

        List<ShapleyResult> results = new ArrayList<>(valueCount);
        for (int v = 0; v < valueCount; v++) {
            double[] phi = fit.current().phi[v];
            double delta = full[v] - empty[v];
            double sum = 0;
            for (double p : phi) {
                sum += p;
            }
            double relL1 = fit.previous() == null ? Double.NaN : relativeL1Change(phi, fit.previous().phi[v], delta);
            double[] heldOutFit = heldOutFit(heldOutList, phi, v);
            Diagnostics d = new Diagnostics(relL1, Math.abs(delta - sum), condition, heldOutFit[0], heldOutFit[1],
                    fit.ratio()[v]);
            results.add(new ShapleyResult(phi, fit.current().stderr[v], full[v], empty[v], d));
        }
        SamplingInfo info = new SamplingInfo(fit.budget(), game.evaluations(), false, options.seed(),
                options.design() == Design.WALKS ? Allocation.EQUAL : options.allocation(), forced, fit.steps(),
                max(fit.ratio()) < options.convergenceThreshold(), options.design(),
                ExactShapley.forwardsSince(game, forwardsBefore));
        return new ShapleyEstimate(results, info);
    }

    /** Pairs of a budget: ⌊B/2⌋, at most every pair there is. */
    private static int pairsFor(PairDesign design, int budget) {
        return (int) Math.min(budget / 2, design.totalPairs());
    }

    /** Evaluates (when {@code evaluate}) and solves the design of the first {@code pairs} pairs. */
    private PairRegression.Solution solveDesign(PairDesign design, int pairs, boolean evaluate, int planned) {
        Coalition[] members = design.pairsOfPrefix(pairs);
        int[] strataOfPairs = design.strataOfPrefix(pairs);
        Coalition[] complements = new Coalition[members.length];
        List<Coalition> order = new ArrayList<>(2 * members.length);
        for (int u = 0; u < members.length; u++) {
            complements[u] = members[u].complement();
            order.add(members[u]);
            order.add(complements[u]);
        }
        if (evaluate) {
            game.evaluateAll(order, planned);
        } else {
            for (Coalition c : order) {
                if (!game.isCached(c)) {
                    throw new IllegalStateException("nested design coalition " + c + " was not evaluated");
                }
            }
        }
        if (members.length == 0) {
            return null;
        }
        double[][] memberValues = new double[members.length][];
        double[][] complementValues = new double[members.length][];
        for (int u = 0; u < members.length; u++) {
            memberValues[u] = game.value(members[u]);
            complementValues[u] = game.value(complements[u]);
        }
        int[] counts = new int[design.strata()];
        for (int h : strataOfPairs) {
            counts[h]++;
        }
        return PairRegression.solve(design, members, strataOfPairs, counts, memberValues, complementValues, empty,
                full, evaluate);
    }

    private double[] convergenceRatios(PairRegression.Solution s) {
        double[] out = new double[valueCount];
        for (int v = 0; v < valueCount; v++) {
            double maxSe = 0;
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < playerCount; i++) {
                maxSe = Math.max(maxSe, s.stderr[v][i]);
                lo = Math.min(lo, s.phi[v][i]);
                hi = Math.max(hi, s.phi[v][i]);
            }
            double floor = RELATIVE_FLOOR * Math.max(1, Math.abs(full[v] - empty[v]));
            out[v] = maxSe / Math.max(hi - lo, floor);
        }
        return out;
    }

    private static double relativeL1Change(double[] phi, double[] before, double delta) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < phi.length; i++) {
            diff += Math.abs(phi[i] - before[i]);
            norm += Math.abs(phi[i]);
        }
        return diff / Math.max(norm, RELATIVE_FLOOR * Math.max(1, Math.abs(delta)));
    }

    /** {MAE, R²} of v̂(z) = v0 + Σ_{i∈z} φ_i over the held-out coalitions; NaN when there are none. */
    private double[] heldOutFit(List<Coalition> heldOut, double[] phi, int v) {
        int n = heldOut.size();
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double[] actual = new double[n];
        double absSum = 0;
        double sqSum = 0;
        double mean = 0;
        for (int j = 0; j < n; j++) {
            Coalition c = heldOut.get(j);
            double predicted = empty[v];
            for (int i : c.members()) {
                predicted += phi[i];
            }
            actual[j] = game.value(c)[v];
            double r = actual[j] - predicted;
            absSum += Math.abs(r);
            sqSum += r * r;
            mean += actual[j] / n;
        }
        double total = 0;
        for (double a : actual) {
            total += (a - mean) * (a - mean);
        }
        return new double[] {absSum / n, total > 0 ? 1 - sqSum / total : Double.NaN};
    }

    private static double max(double[] a) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : a) {
            m = Math.max(m, x);
        }
        return m;
    }
}

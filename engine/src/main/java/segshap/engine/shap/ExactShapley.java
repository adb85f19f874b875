package segshap.engine.shap;

import segshap.engine.coalition.Coalition;
import segshap.engine.coalition.Game;
import java.util.ArrayList;
import java.util.List;

/**
 * Exact Shapley values by enumerating all 2^M coalitions, for K value functions at once.
 *
 * <p>φ_i = Σ_{S ⊆ N\{i}} ω(|S|)·[v(S ∪ {i}) − v(S)] with ω(s) = s!(M−s−1)!/M! = 1/(M·C(M−1, s)). The
 * marginal contributions are first summed per size s and then divided by M·C(M−1, s), which is exact in
 * double for M {@code <=} 20 (one rounding per size). A player whose marginal contributions are all exactly 0
 * (a dummy) gets exactly 0. Cost: 2^M evaluations and K·M·2^(M−1) additions. Example: the glove game on 3
 * players (left gloves 0, 1; right glove 2) gives (1/6, 1/6, 2/3).
 */
public final class ExactShapley {

    /** Largest M enumerated: 2^20 coalitions already cost 2^20 model evaluations. */
    public static final int MAX_PLAYERS = 20;

    private ExactShapley() {
    }

    /**
     * Evaluates all 2^M coalitions of {@code game} (in batches, ascending mask order) and returns their exact
     * Shapley values.
     *
     * @param game the K value functions
     * @param playerCount M in {@code [0, MAX_PLAYERS]}
     * @param batchSize most coalitions per oracle call, {@code >= 1}
     * @param progress receives (evaluated, 2^M) after every batch
     * @throws IllegalArgumentException when M is outside {@code [0, MAX_PLAYERS]}
     */
    public static ShapleyEstimate compute(Game game, int playerCount, int batchSize,
            ProgressListener progress) {
        checkPlayerCount(playerCount);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        CachedGame cached = new CachedGame(game, playerCount, batchSize, progress);
        return compute(cached, playerCount, 0L, Allocation.EQUAL, false);
    }

    /** Enumerates through {@code cached} (reusing whatever it holds) and packages the exact result. */
    static ShapleyEstimate compute(CachedGame cached, int playerCount, long seed, Allocation allocation,
            boolean singletonsForced) {
        checkPlayerCount(playerCount);
        int count = 1 << playerCount;
        int k = cached.valueCount();
        long forwardsBefore = cached.forwardsSpent();
        double[] table = new double[count * k]; // (2^M, K), row = mask
        int chunk = 1 << 14;
        for (int from = 0; from < count; from += chunk) {
            int to = Math.min(count, from + chunk);
            List<Coalition> part = new ArrayList<>(to - from);
            for (int mask = from; mask < to; mask++) {
                part.add(Coalition.fromMask(playerCount, mask));
            }
            cached.evaluateAll(part, count);
            for (int mask = from; mask < to; mask++) {
                System.arraycopy(cached.value(part.get(mask - from)), 0, table, mask * k, k);
            }
        }
        double[][] phi = shapleyValues(playerCount, k, table);
        List<ShapleyResult> results = new ArrayList<>(k);
        for (int m = 0; m < k; m++) {
            double empty = table[m];
            double full = table[(count - 1) * k + m];
            double sum = 0;
            for (double p : phi[m]) {
                sum += p;
            }
            Diagnostics d = new Diagnostics(Double.NaN, Math.abs(full - empty - sum), Double.NaN, Double.NaN,
                    Double.NaN, 0.0);
            results.add(new ShapleyResult(phi[m], new double[playerCount], full, empty, d));
        }
        SamplingInfo info = new SamplingInfo(count - 2 < 0 ? 0 : count - 2, cached.evaluations(), true, seed,
                allocation, singletonsForced, 1, true, Design.PAIRS, forwardsSince(cached, forwardsBefore));
        return new ShapleyEstimate(results, info);
    }

    /**
     * Exact Shapley values from a full table of values.
     *
     * @param playerCount M in {@code [0, MAX_PLAYERS]}
     * @param valueCount K {@code >= 1}
     * @param valuesByMask {@code (2^M, K)} row-major: entry {@code mask·K + m} is value function m on the
     *     coalition whose player i is kept iff bit i of mask is set
     * @return {@code phi[m][i]}
     */
    public static double[][] shapleyValues(int playerCount, int valueCount, double[] valuesByMask) {
        checkPlayerCount(playerCount);
        int count = 1 << playerCount;
        if (valueCount < 1 || valuesByMask.length != (long) count * valueCount) {
            throw new IllegalArgumentException("valuesByMask must hold 2^" + playerCount + " x " + valueCount
                    + " values, got " + valuesByMask.length);
        }
        int mPlayers = playerCount;
        int k = valueCount;
        double[] marginalBySize = new double[k * mPlayers * Math.max(mPlayers, 1)]; // (K, M, size)
        for (int s = 0; s < count; s++) {
            int size = Integer.bitCount(s);
            int outside = ~s & (count - 1);
            while (outside != 0) {
                int i = Integer.numberOfTrailingZeros(outside);
                outside &= outside - 1;
                int t = s | (1 << i);
                for (int m = 0; m < k; m++) {
                    marginalBySize[(m * mPlayers + i) * mPlayers + size] += valuesByMask[t * k + m] - valuesByMask[s * k + m];
                }
            }
        }
        double[] denominator = new double[mPlayers]; // M·C(M−1, s), exact in double for M <= 20
        double binom = 1;
        for (int s = 0; s < mPlayers; s++) {
            denominator[s] = mPlayers * binom;
            binom = binom * (mPlayers - 1 - s) / (s + 1);
        }
        double[][] phi = new double[k][mPlayers];
        for (int m = 0; m < k; m++) {
            for (int i = 0; i < mPlayers; i++) {
                double sum = 0;
                for (int s = 0; s < mPlayers; s++) {
                    sum += marginalBySize[(m * mPlayers + i) * mPlayers + s] / denominator[s];
                }
                phi[m][i] = sum;
            }
        }
        return phi;
    }

    /** Forwards the game ran since {@code before}, −1 when it does not count them. */
    static long forwardsSince(CachedGame cached, long before) {
        long now = cached.forwardsSpent();
        return before < 0 || now < 0 ? -1 : now - before;
    }

    private static void checkPlayerCount(int playerCount) {
        if (playerCount < 0 || playerCount > MAX_PLAYERS) {
            throw new IllegalArgumentException("exact Shapley values enumerate 2^M coalitions and are limited to M <= "
                    + MAX_PLAYERS + " players, got M = " + playerCount
                    + "; use KernelShapEstimator with a sampled budget or coarser units");
        }
    }
}

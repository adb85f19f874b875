package segshap.engine.shap;

import segshap.engine.coalition.Coalition;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Antithetic permutation walks: walk w is a uniformly random order π of the M units; its forward half visits the
 * prefixes S_k = {π_1, …, π_k}, k = 1…M−1, and its reverse half (π read backwards) visits their complements
 * N\S_k. A walk pair therefore holds the M−1 complementary pairs {S_k, N\S_k}, one per size k: each size once in
 * each direction, which is the equal size allocation of {@link Allocation#EQUAL}, and each S_k is marginally a
 * uniform k-subset, so the Horvitz–Thompson weights q(s)/n_s of the paired design apply unchanged.
 *
 * <p>Consecutive coalitions of a half differ in one unit, so a tile changes its masked pattern only when that unit
 * meets it: a walk pair costs about 2·Σ_i (tiles unit i meets) forwards for 2(M−1) coalitions, against nearly every
 * relevant tile per coalition for independent pairs. The price is correlation: the coalitions of one walk are nested,
 * so the walk (not the pair) is the independent sampling unit of the standard errors. Walk w's order depends only on
 * the seed and w (a split of the root generator in walk order), so the first W walks of a larger design are the
 * design of W walks (nested budgets).
 */
final class WalkDesign {
    private final int playerCount;
    private final SplittableRandom root;
    private final List<int[]> orders = new ArrayList<>();

    WalkDesign(int playerCount, long seed) {
        if (playerCount < 2) {
            throw new IllegalArgumentException("a walk design needs M >= 2 players, got " + playerCount);
        }
        this.playerCount = playerCount;
        this.root = new SplittableRandom(seed);
    }

    /** Design coalitions of one walk pair: 2(M − 1). */
    int coalitionsPerWalk() {
        return 2 * (playerCount - 1);
    }

    /** The order of walk {@code w} (a permutation of 0…M−1; the caller must not modify it). */
    int[] order(int w) {
        while (orders.size() <= w) {
            SplittableRandom r = root.split();
            int[] p = new int[playerCount];
            for (int i = 0; i < playerCount; i++) {
                p[i] = i;
            }
            for (int i = playerCount - 1; i > 0; i--) { // Fisher–Yates
                int j = r.nextInt(i + 1);
                int t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
            orders.add(p);
        }
        return orders.get(w);
    }

    /** The prefixes S_1 … S_{M−1} of walk {@code w}, in walk order. */
    Coalition[] prefixes(int w) {
        int[] p = order(w);
        Coalition[] out = new Coalition[playerCount - 1];
        Coalition s = Coalition.empty(playerCount);
        for (int k = 1; k < playerCount; k++) {
            s = s.with(p[k - 1]);
            out[k - 1] = s;
        }
        return out;
    }

    /**
     * The coalitions of walk pair {@code w} in evaluation order: the forward half S_1 … S_{M−1}, then the reverse
     * half N\S_{M−1} … N\S_1 (each step adds one unit).
     */
    List<Coalition> evaluationOrder(int w) {
        Coalition[] s = prefixes(w);
        List<Coalition> out = new ArrayList<>(2 * s.length);
        for (Coalition c : s) {
            out.add(c);
        }
        for (int k = s.length - 1; k >= 0; k--) {
            out.add(s[k].complement());
        }
        return out;
    }
}

package segshap.engine.shap;

import segshap.engine.coalition.Coalition;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The size-stratified, paired, nested sampling design (research note §3.7).
 *
 * <p>Stratum h holds the coalition sizes s = h+1 and M−s (s = 1…⌊M/2⌋); its sampling unit is the pair
 * {S, N\S}, represented by its member of size s (for the middle stratum s = M/2 of even M: the member that
 * contains player M−1, so no pair is drawn twice). Each stratum owns a seeded stream of distinct pairs
 * (a uniformly random order of all its pairs, sampled without replacement). One budget-independent
 * allocation sequence says which stratum receives the next pair: the non-full stratum with the smallest
 * (k_h + ½)/d_h (Sainte-Laguë priority, ties to the smaller h), d_h = the stratum's share (number of sizes
 * for {@link Allocation#EQUAL}, kernel mass for {@link Allocation#KERNEL}). The design of P pairs is the
 * first P entries of that sequence, so a smaller budget's design is a prefix of a larger one's, and a
 * stratum whose share exceeds its size is enumerated.
 */
final class PairDesign {
    /** Strata with at most this many pairs are shuffled exactly; larger ones use rejection sampling. */
    private static final long SHUFFLE_LIMIT = 1L << 22;

    private final int playerCount;
    private final int strata;
    private final long[] capacity; // pairs per stratum, saturated at Long.MAX_VALUE
    private final double[] capacityDouble; // the same as a double (may be +Infinity)
    private final double[] kernelMass; // Σ over the stratum's sizes of q(s) = (M−1)/(s(M−s))
    private final double[] share;
    private final boolean singletonsForced;
    private final PairStream[] streams;
    private final List<Integer> sequence = new ArrayList<>(); // stratum of the t-th pair
    private final List<Integer> indexInStratum = new ArrayList<>(); // its position in that stratum's stream
    private final int[] allocated;
    private final PriorityQueue<Integer> queue;

    PairDesign(int playerCount, Allocation allocation, boolean forceSingletons, long seed) {
        if (playerCount < 2) {
            throw new IllegalArgumentException("a sampled design needs M >= 2 players, got " + playerCount);
        }
        this.playerCount = playerCount;
        this.strata = playerCount / 2;
        this.capacity = new long[strata];
        this.capacityDouble = new double[strata];
        this.kernelMass = new double[strata];
        this.share = new double[strata];
        BigInteger binom = BigInteger.ONE; // C(M, s), built up s by s
        BigInteger longMax = BigInteger.valueOf(Long.MAX_VALUE);
        for (int h = 0; h < strata; h++) {
            int s = h + 1;
            binom = binom.multiply(BigInteger.valueOf(playerCount - s + 1)).divide(BigInteger.valueOf(s));
            BigInteger pairs = isMiddle(h) ? binom.shiftRight(1) : binom; // C(M−1, s−1) = C(M, M/2)/2
            capacity[h] = pairs.compareTo(longMax) > 0 ? Long.MAX_VALUE : pairs.longValue();
            capacityDouble[h] = pairs.doubleValue();
            double q = (playerCount - 1.0) / ((double) s * (playerCount - s));
            kernelMass[h] = isMiddle(h) ? q : 2 * q;
            share[h] = allocation == Allocation.EQUAL ? (isMiddle(h) ? 1 : 2) : kernelMass[h];
        }
        this.singletonsForced = forceSingletons;
        SplittableRandom root = new SplittableRandom(seed);
        this.streams = new PairStream[strata];
        for (int h = 0; h < strata; h++) { // split in fixed stratum order
            streams[h] = new PairStream(h, root.split());
        }
        this.allocated = new int[strata];
        this.queue = new PriorityQueue<>(Math.max(1, strata), (a, b) -> {
            int c = Double.compare(priority(a), priority(b));
            return c != 0 ? c : Integer.compare(a, b);
        });
        for (int h = 0; h < strata; h++) {
            queue.add(h);
        }
        if (forceSingletons) {
            queue.remove(0);
            for (int i = 0; i < capacity[0]; i++) {
                append(0);
            }
            if (capacity[0] > allocated[0]) {
                queue.add(0);
            }
        }
    }

    private double priority(int h) {
        return (allocated[h] + 0.5) / share[h];
    }

    private void append(int h) {
        sequence.add(h);
        indexInStratum.add(allocated[h]);
        allocated[h]++;
    }

    boolean isMiddle(int h) {
        return playerCount % 2 == 0 && h + 1 == playerCount / 2;
    }

    int playerCount() {
        return playerCount;
    }

    int strata() {
        return strata;
    }

    boolean singletonsForced() {
        return singletonsForced;
    }

    /** Total number of pairs {S, N\S}: (2^M − 2)/2, saturated. */
    long totalPairs() {
        long t = 0;
        for (long c : capacity) {
            t = c > Long.MAX_VALUE - t ? Long.MAX_VALUE : t + c;
        }
        return t;
    }

    long capacity(int h) {
        return capacity[h];
    }

    double capacityAsDouble(int h) {
        return capacityDouble[h];
    }

    double kernelMass(int h) {
        return kernelMass[h];
    }

    /** Extends the allocation sequence to at least {@code pairs} entries (fewer if every stratum is full). */
    private void ensureSequence(int pairs) {
        while (sequence.size() < pairs && !queue.isEmpty()) {
            int h = queue.poll();
            append(h);
            if (allocated[h] < capacity[h]) {
                queue.add(h);
            }
        }
    }

    /** The stratum of every pair of the first {@code pairs} pairs, in design order. */
    int[] strataOfPrefix(int pairs) {
        ensureSequence(pairs);
        int n = Math.min(pairs, sequence.size());
        int[] out = new int[n];
        for (int t = 0; t < n; t++) {
            out[t] = sequence.get(t);
        }
        return out;
    }

    /** The canonical members (size s = h+1) of the first {@code pairs} pairs, in design order. */
    Coalition[] pairsOfPrefix(int pairs) {
        ensureSequence(pairs);
        int n = Math.min(pairs, sequence.size());
        Coalition[] out = new Coalition[n];
        for (int t = 0; t < n; t++) {
            out[t] = streams[sequence.get(t)].pair(indexInStratum.get(t));
        }
        return out;
    }

    /** Pair counts k_h of the first {@code pairs} pairs. */
    int[] countsOfPrefix(int pairs) {
        int[] k = new int[strata];
        for (int h : strataOfPrefix(pairs)) {
            k[h]++;
        }
        return k;
    }

    /**
     * Held-out pairs outside the design with counts {@code designCounts}: the next pairs of each stratum's
     * stream, spread over the non-full strata in proportion to kernel mass (same priority rule).
     */
    Coalition[] heldOutPairs(int[] designCounts, int pairs) {
        int[] extra = new int[strata];
        PriorityQueue<Integer> q = new PriorityQueue<>(Math.max(1, strata), (a, b) -> {
            int c = Double.compare((extra[a] + 0.5) / kernelMass[a], (extra[b] + 0.5) / kernelMass[b]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        for (int h = 0; h < strata; h++) {
            if (designCounts[h] < capacity[h]) {
                q.add(h);
            }
        }
        List<Coalition> out = new ArrayList<>();
        while (out.size() < pairs && !q.isEmpty()) {
            int h = q.poll();
            out.add(streams[h].pair(designCounts[h] + extra[h]));
            extra[h]++;
            if (designCounts[h] + extra[h] < capacity[h]) {
                q.add(h);
            }
        }
        return out.toArray(new Coalition[0]);
    }

    /** A stream of the distinct pairs of one stratum in uniformly random order; pair j never changes. */
    private final class PairStream {
        private final int h;
        private final SplittableRandom random;
        private final List<Coalition> drawn = new ArrayList<>();
        private final int chooseFrom; // players the free part is drawn from
        private final int choose; // how many of them
        // exact shuffle of ranks [0, capacity): lazy Fisher–Yates, only displaced positions stored
        private final Map<Long, Long> displaced;
        private final long[][] binomial; // C(n, i) for i <= choose, n <= chooseFrom (shuffle mode)
        // rejection mode
        private final Set<Coalition> seen;

        PairStream(int h, SplittableRandom random) {
            this.h = h;
            this.random = random;
            boolean middle = isMiddle(h);
            this.chooseFrom = middle ? playerCount - 1 : playerCount;
            this.choose = middle ? h : h + 1;
            if (capacity[h] <= SHUFFLE_LIMIT) {
                displaced = new HashMap<>();
                binomial = new long[choose + 1][chooseFrom + 1];
                for (int n = 0; n <= chooseFrom; n++) {
                    binomial[0][n] = 1;
                    for (int i = 1; i <= Math.min(choose, n); i++) {
                        // all entries are <= C(chooseFrom, choose) <= SHUFFLE_LIMIT, no overflow
                        binomial[i][n] = binomial[i][n - 1] + binomial[i - 1][n - 1];
                    }
                }
                seen = null;
            } else {
                displaced = null;
                binomial = null;
                seen = new HashSet<>();
            }
        }

        Coalition pair(int j) {
            while (drawn.size() <= j) {
                if (drawn.size() >= capacity[h]) {
                    throw new IllegalStateException("stratum of size " + (h + 1) + " has only " + capacity[h]
                            + " pairs; pair " + j + " requested");
                }
                drawn.add(displaced != null ? nextShuffled() : nextRejected());
            }
            return drawn.get(j);
        }

        private Coalition nextShuffled() {
            long i = drawn.size();
            long r = i + random.nextLong(capacity[h] - i);
            long atR = displaced.getOrDefault(r, r);
            long atI = displaced.getOrDefault(i, i);
            displaced.put(r, atI);
            displaced.remove(i);
            return unrank(atR);
        }

        /** The rank-th {@code choose}-subset of [0, chooseFrom) in colexicographic order, plus M−1 if middle. */
        private Coalition unrank(long rank) {
            long[] words = new long[(playerCount + 63) >>> 6];
            long r = rank;
            int c = chooseFrom - 1;
            for (int i = choose; i >= 1; i--) {
                while (binomial[i][c] > r) { // largest c with C(c, i) <= r
                    c--;
                }
                words[c >>> 6] |= 1L << c;
                r -= binomial[i][c];
                c--;
            }
            if (chooseFrom != playerCount) {
                words[(playerCount - 1) >>> 6] |= 1L << (playerCount - 1);
            }
            return Coalition.ofOwnedWords(playerCount, words);
        }

        private Coalition nextRejected() {
            if (drawn.size() > capacityDouble[h] / 2) {
                throw new IllegalStateException("rejection sampling would need more than half of the "
                        + capacityDouble[h] + " pairs of size " + (h + 1) + "; the budget is unrealistically large");
            }
            while (true) {
                long[] words = new long[(playerCount + 63) >>> 6];
                // Floyd's algorithm: a uniform choose-subset of [0, chooseFrom)
                for (int t = chooseFrom - choose; t < chooseFrom; t++) {
                    int x = random.nextInt(t + 1);
                    int pick = (words[x >>> 6] & (1L << x)) != 0 ? t : x;
                    words[pick >>> 6] |= 1L << pick;
                }
                if (chooseFrom != playerCount) {
                    words[(playerCount - 1) >>> 6] |= 1L << (playerCount - 1);
                }
                Coalition c = Coalition.ofOwnedWords(playerCount, words);
                if (seen.add(c)) {
                    return c;
                }
            }
        }
    }
}

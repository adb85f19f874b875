package segshap.engine.shap;

import segshap.engine.coalition.Coalition;
import segshap.engine.coalition.Game;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/** Test games with known Shapley values (research note §4.2, §4.3) and a recording oracle. */
final class Games {
    private Games() {
    }

    /** A game from K plain functions; records every coalition it is asked for, in order. */
    static final class RecordingGame implements Game {
        final int playerCount;
        private final List<ToDoubleFunction<Coalition>> functions;
        final List<Coalition> evaluated = new ArrayList<>();
        final List<Integer> batchSizes = new ArrayList<>();

        @SafeVarargs
        RecordingGame(int playerCount, ToDoubleFunction<Coalition>... functions) {
            this.playerCount = playerCount;
            List<ToDoubleFunction<Coalition>> list = new ArrayList<>();
            for (ToDoubleFunction<Coalition> f : functions) { // not List.of(functions): -Xlint:varargs
                list.add(f);
            }
            this.functions = List.copyOf(list);
        }

        @Override
        public double[][] evaluate(List<Coalition> batch) {
            batchSizes.add(batch.size());
            double[][] out = new double[batch.size()][functions.size()];
            for (int j = 0; j < batch.size(); j++) {
                Coalition c = batch.get(j);
                evaluated.add(c);
                for (int m = 0; m < functions.size(); m++) {
                    out[j][m] = functions.get(m).applyAsDouble(c);
                }
            }
            return out;
        }

        @Override
        public int valueCount() {
            return functions.size();
        }
    }

    static double sumOf(Coalition s, double[] a) {
        double v = 0;
        for (int i : s.members()) {
            v += a[i];
        }
        return v;
    }

    static boolean containsAll(Coalition s, int... players) {
        for (int p : players) {
            if (!s.contains(p)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Harsanyi-dividend game v(S) = c0 + Σ_T d_T·[T ⊆ S] with a sparse random family of sets T; its Shapley
     * values are φ_i = Σ_{T ∋ i} d_T/|T| (§4.3).
     */
    static final class Harsanyi {
        final int playerCount;
        final double base;
        final long[][] sets; // words of each T
        final int[] sizes;
        final double[] dividends;
        final double[] shapley;

        Harsanyi(int playerCount, int setCount, int maxSetSize, long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            this.playerCount = playerCount;
            this.base = r.nextDouble(-2, 2);
            this.sets = new long[setCount][];
            this.sizes = new int[setCount];
            this.dividends = new double[setCount];
            this.shapley = new double[playerCount];
            List<Integer> players = new ArrayList<>();
            for (int i = 0; i < playerCount; i++) {
                players.add(i);
            }
            for (int t = 0; t < setCount; t++) {
                int size = 1 + r.nextInt(maxSetSize);
                // partial shuffle with our own generator (Collections.shuffle needs java.util.Random)
                for (int i = 0; i < size; i++) {
                    Collections.swap(players, i, i + r.nextInt(playerCount - i));
                }
                int[] members = new int[size];
                for (int i = 0; i < size; i++) {
                    members[i] = players.get(i);
                }
                sets[t] = Coalition.of(playerCount, members).toWords();
                sizes[t] = size;
                dividends[t] = r.nextDouble(-1, 1) * (1 + r.nextInt(5));
                for (int i : members) {
                    shapley[i] += dividends[t] / size;
                }
            }
        }

        double value(Coalition s) {
            long[] w = s.toWords();
            double v = base;
            for (int t = 0; t < sets.length; t++) {
                boolean inside = true;
                for (int j = 0; j < w.length && inside; j++) {
                    inside = (sets[t][j] & ~w[j]) == 0;
                }
                if (inside) {
                    v += dividends[t];
                }
            }
            return v;
        }
    }
}

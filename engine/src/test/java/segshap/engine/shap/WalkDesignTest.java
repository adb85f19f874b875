package segshap.engine.shap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import segshap.engine.coalition.Coalition;
import segshap.engine.coalition.Game;

/** The antithetic permutation-walk design: unbiased, efficient, deterministic, honest errors, cheap in tiles. */
class WalkDesignTest {
    /** 40 walk pairs: t with 39 degrees of freedom puts 94 % inside ±1.96 SE (heavy-tailed contributions, a little less). */
    static final int WALKS = 40;

    /** A Harsanyi game whose "tiles" are overlapping blocks of 12 players (step 6); a forward per new block pattern. */
    static final class TiledGame implements Game {
        final Games.Harsanyi h;
        final Set<String> seen = new HashSet<>();
        long forwards;

        TiledGame(Games.Harsanyi h) {
            this.h = h;
        }

        @Override
        public double[][] evaluate(List<Coalition> batch) {
            double[][] out = new double[batch.size()][1];
            for (int j = 0; j < batch.size(); j++) {
                Coalition c = batch.get(j);
                for (int t = 0; 6 * t < h.playerCount; t++) {
                    StringBuilder key = new StringBuilder().append(t).append(':');
                    for (int p = 6 * t; p < Math.min(h.playerCount, 6 * t + 12); p++) {
                        key.append(c.contains(p) ? '1' : '0');
                    }
                    if (seen.add(key.toString())) {
                        forwards++;
                    }
                }
                out[j][0] = h.value(c);
            }
            return out;
        }

        @Override
        public int valueCount() {
            return 1;
        }

        @Override
        public long forwardsSpent() {
            return forwards;
        }
    }

    private static KernelShapOptions walks(int budget, long seed) {
        return KernelShapOptions.fixedBudget(budget, seed).withDesign(Design.WALKS);
    }

    @Test
    void isUnbiasedEfficientAndItsJackknifeErrorsCoverOnAHarsanyiGame() {
        int m = 40;
        Games.Harsanyi h = new Games.Harsanyi(m, 60, 3, 77);
        int seeds = 60;
        double[] meanError = new double[m];
        double[] meanSquare = new double[m];
        int covered = 0;
        for (long seed = 1; seed <= seeds; seed++) {
            ShapleyEstimate est = KernelShapEstimator.estimate(new Games.RecordingGame(m, h::value), m,
                    walks(WALKS * 2 * (m - 1), seed), ProgressListener.NONE);
            assertFalse(est.sampling().exact());
            assertEquals(Design.WALKS, est.sampling().design());
            assertEquals(WALKS * 2 * (m - 1), est.sampling().budget());
            ShapleyResult r = est.result(0);
            double sum = 0;
            for (int i = 0; i < m; i++) {
                double e = r.phi()[i] - h.shapley[i];
                meanError[i] += e / seeds;
                meanSquare[i] += e * e / seeds;
                if (Math.abs(e) <= 1.96 * r.stderr()[i]) {
                    covered++;
                }
                sum += r.phi()[i];
            }
            assertEquals(r.delta(), sum, 1e-10 * Math.abs(r.delta()));
        }
        for (int i = 0; i < m; i++) {
            double seOfMean = Math.sqrt(meanSquare[i] / seeds);
            assertTrue(Math.abs(meanError[i]) <= 3 * seOfMean + 1e-12, "unit " + i + ": mean error " + meanError[i]
                    + " beyond 3 SE of the mean " + seOfMean);
        }
        double coverage = covered / (double) (seeds * m);
        assertTrue(coverage > 0.85 && coverage < 0.99, "1.96-SE coverage " + coverage);
    }

    @Test
    void isDeterministicPerSeedAndNested() {
        int m = 30;
        Games.Harsanyi h = new Games.Harsanyi(m, 40, 3, 5);
        Games.RecordingGame a = new Games.RecordingGame(m, h::value);
        Games.RecordingGame b = new Games.RecordingGame(m, h::value);
        ShapleyEstimate x = KernelShapEstimator.estimate(a, m, walks(8 * 2 * (m - 1), 9), ProgressListener.NONE);
        ShapleyEstimate y = KernelShapEstimator.estimate(b, m, walks(8 * 2 * (m - 1), 9), ProgressListener.NONE);
        assertArrayEquals(x.result(0).phi(), y.result(0).phi(), 0.0);
        assertArrayEquals(x.result(0).stderr(), y.result(0).stderr(), 0.0);
        assertEquals(a.evaluated, b.evaluated);
        Games.RecordingGame small = new Games.RecordingGame(m, h::value);
        KernelShapEstimator.estimate(small, m, walks(4 * 2 * (m - 1), 9).withHeldOutCoalitions(0),
                ProgressListener.NONE);
        // the 4-walk design's coalitions are the first ones the 8-walk design evaluated (after v(∅), v(N))
        assertEquals(a.evaluated.subList(0, small.evaluated.size()), small.evaluated);
        ShapleyEstimate other = KernelShapEstimator.estimate(new Games.RecordingGame(m, h::value), m,
                walks(8 * 2 * (m - 1), 10), ProgressListener.NONE);
        assertFalse(java.util.Arrays.equals(x.result(0).phi(), other.result(0).phi()));
    }

    @Test
    void anAutomaticBudgetDoublesWalksAndEndsOnTheFixedDesignOfItsSize() {
        int m = 30;
        Games.Harsanyi h = new Games.Harsanyi(m, 40, 3, 8);
        ShapleyEstimate auto = KernelShapEstimator.estimate(new Games.RecordingGame(m, h::value), m,
                KernelShapOptions.autoBudget(64 * 2 * (m - 1), 4).withDesign(Design.WALKS), ProgressListener.NONE);
        int budget = auto.sampling().budget();
        assertTrue(auto.sampling().steps() >= 2, "steps " + auto.sampling().steps());
        assertTrue(budget <= 64 * 2 * (m - 1) && budget % (2 * (m - 1)) == 0, "budget " + budget);
        ShapleyEstimate fixed = KernelShapEstimator.estimate(new Games.RecordingGame(m, h::value), m, walks(budget, 4),
                ProgressListener.NONE);
        assertArrayEquals(fixed.result(0).phi(), auto.result(0).phi(), 0.0);
        assertArrayEquals(fixed.result(0).stderr(), auto.result(0).stderr(), 0.0);
    }

    @Test
    void consecutiveCoalitionsDifferInOneUnit() {
        WalkDesign d = new WalkDesign(12, 3);
        List<Coalition> order = d.evaluationOrder(0);
        assertEquals(22, order.size());
        Coalition previous = Coalition.empty(12);
        for (int i = 0; i < order.size(); i++) {
            Coalition c = order.get(i);
            if (i == 11) { // the reverse half starts again from one unit
                assertEquals(1, c.size());
            } else {
                assertEquals(previous.size() + 1, c.size());
                for (int p : previous.members()) {
                    assertTrue(c.contains(p));
                }
            }
            previous = c;
        }
    }

    @Test
    void exactModeGivesDummiesZeroWhateverTheDesign() {
        int m = 8;
        Games.RecordingGame g = new Games.RecordingGame(m, s -> (s.contains(0) ? 2 : 0) + (s.contains(1) && s.contains(2) ? 1 : 0));
        ShapleyEstimate est = KernelShapEstimator.estimate(g, m, walks(254, 1), ProgressListener.NONE);
        assertTrue(est.sampling().exact());
        for (int i = 3; i < m; i++) {
            assertEquals(0.0, est.result(0).phi()[i], 0.0);
        }
        assertEquals(2.0, est.result(0).phi()[0], 1e-15);
    }

    @Test
    void aForwardBudgetStopsTheDesignAndIsReported() {
        int m = 40;
        Games.Harsanyi h = new Games.Harsanyi(m, 60, 3, 11);
        for (Design design : Design.values()) {
            TiledGame g = new TiledGame(h);
            ShapleyEstimate est = KernelShapEstimator.estimate(g, m,
                    KernelShapOptions.fixedBudget(20_000, 3).withDesign(design).withForwardBudget(1500),
                    ProgressListener.NONE);
            assertTrue(est.sampling().budget() < 20_000, design + ": " + est.sampling().budget());
            assertTrue(est.sampling().tileForwards() >= 1500, design + ": " + est.sampling().tileForwards());
            assertEquals(g.forwards, est.sampling().tileForwards());
        }
    }

    @Test
    void walksCostFewerForwardsPerCoalitionThanPairsOnATiledGame() {
        int m = 60;
        Games.Harsanyi h = new Games.Harsanyi(m, 80, 3, 21);
        TiledGame pairs = new TiledGame(h);
        TiledGame walks = new TiledGame(h);
        ShapleyEstimate p = KernelShapEstimator.estimate(pairs, m, KernelShapOptions.fixedBudget(1180, 1),
                ProgressListener.NONE);
        ShapleyEstimate w = KernelShapEstimator.estimate(walks, m, walks(1180, 1), ProgressListener.NONE);
        double perPair = p.sampling().tileForwards() / (double) p.sampling().evaluations();
        double perWalk = w.sampling().tileForwards() / (double) w.sampling().evaluations();
        assertTrue(perWalk * 3 < perPair, "forwards per coalition: walks " + perWalk + ", pairs " + perPair);
    }
}

package segshap.engine.metrics;

import segshap.engine.coalition.Coalition;
import segshap.engine.coalition.Game;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class PerturbationCurvesMatchHandComputedAopcTest {
    /** Hand-computed fractions of small integers: only double rounding remains. */
    private static final double TOLERANCE = 1e-12;

    /** Records every batch; values from plain functions of the coalition. */
    private static final class Oracle implements Game {
        private final List<ToDoubleFunction<Coalition>> functions;
        final List<List<Coalition>> batches = new ArrayList<>();

        @SafeVarargs
        Oracle(ToDoubleFunction<Coalition>... functions) {
            List<ToDoubleFunction<Coalition>> list = new ArrayList<>();
            for (ToDoubleFunction<Coalition> f : functions) { // not List.of(functions): -Xlint:varargs
                list.add(f);
            }
            this.functions = List.copyOf(list);
        }

        @Override
        public double[][] evaluate(List<Coalition> batch) {
            batches.add(batch);
            double[][] out = new double[batch.size()][functions.size()];
            for (int j = 0; j < batch.size(); j++) {
                for (int m = 0; m < functions.size(); m++) {
                    out[j][m] = functions.get(m).applyAsDouble(batch.get(j));
                }
            }
            return out;
        }

        @Override
        public int valueCount() {
            return functions.size();
        }
    }

    private static double additive(Coalition s, double[] a) {
        double v = 0;
        for (int i : s.members()) {
            v += a[i];
        }
        return v;
    }

    @Test
    void anAdditiveGameOfThreeUnitsGivesTheHandComputedAreas() {
        // v(S) = Σ a_i, a = (3, 1, 2), φ = a, ids = player index.
        // MoRF removes 0, 2, 1: s = (6, 3, 1, 0). LeRF removes 1, 2, 0: s = (6, 5, 3, 0). K = 3.
        // AOPC = ((6−3) + (6−1) + (6−0))/3 = 14/3;  ABPC = ((5−3) + (3−1) + (0−0))/3 = 4/3.
        // s_max = 6, s_min = 0: nAOPC = (14/3)/(6+ε), nABPC = (4/3)/(6+ε).
        // Second value function −v: AOPC = −14/3, ABPC = −4/3, and the normalisation divides by −6+ε.
        double[] a = {3, 1, 2};
        Oracle oracle = new Oracle(s -> additive(s, a), s -> -additive(s, a));
        PerturbationResult r = PerturbationCurves.evaluate(oracle, a, new boolean[3], new int[] {0, 1, 2});
        assertArrayEquals(new int[] {0, 2, 1}, r.morfOrder());
        assertArrayEquals(new int[] {1, 2, 0}, r.lerfOrder());
        CurveMetrics v = r.metrics(0);
        assertArrayEquals(new double[] {6, 3, 1, 0}, v.morf(), 0.0);
        assertArrayEquals(new double[] {6, 5, 3, 0}, v.lerf(), 0.0);
        assertEquals(14 / 3.0, v.aopc(), TOLERANCE);
        assertEquals(4 / 3.0, v.abpc(), TOLERANCE);
        assertEquals(14 / 3.0 / (6 + PerturbationCurves.NORMALISATION_EPSILON), v.naopc(), TOLERANCE);
        assertEquals(4 / 3.0 / (6 + PerturbationCurves.NORMALISATION_EPSILON), v.nabpc(), TOLERANCE);
        assertEquals(3, v.steps());
        CurveMetrics neg = r.metrics(1);
        assertEquals(-14 / 3.0, neg.aopc(), TOLERANCE);
        assertEquals(-4 / 3.0, neg.abpc(), TOLERANCE);
        assertEquals(-14 / 3.0 / (-6 + PerturbationCurves.NORMALISATION_EPSILON), neg.naopc(), TOLERANCE);
        // one batch, duplicates removed: {0,1,2}, {1,2}, {1}, {}, {0,2}, {0}
        assertEquals(1, oracle.batches.size());
        assertEquals(6, oracle.batches.get(0).size());
    }

    @Test
    void tiesAreBrokenByUnitIdInBothOrdersSoEqualAttributionsGiveZeroAbpc() {
        // all φ equal: both orders are ids ascending (10, 20, 30 → players 1, 2, 0), so MoRF = LeRF
        double[] phi = {0.5, 0.5, 0.5};
        int[] ids = {30, 10, 20};
        Oracle oracle = new Oracle(s -> s.contains(0) ? 5 : 1 + s.size());
        PerturbationResult r = PerturbationCurves.evaluate(oracle, phi, new boolean[3], ids);
        assertArrayEquals(new int[] {1, 2, 0}, r.morfOrder());
        assertArrayEquals(new int[] {1, 2, 0}, r.lerfOrder());
        assertEquals(0.0, r.metrics(0).abpc(), 0.0);
        assertEquals(4, oracle.batches.get(0).size(), "identical curves share every step");
        // partial tie: φ = (2, 1, 1), ids (3, 2, 1): MoRF 0 then players 2 (id 1), 1 (id 2); LeRF 2, 1, 0
        PerturbationResult p = PerturbationCurves.evaluate(new Oracle(s -> s.size()), new double[] {2, 1, 1},
                new boolean[3], new int[] {3, 2, 1});
        assertArrayEquals(new int[] {0, 2, 1}, p.morfOrder());
        assertArrayEquals(new int[] {2, 1, 0}, p.lerfOrder());
    }

    @Test
    void excludedUnitsAreNeverRemovedAndDoNotCountAsSteps() {
        // 4 players, player 3 excluded (kept throughout). a = (3, 1, 2, 100): s_min keeps only player 3.
        double[] a = {3, 1, 2, 100};
        boolean[] excluded = {false, false, false, true};
        Oracle oracle = new Oracle(s -> additive(s, a));
        PerturbationResult r = PerturbationCurves.evaluate(oracle, new double[] {3, 1, 2, 1000}, excluded,
                new int[] {0, 1, 2, 3});
        assertArrayEquals(new int[] {0, 2, 1}, r.morfOrder());
        CurveMetrics v = r.metrics(0);
        assertEquals(3, v.steps());
        assertArrayEquals(new double[] {106, 103, 101, 100}, v.morf(), 0.0);
        assertEquals(14 / 3.0, v.aopc(), TOLERANCE);
        assertEquals(14 / 3.0 / (6 + PerturbationCurves.NORMALISATION_EPSILON), v.naopc(), TOLERANCE);
        for (Coalition c : oracle.batches.get(0)) {
            assertTrue(c.contains(3), "excluded player removed in " + c);
        }
    }

    @Test
    void severalRankingsShareOneBatchAndEachMatchesItsOwnEvaluation() {
        double[] a = {3, 1, 2, -1};
        double[] b = {1, -2, 0.5, 4};
        Oracle both = new Oracle(s -> additive(s, a), s -> additive(s, b) * additive(s, b));
        boolean[] excluded = new boolean[4];
        int[] ids = {7, 5, 9, 1};
        List<PerturbationResult> each = PerturbationCurves.evaluateEach(both, new double[][] {a, b}, excluded, ids);
        assertEquals(1, both.batches.size());
        for (int r = 0; r < 2; r++) {
            PerturbationResult alone = PerturbationCurves.evaluate(
                    new Oracle(s -> additive(s, a), s -> additive(s, b) * additive(s, b)), r == 0 ? a : b, excluded,
                    ids);
            assertArrayEquals(alone.morfOrder(), each.get(r).morfOrder());
            for (int v = 0; v < 2; v++) {
                assertEquals(alone.metrics(v).aopc(), each.get(r).metrics(v).aopc(), 0.0);
                assertEquals(alone.metrics(v).nabpc(), each.get(r).metrics(v).nabpc(), 0.0);
            }
        }
    }

    @Test
    void noRemovableUnitGivesNaNMetricsAndDuplicateIdsAreRefused() {
        CurveMetrics m = PerturbationCurves.evaluate(new Oracle(s -> 1), new double[] {1, 2},
                new boolean[] {true, true}, new int[] {0, 1}).metrics(0);
        assertTrue(Double.isNaN(m.aopc()) && Double.isNaN(m.nabpc()));
        assertEquals(0, m.steps());
        assertThrows(IllegalArgumentException.class, () -> PerturbationCurves.evaluate(new Oracle(s -> 1),
                new double[] {1, 2}, new boolean[2], new int[] {4, 4}));
    }
}

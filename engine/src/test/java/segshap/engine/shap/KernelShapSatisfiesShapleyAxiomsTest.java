package segshap.engine.shap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KernelShapSatisfiesShapleyAxiomsTest {
    private static final double SE_MULTIPLE = 4;
    /** The estimator is linear in v for a fixed design; rounding of an M×M solve remains. */
    private static final double LINEARITY_TOLERANCE = 1e-11;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void efficiencyHoldsToRoundingInSampledMode(long seed) {
        Games.Harsanyi h = new Games.Harsanyi(80, 100, 5, seed);
        ShapleyResult r = KernelShapEstimator.estimate(new Games.RecordingGame(80, h::value), 80,
                KernelShapOptions.fixedBudget(700, seed), ProgressListener.NONE).result(0);
        double sum = 0;
        for (double p : r.phi()) {
            sum += p;
        }
        assertEquals(r.delta(), sum, 1e-10 * Math.abs(r.delta()));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {4, 5, 6})
    void dummyPlayersAreZeroWithinStandardErrorsInSampledMode(long seed) {
        // unanimity of {0,1,2} among 30 players: 27 dummies. The paired design never evaluates S and S∪{i}
        // together, so a dummy is not recognisable from the data and gets 0 only in expectation.
        int m = 30;
        ShapleyResult r = KernelShapEstimator.estimate(
                new Games.RecordingGame(m, s -> Games.containsAll(s, 0, 1, 2) ? 3 : 0), m,
                KernelShapOptions.fixedBudget(600, seed), ProgressListener.NONE).result(0);
        for (int i = 3; i < m; i++) {
            assertTrue(Math.abs(r.phi()[i]) <= SE_MULTIPLE * r.stderr()[i], "dummy " + i + ": " + r.phi()[i]);
        }
        for (int i = 0; i < 3; i++) {
            assertTrue(Math.abs(r.phi()[i] - 1) <= SE_MULTIPLE * r.stderr()[i], "player " + i + ": " + r.phi()[i]);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7, 8, 9})
    void symmetricPlayersAgreeWithinStandardErrorsInSampledMode(long seed) {
        int m = 40;
        ShapleyResult r = KernelShapEstimator.estimate(new Games.RecordingGame(m, s -> s.size() >= m / 2 ? 1 : 0), m,
                KernelShapOptions.fixedBudget(800, seed), ProgressListener.NONE).result(0);
        for (int i = 0; i < m; i++) {
            assertTrue(Math.abs(r.phi()[i] - 1.0 / m) <= SE_MULTIPLE * r.stderr()[i], "player " + i);
        }
    }

    @Test
    void theEstimatorIsLinearInTheGameForAFixedDesign() {
        int m = 50;
        Games.Harsanyi v = new Games.Harsanyi(m, 60, 4, 1);
        Games.Harsanyi w = new Games.Harsanyi(m, 60, 4, 2);
        KernelShapOptions options = KernelShapOptions.fixedBudget(400, 3);
        double[] pv = KernelShapEstimator.estimate(new Games.RecordingGame(m, v::value), m, options,
                ProgressListener.NONE).result(0).phi();
        double[] pw = KernelShapEstimator.estimate(new Games.RecordingGame(m, w::value), m, options,
                ProgressListener.NONE).result(0).phi();
        double[] mix = KernelShapEstimator.estimate(
                new Games.RecordingGame(m, s -> 2 * v.value(s) - 3 * w.value(s)), m, options, ProgressListener.NONE)
                .result(0).phi();
        for (int i = 0; i < m; i++) {
            assertEquals(2 * pv[i] - 3 * pw[i], mix[i], LINEARITY_TOLERANCE * (1 + Math.abs(mix[i])));
        }
    }

    @Test
    void severalValueFunctionsSolvedAtOnceEqualSolvingEachAlone() {
        int m = 45;
        Games.Harsanyi a = new Games.Harsanyi(m, 60, 4, 11);
        Games.Harsanyi b = new Games.Harsanyi(m, 60, 2, 12);
        Games.Harsanyi c = new Games.Harsanyi(m, 10, 6, 13);
        KernelShapOptions options = KernelShapOptions.fixedBudget(500, 4);
        ShapleyEstimate together = KernelShapEstimator.estimate(new Games.RecordingGame(m, a::value, b::value,
                c::value), m, options, ProgressListener.NONE);
        Games.Harsanyi[] games = {a, b, c};
        for (int v = 0; v < 3; v++) {
            ShapleyEstimate alone = KernelShapEstimator.estimate(new Games.RecordingGame(m, games[v]::value), m,
                    options, ProgressListener.NONE);
            ShapleyResult x = together.result(v);
            ShapleyResult y = alone.result(0);
            assertArrayEquals(y.phi(), x.phi(), 1e-12, "phi of value " + v);
            assertArrayEquals(y.stderr(), x.stderr(), 1e-12, "stderr of value " + v);
            assertEquals(y.diagnostics().relL1Change(), x.diagnostics().relL1Change(), 1e-12);
            assertEquals(y.diagnostics().heldOutR2(), x.diagnostics().heldOutR2(), 1e-12);
            assertEquals(y.diagnostics().conditionNumber(), x.diagnostics().conditionNumber(), 0.0);
        }
        assertEquals(together.sampling().evaluations(), 2 + 500 + KernelShapOptions.DEFAULT_HELD_OUT_COALITIONS);
    }
}

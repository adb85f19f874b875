package segshap.engine.shap;

import segshap.engine.coalition.Coalition;
import segshap.engine.coalition.Game;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExactShapleyReproducesTextbookGamesTest {
    /** Sums of at most 2^5 terms of size <= 25 in double: rounding stays far below this. */
    private static final double EXACT_TOLERANCE = 1e-12;

    static Stream<Arguments> textbookGames() {
        double[] a = {1, 2, -3, 0.5};
        return Stream.of(
                game("1 additive", 4, s -> Games.sumOf(s, a), a, 0),
                game("2 additive with v(0)=5", 4, s -> 5 + Games.sumOf(s, a), a, 5),
                game("3 unanimity {0,1,2}", 5, s -> Games.containsAll(s, 0, 1, 2) ? 1 : 0,
                        new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0, 0, 0}, 0),
                game("4 full product", 5, s -> s.size() == 5 ? 1 : 0, new double[] {0.2, 0.2, 0.2, 0.2, 0.2}, 0),
                game("5 majority quota 3", 5, s -> s.size() >= 3 ? 1 : 0, new double[] {0.2, 0.2, 0.2, 0.2, 0.2}, 0),
                game("6 weighted voting (2,1,1,1) quota 3", 4,
                        s -> Games.sumOf(s, new double[] {2, 1, 1, 1}) >= 3 ? 1 : 0,
                        new double[] {0.5, 1 / 6.0, 1 / 6.0, 1 / 6.0}, 0),
                game("7 glove", 3, s -> Math.min((s.contains(0) ? 1 : 0) + (s.contains(1) ? 1 : 0), s.contains(2) ? 1 : 0),
                        new double[] {1 / 6.0, 1 / 6.0, 2 / 3.0}, 0),
                game("8 dummy players", 4, s -> 3 * (s.contains(0) ? 1 : 0) + 2 * (Games.containsAll(s, 0, 1) ? 1 : 0),
                        new double[] {4, 1, 0, 0}, 0),
                game("9 symmetric convex |S|^2", 4, s -> (double) s.size() * s.size(), new double[] {4, 4, 4, 4}, 0),
                game("10 v(0)=10 with interaction", 3,
                        s -> 10 + 2 * (s.contains(0) ? 1 : 0) + 3 * (Games.containsAll(s, 1, 2) ? 1 : 0),
                        new double[] {2, 1.5, 1.5}, 10),
                game("11 airport (1,3,4)", 3, s -> {
                    double[] c = {1, 3, 4};
                    double v = 0;
                    for (int i : s.members()) {
                        v = Math.max(v, c[i]);
                    }
                    return v;
                }, new double[] {1 / 3.0, 4 / 3.0, 7 / 3.0}, 0),
                game("12 threshold (1,2,2) quota 3", 3, s -> Games.sumOf(s, new double[] {1, 2, 2}) >= 3 ? 1 : 0,
                        new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, 0));
    }

    private static Arguments game(String name, int m, ToDoubleFunction<Coalition> v, double[] phi, double empty) {
        return Arguments.of(name, m, v, phi, empty);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("textbookGames")
    void exactEnumerationGivesTheClosedFormValues(String name, int m, ToDoubleFunction<Coalition> v, double[] phi,
            double empty) {
        ShapleyEstimate est = ExactShapley.compute(new Games.RecordingGame(m, v), m, 7, ProgressListener.NONE);
        ShapleyResult r = est.result(0);
        assertArrayEquals(phi, r.phi(), EXACT_TOLERANCE, name);
        assertEquals(empty, r.emptyValue(), 0.0);
        assertArrayEquals(new double[m], r.stderr(), 0.0);
        assertEquals(1 << m, est.sampling().evaluations());
        assertTrue(est.sampling().exact());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("textbookGames")
    void kernelShapSwitchesToExactModeWhenAllCoalitionsFit(String name, int m, ToDoubleFunction<Coalition> v,
            double[] phi, double empty) {
        int budget = (1 << m) - 2;
        ShapleyEstimate est = KernelShapEstimator.estimate(new Games.RecordingGame(m, v), m,
                KernelShapOptions.fixedBudget(budget, 3), ProgressListener.NONE);
        ShapleyResult r = est.result(0);
        assertTrue(est.sampling().exact(), name);
        assertEquals(budget, est.sampling().budget());
        assertArrayEquals(phi, r.phi(), EXACT_TOLERANCE, name);
        assertTrue(r.diagnostics().localAccuracy() <= EXACT_TOLERANCE);
        assertTrue(Double.isNaN(r.diagnostics().relL1Change()));
        assertTrue(Double.isNaN(r.diagnostics().conditionNumber()));
        assertTrue(Double.isNaN(r.diagnostics().heldOutMae()));
        assertTrue(Double.isNaN(r.diagnostics().heldOutR2()));
    }

    @Test
    void toyDiceGameGivesTheRationalValuesForAllThreeValueFunctionsAtOnce() {
        // Game 13: units add TP = (40, 30, 0) and FP = (0, 10, 20); |G ∩ ROI| = 100; Dice = 2TP/(TP+FP+100)
        double[] tp = {40, 30, 0};
        double[] fp = {0, 10, 20};
        Games.RecordingGame game = new Games.RecordingGame(3, s -> Games.sumOf(s, tp), s -> Games.sumOf(s, fp),
                s -> 2 * Games.sumOf(s, tp) / (Games.sumOf(s, tp) + Games.sumOf(s, fp) + 100));
        ShapleyEstimate est = KernelShapEstimator.estimate(game, 3, KernelShapOptions.fixedBudget(6, 1),
                ProgressListener.NONE);
        assertArrayEquals(tp, est.result(0).phi(), EXACT_TOLERANCE);
        assertArrayEquals(fp, est.result(1).phi(), EXACT_TOLERANCE);
        assertArrayEquals(new double[] {3329 / 7560.0, 4633 / 15120.0, -101 / 2160.0}, est.result(2).phi(),
                EXACT_TOLERANCE);
        assertEquals(0.7, est.result(2).fullValue(), EXACT_TOLERANCE);
        assertEquals(8, est.sampling().evaluations());
    }

    @Test
    void dummyPlayersGetExactlyZeroAndSymmetricPlayersEqualValues() {
        // unanimity of {0,1,2} among 12 players: 9 dummies, 3 symmetric players
        int m = 12;
        ShapleyEstimate est = ExactShapley.compute(new Games.RecordingGame(m, s -> Games.containsAll(s, 0, 1, 2) ? 7 : 0),
                m, 512, ProgressListener.NONE);
        double[] phi = est.result(0).phi();
        for (int i = 3; i < m; i++) {
            assertEquals(0.0, phi[i], 0.0, "dummy player " + i);
        }
        assertEquals(phi[0], phi[1], EXACT_TOLERANCE);
        assertEquals(phi[0], phi[2], EXACT_TOLERANCE);
        assertEquals(7 / 3.0, phi[0], EXACT_TOLERANCE);
    }

    @Test
    void efficiencyHoldsInExactModeForAnInteractingGame() {
        Games.Harsanyi h = new Games.Harsanyi(14, 40, 5, 11);
        ShapleyEstimate est = ExactShapley.compute(new Games.RecordingGame(14, h::value), 14, 4096,
                ProgressListener.NONE);
        ShapleyResult r = est.result(0);
        assertArrayEquals(h.shapley, r.phi(), EXACT_TOLERANCE);
        double sum = 0;
        for (double p : r.phi()) {
            sum += p;
        }
        assertEquals(r.delta(), sum, 1e-10 * Math.abs(r.delta()));
    }

    @Test
    void refusesMoreThanTwentyPlayersWithAClearMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExactShapley.compute(new Games.RecordingGame(21, s -> 0), 21, 10, ProgressListener.NONE));
        assertTrue(e.getMessage().contains("M <= 20"), e.getMessage());
        assertTrue(e.getMessage().contains("M = 21"), e.getMessage());
    }

    @Test
    void zeroAndOnePlayerGamesAreHandled() {
        ShapleyEstimate none = KernelShapEstimator.estimate(new Games.RecordingGame(0, s -> 4), 0,
                KernelShapOptions.fixedBudget(10, 1), ProgressListener.NONE);
        assertEquals(0, none.result(0).phi().length);
        assertEquals(1, none.sampling().evaluations());
        ShapleyEstimate one = KernelShapEstimator.estimate(new Games.RecordingGame(1, s -> s.size() == 1 ? 9 : 2), 1,
                KernelShapOptions.fixedBudget(10, 1), ProgressListener.NONE);
        assertArrayEquals(new double[] {7}, one.result(0).phi(), 0.0);
        assertEquals(2, one.sampling().evaluations());
    }

    @Test
    void shapleyValuesFromATableMatchTheWeightsOfTheResearchNote() {
        // M = 3 weights ω(0..2) = 1/3, 1/6, 1/3: player 0's marginal is 1 only when joining {1, 2}
        double[] table = new double[8];
        table[0b111] = 1; // v = [S = N]
        double[][] phi = ExactShapley.shapleyValues(3, 1, table);
        assertArrayEquals(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, phi[0], EXACT_TOLERANCE);
        table = new double[8];
        table[0b001] = 1; // v = [S = {0}]: φ0 = ω(0)·1 = 1/3; φ1 = ω(1)·(v({0,1}) − v({0})) = −1/6
        phi = ExactShapley.shapleyValues(3, 1, table);
        assertArrayEquals(new double[] {1 / 3.0, -1 / 6.0, -1 / 6.0}, phi[0], EXACT_TOLERANCE);
    }
}

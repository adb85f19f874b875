package segshap.engine.shap;

import segshap.engine.coalition.Coalition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import segshap.engine.shap.KernelShapOptions.SingletonPolicy;

class AutoBudgetStopsWhenConvergedTest {

    @Test
    void anAdditiveGameConvergesAtTheFirstStep() {
        int m = 30;
        double[] a = new double[m];
        for (int i = 0; i < m; i++) {
            a[i] = i - 10;
        }
        ShapleyEstimate est = KernelShapEstimator.estimate(new Games.RecordingGame(m, s -> Games.sumOf(s, a)), m,
                KernelShapOptions.autoBudget(5000, 1), ProgressListener.NONE);
        assertEquals(1, est.sampling().steps());
        assertEquals(4 * m, est.sampling().budget(), "the first step is 4M coalitions");
        assertTrue(est.sampling().converged());
        assertTrue(Double.isNaN(est.result(0).diagnostics().relL1Change()), "no previous step to compare with");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void aHarsanyiGameStopsBelowTheThresholdBeforeTheMaximumBudget(long seed) {
        int m = 40;
        Games.Harsanyi h = new Games.Harsanyi(m, 60, 5, 50 + seed);
        Games.RecordingGame game = new Games.RecordingGame(m, h::value);
        KernelShapOptions options = KernelShapOptions.autoBudget(100_000, seed);
        ShapleyEstimate est = KernelShapEstimator.estimate(game, m, options, ProgressListener.NONE);
        SamplingInfo info = est.sampling();
        assertTrue(info.converged());
        assertTrue(info.steps() > 1, "steps " + info.steps());
        assertTrue(info.budget() < 100_000);
        assertEquals(4 * m << (info.steps() - 1), info.budget(), "the budget doubles per step");
        Diagnostics d = est.result(0).diagnostics();
        assertTrue(d.convergenceRatio() < KernelShapOptions.DEFAULT_CONVERGENCE_THRESHOLD, "ratio " + d.convergenceRatio());
        assertTrue(d.relL1Change() > 0 && Double.isFinite(d.relL1Change()));
        // nested steps: every earlier step's coalitions are reused, nothing is evaluated twice
        assertEquals(2 + info.budget() + KernelShapOptions.DEFAULT_HELD_OUT_COALITIONS, info.evaluations());
    }

    @Test
    void aGameThatNeverConvergesStopsAtTheMaximumBudget() {
        int m = 30;
        ShapleyEstimate est = KernelShapEstimator.estimate(new Games.RecordingGame(m, s -> s.size() >= m / 2 ? 1 : 0),
                m, KernelShapOptions.autoBudget(1000, 3).withConvergenceThreshold(1e-6), ProgressListener.NONE);
        SamplingInfo info = est.sampling();
        assertFalse(info.converged());
        assertEquals(1000, info.budget());
        assertEquals(5, info.steps(), "120, 240, 480, 960, 1000");
        assertTrue(est.result(0).diagnostics().convergenceRatio() >= 1e-6);
    }

    @Test
    void theAutomaticDesignIsThePrefixOfTheFixedDesignOfTheSameFinalBudget() {
        int m = 25;
        Games.Harsanyi h = new Games.Harsanyi(m, 30, 3, 9);
        Games.RecordingGame auto = new Games.RecordingGame(m, h::value);
        ShapleyEstimate est = KernelShapEstimator.estimate(auto, m, KernelShapOptions.autoBudget(20_000, 4)
                .withConvergenceThreshold(0.05).withSingletons(SingletonPolicy.NEVER).withHeldOutCoalitions(0),
                ProgressListener.NONE);
        int budget = est.sampling().budget();
        Games.RecordingGame fixed = new Games.RecordingGame(m, h::value);
        ShapleyEstimate one = KernelShapEstimator.estimate(fixed, m, KernelShapOptions.fixedBudget(budget, 4)
                .withSingletons(SingletonPolicy.NEVER).withHeldOutCoalitions(0), ProgressListener.NONE);
        assertEquals(fixed.evaluated, auto.evaluated);
        List<Coalition> order = auto.evaluated;
        assertEquals(2 + budget, order.size());
        assertEquals(0, maxAbsDifference(est.result(0).phi(), one.result(0).phi()), 1e-12);
    }

    @Test
    void anAutomaticBudgetThatCoversEveryCoalitionIsExact() {
        int m = 9; // 510 proper coalitions: Full Organs with 9 organs is exact under the paper's 1000
        Games.Harsanyi h = new Games.Harsanyi(m, 15, 3, 10);
        ShapleyEstimate est = KernelShapEstimator.estimate(new Games.RecordingGame(m, h::value), m,
                KernelShapOptions.autoBudget(1000, 1), ProgressListener.NONE);
        assertTrue(est.sampling().exact());
        assertEquals(512, est.sampling().evaluations());
        for (int i = 0; i < m; i++) {
            assertEquals(h.shapley[i], est.result(0).phi()[i], 1e-12);
        }
    }

    private static double maxAbsDifference(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }
}

package segshap.engine.shap;

import segshap.engine.coalition.Coalition;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import segshap.engine.shap.KernelShapOptions.SingletonPolicy;
import segshap.kernels.InputException;

class KernelShapDesignIsNestedAndDeterministicTest {

    private static Games.RecordingGame run(int m, KernelShapOptions options, Games.Harsanyi h) {
        Games.RecordingGame game = new Games.RecordingGame(m, h::value);
        KernelShapEstimator.estimate(game, m, options, ProgressListener.NONE);
        return game;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Allocation.class)
    void aSmallerBudgetsDesignIsAPrefixOfALargerOne(Allocation allocation) {
        int m = 37;
        Games.Harsanyi h = new Games.Harsanyi(m, 40, 3, 1);
        for (SingletonPolicy singletons : new SingletonPolicy[] {SingletonPolicy.NEVER, SingletonPolicy.ALWAYS}) {
            KernelShapOptions base = KernelShapOptions.fixedBudget(100, 42).withAllocation(allocation)
                    .withSingletons(singletons).withHeldOutCoalitions(0);
            List<Coalition> small = run(m, base, h).evaluated;
            List<Coalition> large = run(m, new KernelShapOptions(900, 900, false, 0.01, allocation, singletons, 0, 64,
                    42), h).evaluated;
            assertEquals(102, small.size());
            assertEquals(902, large.size());
            assertEquals(small, large.subList(0, small.size()), allocation + " " + singletons);
        }
    }

    @Test
    void designsArePairsOfDistinctComplementaryCoalitionsAfterTheEmptyAndFullOnes() {
        int m = 10; // even: the middle stratum (size 5) pairs two coalitions of the same size
        Games.Harsanyi h = new Games.Harsanyi(m, 20, 3, 2);
        List<Coalition> order = run(m, KernelShapOptions.fixedBudget(900, 3).withHeldOutCoalitions(20), h).evaluated;
        assertEquals(Coalition.empty(m), order.get(0));
        assertEquals(Coalition.full(m), order.get(1));
        assertEquals(2 + 900 + 20, new HashSet<>(order).size(), "every evaluated coalition is distinct");
        for (int t = 2; t < order.size(); t += 2) {
            assertEquals(order.get(t).complement(), order.get(t + 1));
        }
    }

    @Test
    void equalAllocationGivesEveryCoalitionSizeTheSameShareAndEnumeratesSmallSizes() {
        // M = 12, 1000 pairs: sizes 1, 2, 3 (and 11, 10, 9) have 12, 66, 220 coalitions, fewer than the equal
        // share, so they are enumerated; the other 702 pairs give sizes 4, 5, 7, 8 k each and the middle
        // size 6 (two coalitions per pair) k/2 pairs: 2.5k = 702, k ≈ 281 coalitions per size
        int m = 12;
        Games.Harsanyi h = new Games.Harsanyi(m, 20, 3, 3);
        List<Coalition> order = run(m, KernelShapOptions.fixedBudget(2000, 5).withHeldOutCoalitions(0), h).evaluated;
        int[] bySize = new int[m + 1];
        for (Coalition c : order.subList(2, order.size())) {
            bySize[c.size()]++;
        }
        assertEquals(12, bySize[1]);
        assertEquals(12, bySize[11]);
        assertEquals(66, bySize[2]);
        assertEquals(66, bySize[10]);
        assertEquals(220, bySize[3]);
        assertEquals(220, bySize[9]);
        for (int s = 4; s <= 8; s++) {
            assertTrue(Math.abs(bySize[s] - 281) <= 1, "size " + s + ": " + java.util.Arrays.toString(bySize));
        }
    }

    @Test
    void kernelAllocationFavoursSmallAndLargeCoalitions() {
        int m = 40;
        Games.Harsanyi h = new Games.Harsanyi(m, 20, 3, 3);
        List<Coalition> order = run(m, KernelShapOptions.fixedBudget(600, 5).withAllocation(Allocation.KERNEL)
                .withSingletons(SingletonPolicy.NEVER).withHeldOutCoalitions(0), h).evaluated;
        int[] bySize = new int[m + 1];
        for (Coalition c : order.subList(2, order.size())) {
            bySize[c.size()]++;
        }
        assertEquals(40, bySize[1], "q(1) is the largest kernel mass: singletons are enumerated");
        assertTrue(bySize[2] > bySize[5] && bySize[5] > bySize[20], java.util.Arrays.toString(bySize));
    }

    @Test
    void theSameSeedGivesIdenticalResultsAndAnotherSeedDoesNot() {
        int m = 50;
        Games.Harsanyi h = new Games.Harsanyi(m, 60, 4, 4);
        KernelShapOptions options = KernelShapOptions.fixedBudget(400, 1234);
        ShapleyResult a = KernelShapEstimator.estimate(new Games.RecordingGame(m, h::value), m, options,
                ProgressListener.NONE).result(0);
        ShapleyResult b = KernelShapEstimator.estimate(new Games.RecordingGame(m, h::value), m, options,
                ProgressListener.NONE).result(0);
        ShapleyResult c = KernelShapEstimator.estimate(new Games.RecordingGame(m, h::value), m,
                options.withSeed(1235), ProgressListener.NONE).result(0);
        assertArrayEquals(a.phi(), b.phi(), 0.0);
        assertArrayEquals(a.stderr(), b.stderr(), 0.0);
        assertEquals(a.diagnostics(), b.diagnostics());
        assertFalse(java.util.Arrays.equals(a.phi(), c.phi()));
    }

    @Test
    void exactModeStartsExactlyWhenAllProperCoalitionsFitTheBudget() {
        int m = 8;
        Games.Harsanyi h = new Games.Harsanyi(m, 10, 3, 5);
        ShapleyEstimate fits = KernelShapEstimator.estimate(new Games.RecordingGame(m, h::value), m,
                KernelShapOptions.fixedBudget(254, 1), ProgressListener.NONE);
        ShapleyEstimate short1 = KernelShapEstimator.estimate(new Games.RecordingGame(m, h::value), m,
                KernelShapOptions.fixedBudget(253, 1), ProgressListener.NONE);
        assertTrue(fits.sampling().exact());
        assertEquals(256, fits.sampling().evaluations());
        assertFalse(short1.sampling().exact());
        assertEquals(252, short1.sampling().budget(), "an odd budget uses whole pairs");
    }

    @Test
    void theSolutionEqualsAnIndependentKktSolveAndTheConditionNumberItsHelmertForm() {
        int m = 8;
        Games.Harsanyi h = new Games.Harsanyi(m, 15, 4, 6);
        Games.RecordingGame game = new Games.RecordingGame(m, h::value);
        ShapleyResult r = KernelShapEstimator.estimate(game, m,
                KernelShapOptions.fixedBudget(60, 9).withHeldOutCoalitions(0), ProgressListener.NONE).result(0);
        List<Coalition> rows = game.evaluated.subList(2, game.evaluated.size());
        // Horvitz–Thompson row weight q(s)/n_s, n_s = design rows of size s, normalised to sum 1
        int[] perSize = new int[m + 1];
        for (Coalition c : rows) {
            perSize[c.size()]++;
        }
        double[] w = new double[rows.size()];
        double total = 0;
        for (int j = 0; j < rows.size(); j++) {
            int s = rows.get(j).size();
            w[j] = (m - 1.0) / (s * (m - s)) / perSize[s];
            total += w[j];
        }
        double v0 = h.value(Coalition.empty(m));
        double delta = h.value(Coalition.full(m)) - v0;
        DMatrixRMaj kkt = new DMatrixRMaj(m + 1, m + 1);
        DMatrixRMaj rhs = new DMatrixRMaj(m + 1, 1);
        DMatrixRMaj a = new DMatrixRMaj(m, m);
        for (int j = 0; j < rows.size(); j++) {
            int[] z = rows.get(j).members();
            double wj = w[j] / total;
            double y = h.value(rows.get(j)) - v0;
            for (int p : z) {
                rhs.add(p, 0, wj * y);
                for (int q : z) {
                    a.add(p, q, wj);
                }
            }
        }
        for (int p = 0; p < m; p++) {
            for (int q = 0; q < m; q++) {
                kkt.set(p, q, a.get(p, q));
            }
            kkt.set(p, m, 1);
            kkt.set(m, p, 1);
        }
        rhs.set(m, 0, delta);
        DMatrixRMaj sol = new DMatrixRMaj(m + 1, 1);
        assertTrue(CommonOps_DDRM.solve(kkt, rhs, sol));
        for (int i = 0; i < m; i++) {
            assertEquals(sol.get(i, 0), r.phi()[i], 1e-10, "unit " + i);
        }
        // Helmert basis Q of 1^⊥; κ of Qᵀ A Q
        DMatrixRMaj q = new DMatrixRMaj(m, m - 1);
        for (int j = 1; j < m; j++) {
            double norm = Math.sqrt(j * (j + 1.0));
            for (int i = 0; i < j; i++) {
                q.set(i, j - 1, 1 / norm);
            }
            q.set(j, j - 1, -j / norm);
        }
        DMatrixRMaj aq = new DMatrixRMaj(m, m - 1);
        CommonOps_DDRM.mult(a, q, aq);
        DMatrixRMaj qaq = new DMatrixRMaj(m - 1, m - 1);
        CommonOps_DDRM.multTransA(q, aq, qaq);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(m - 1, false, true);
        assertTrue(eig.decompose(qaq));
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (int i = 0; i < m - 1; i++) {
            lo = Math.min(lo, eig.getEigenvalue(i).real);
            hi = Math.max(hi, eig.getEigenvalue(i).real);
        }
        assertEquals(hi / lo, r.diagnostics().conditionNumber(), 1e-9 * hi / lo);
    }

    @Test
    void aBudgetBelowTwiceTheUnitCountIsRefusedWithTheFix() {
        InputException e = assertThrows(InputException.class, () -> KernelShapEstimator.estimate(
                new Games.RecordingGame(100, s -> 0), 100, KernelShapOptions.fixedBudget(150, 1), ProgressListener.NONE));
        assertTrue(e.getMessage().contains("150") && e.getMessage().contains("200"), e.getMessage());
    }

    @ParameterizedTest(name = "batch {0}")
    @ValueSource(ints = {1, 7, 256})
    void progressCountsEveryEvaluationAndBatchesRespectTheBatchSize(int batchSize) {
        int m = 20;
        Games.Harsanyi h = new Games.Harsanyi(m, 20, 3, 7);
        List<int[]> calls = new ArrayList<>();
        Games.RecordingGame game = new Games.RecordingGame(m, h::value);
        ShapleyEstimate est = KernelShapEstimator.estimate(game, m,
                KernelShapOptions.fixedBudget(120, 1).withBatchSize(batchSize),
                (done, planned) -> calls.add(new int[] {done, planned}));
        for (int t = 1; t < calls.size(); t++) {
            assertTrue(calls.get(t)[0] > calls.get(t - 1)[0]);
            assertTrue(calls.get(t)[1] >= calls.get(t)[0]);
        }
        assertEquals(est.sampling().evaluations(), calls.get(calls.size() - 1)[0]);
        assertEquals(est.sampling().evaluations(), game.evaluated.size());
        for (int size : game.batchSizes) {
            assertTrue(size >= 1 && size <= batchSize, "batch of " + size);
        }
    }
}

package segshap.engine.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import segshap.engine.coalition.Coalition;
import segshap.engine.coalition.ReferenceCoalitionEvaluator;
import segshap.engine.value.ValueFunction;
import segshap.kernels.backend.ForwardBackend;
import segshap.kernels.cpu.CpuBackends;
import segshap.kernels.model.ModelFolderLoader;
import segshap.kernels.model.NnunetModel;
import segshap.protocol.ExplanationReport;
import segshap.protocol.job.JobRuntime;

/**
 * Shapley values by brute force (the textbook permutation-weight sum over all 2^M coalitions) from the plain,
 * cache-less reference evaluator on a job's own tile plan, checked against a report of that job.
 */
final class BruteForceShapley {
    /** Both sides sum the same 2^M doubles in different orders. */
    static final double PHI_TOL = 1e-12;

    private BruteForceShapley() {}

    /** Every coalition of the players (bit i of the index = player i kept), over the partition's units. */
    static List<Coalition> allCoalitions(ExplanationSetup s) {
        int[] players = s.units().players();
        int units = s.units().partition().unitCount();
        List<Coalition> all = new ArrayList<>();
        for (int mask = 0; mask < (1 << players.length); mask++) {
            boolean[] kept = new boolean[units];
            for (int i = 0; i < players.length; i++) kept[players[i]] = (mask >> i & 1) != 0;
            all.add(Coalition.fromFlags(kept));
        }
        return all;
    }

    /**
     * Asserts that every value function's φ, v(all) and v(none) in {@code report} equal the brute-force values of the
     * game {@code s.plan()} defines, evaluated by an independent evaluator (its own backend, no cache, no pipeline).
     */
    static void assertMatches(ExplanationSetup s, ExplanationReport report) {
        int[] players = s.units().players();
        int m = players.length;
        NnunetModel model = ModelFolderLoader.load(FixtureCase.MODEL, null, null);
        try (ForwardBackend backend = CpuBackends.forModel(model, 2, JobRuntime.DEFAULT_MEMORY_BUDGET_BYTES)) {
            double[][] v = new ReferenceCoalitionEvaluator(s.plan(), backend, 3).evaluate(allCoalitions(s));
            for (ValueFunction f : ValueFunction.values()) {
                double[] phi = report.values().get(f.cliName()).phi();
                for (int i = 0; i < m; i++) {
                    double expected = 0;
                    for (int mask = 0; mask < (1 << m); mask++) {
                        if ((mask >> i & 1) != 0) continue;
                        expected += weight(Integer.bitCount(mask), m) * (v[mask | (1 << i)][f.ordinal()] - v[mask][f.ordinal()]);
                    }
                    assertEquals(expected, phi[players[i]], PHI_TOL * Math.max(1, Math.abs(expected)),
                            f + " unit " + s.units().partition().unit(players[i]).id());
                }
                assertEquals(v[(1 << m) - 1][f.ordinal()], report.values().get(f.cliName()).full(), 0.0, f + " v(all)");
                assertEquals(v[0][f.ordinal()], report.values().get(f.cliName()).empty(), 0.0, f + " v(none)");
            }
        }
    }

    /** |S|!(M−|S|−1)!/M! */
    private static double weight(int s, int m) {
        double w = 1.0 / m;
        for (int k = 1; k <= s; k++) w *= (double) k / (m - k); // = s!(m-1-s)!/(m-1)! / m
        return w;
    }
}

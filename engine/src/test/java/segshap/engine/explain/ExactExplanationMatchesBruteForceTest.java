package segshap.engine.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.engine.coalition.ReferenceCoalitionEvaluator;
import segshap.engine.shap.ProgressListener;
import segshap.engine.value.ValueFunction;
import segshap.kernels.backend.ForwardBackend;
import segshap.kernels.cpu.CpuBackend;
import segshap.kernels.cpu.CpuBackends;
import segshap.kernels.model.ModelFolderLoader;
import segshap.kernels.tensor.Box;
import segshap.kernels.window.TileProgress;
import segshap.protocol.ExplanationReport;

/**
 * End to end on the fixture model: exact organ-unit attributions equal Shapley values computed here by brute
 * force (the textbook permutation-weight sum) from the plain, cache-less reference evaluator.
 */
class ExactExplanationMatchesBruteForceTest {
    /** Both sides sum the same 2^M doubles in different orders. */
    static final double PHI_TOL = 1e-12;

    @TempDir Path tmp;

    @Test
    void exactOrganAttributionsEqualBruteForceShapleyOfTheReferenceEvaluator() throws IOException {
        Path organs = FixtureCase.writeOrgans(tmp);
        Path roi = FixtureCase.writeRoiMask(tmp, new Box(14, 26, 18, 22, 36, 28));
        ExplainRequest request = FixtureCase.request(organs, new RoiSpec.Mask(roi), BudgetSpec.parse("exact", 0, "--budget"));
        try (ExplanationSession s = new ExplanationSession(request, FixtureCase.runtime(), TileProgress.NONE)) {
            ExplanationReport report = Explainer.explain(s, ProgressListener.NONE).report();
            assertTrue(report.sampling().exact());
            int[] players = s.players();
            int m = players.length;
            assertTrue(m >= 3, "the fixture ROI should see several organs, saw " + m);
            assertTrue(s.problem().relevantTiles().size() < s.support().tiles().size(), "a small ROI meets only some tiles");

            // brute force from an independent evaluator over every coalition
            try (ForwardBackend backend = CpuBackends.forModel(ModelFolderLoader.load(FixtureCase.MODEL, null, null),
                    Runtime.getRuntime().availableProcessors(), CpuBackend.DEFAULT_MEMORY_BUDGET_BYTES)) {
                ReferenceCoalitionEvaluator reference = new ReferenceCoalitionEvaluator(s.problem(), backend, 3);
                List<BitSet> all = new ArrayList<>();
                for (int mask = 0; mask < (1 << m); mask++) {
                    BitSet kept = new BitSet();
                    for (int u = 0; u < s.partition().unitCount(); u++) if (s.partition().isExcluded(u)) kept.set(u);
                    for (int i = 0; i < m; i++) if ((mask >> i & 1) != 0) kept.set(players[i]);
                    all.add(kept);
                }
                double[][] v = reference.evaluate(all);
                for (ValueFunction f : ValueFunction.values()) {
                    double[] phi = report.values().get(f.cliName()).phi();
                    for (int i = 0; i < m; i++) {
                        double expected = 0;
                        for (int mask = 0; mask < (1 << m); mask++) {
                            if ((mask >> i & 1) != 0) continue;
                            int size = Integer.bitCount(mask);
                            expected += weight(size, m) * (v[mask | (1 << i)][f.ordinal()] - v[mask][f.ordinal()]);
                        }
                        assertEquals(expected, phi[players[i]], PHI_TOL * Math.max(1, Math.abs(expected)),
                                f + " unit " + s.partition().unit(players[i]).id());
                    }
                    assertEquals(v[(1 << m) - 1][f.ordinal()], report.values().get(f.cliName()).full(), 0.0, f + " v(all)");
                    assertEquals(v[0][f.ordinal()], report.values().get(f.cliName()).empty(), 0.0, f + " v(none)");
                }
            }
            assertTrue(report.cache().tileForwards() < report.cache().tileForwardsWithoutCache(),
                    "the m|U_s cache saves forwards: " + report.cache());
        }
    }

    /** |S|!(M−|S|−1)!/M! */
    private static double weight(int s, int m) {
        double w = 1.0 / m;
        for (int k = 1; k <= s; k++) w *= (double) k / (m - k); // = s!(m-1-s)!/(m-1)! / m
        return w;
    }
}

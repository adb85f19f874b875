package segshap.engine.metrics;

import segshap.engine.coalition.Coalition;
import segshap.engine.coalition.Game;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * MoRF/LeRF perturbation curves and AOPC, ABPC, nAOPC, nABPC (paper eqs. 7–9) through the same value
 * oracle as the explanation.
 *
 * <p>Players marked excluded are never removed (they stay kept in every step). The K removable players are
 * ordered by φ descending (MoRF) and ascending (LeRF); in both orders ties go to the smaller unit id first,
 * so LeRF is not the reversed MoRF and all-equal attributions give MoRF = LeRF and ABPC = 0. Step k keeps
 * every player except the first k of the order (k = 0…K). All steps of all curves are deduplicated (step 0,
 * step K and any shared prefix) and sent to the oracle in one batch.
 *
 * <p>Worked example: additive game v(S) = Σ_{i∈S} a_i with a = (3, 1, 2), φ = a: MoRF removes 0, 2, 1 →
 * s = (6, 3, 1, 0); LeRF removes 1, 2, 0 → s = (6, 5, 3, 0). K = 3, AOPC = ((6−3)+(6−1)+(6−0))/3 = 14/3,
 * ABPC = ((5−3)+(3−1)+(0−0))/3 = 4/3, nAOPC = (14/3)/(6 + ε), nABPC = (4/3)/(6 + ε).
 *
 * <p>When s_max = s_min (up to {@link #FLAT_CURVE_REL_TOL}) the normalisation is undefined and nAOPC, nABPC are
 * NaN (the report writes {@code null} with the reason) instead of the sums divided by ε.
 */
public final class PerturbationCurves {

    /** ε of paper eq. 9: keeps the normalisation finite when s_max = s_min. */
    public static final double NORMALISATION_EPSILON = 1e-12;
    /**
     * |s_max − s_min| at or below this fraction of the score's scale counts as s_max = s_min, where the paper's
     * normalisation is undefined: scores are sums of float32 logits, so equal coalitions agree far closer than this.
     */
    public static final double FLAT_CURVE_REL_TOL = 1e-9;

    private PerturbationCurves() {
    }

    /**
     * Curves of one ranking, scored with every value function of the game.
     *
     * @param game the game; receives one batch with every distinct step coalition
     * @param phi attribution of each player (M values, finite), usually one value function's φ
     * @param excluded players never removed (M flags)
     * @param unitIds distinct id of each player (M values), used to break ties
     * @return orders and per-value-function metrics
     */
    public static PerturbationResult evaluate(Game game, double[] phi, boolean[] excluded,
            int[] unitIds) {
        return evaluateEach(game, new double[][] {phi}, excluded, unitIds).get(0);
    }

    /**
     * Curves of several rankings at once (e.g. φ of each value function), all steps in one batch of the game.
     * The paper's metric of value function m is {@code result.get(m).metrics(m)}.
     *
     * @param game the game
     * @param phiByRanking one attribution vector (M finite values) per ranking
     * @param excluded players never removed (M flags)
     * @param unitIds distinct id of each player (M values), used to break ties
     * @return one result per ranking, in the given order
     */
    public static List<PerturbationResult> evaluateEach(Game game, double[][] phiByRanking,
            boolean[] excluded, int[] unitIds) {
        int m = excluded.length;
        if (unitIds.length != m) {
            throw new IllegalArgumentException("unitIds has " + unitIds.length + " entries but excluded " + m);
        }
        int[] sortedIds = unitIds.clone();
        Arrays.sort(sortedIds);
        for (int i = 1; i < m; i++) {
            if (sortedIds[i] == sortedIds[i - 1]) {
                throw new IllegalArgumentException("unit id " + sortedIds[i] + " occurs twice; ids must be distinct");
            }
        }
        int rankings = phiByRanking.length;
        int[][] morf = new int[rankings][];
        int[][] lerf = new int[rankings][];
        for (int r = 0; r < rankings; r++) {
            double[] phi = phiByRanking[r];
            if (phi.length != m) {
                throw new IllegalArgumentException("ranking " + r + " has " + phi.length + " attributions for " + m
                        + " players");
            }
            for (int i = 0; i < m; i++) {
                if (!Double.isFinite(phi[i])) {
                    throw new IllegalArgumentException("ranking " + r + ": phi[" + i + "] = " + phi[i]
                            + " is not finite");
                }
            }
            morf[r] = removalOrder(phi, excluded, unitIds, true);
            lerf[r] = removalOrder(phi, excluded, unitIds, false);
        }

        // distinct step coalitions in first-seen order (lookups only: the list fixes the batch order)
        List<Coalition> batch = new ArrayList<>();
        Map<Coalition, Integer> index = new HashMap<>();
        int[][][] stepIndex = new int[rankings][2][];
        for (int r = 0; r < rankings; r++) {
            stepIndex[r][0] = stepIndices(morf[r], m, batch, index);
            stepIndex[r][1] = stepIndices(lerf[r], m, batch, index);
        }
        int k = game.valueCount();
        double[][] values = game.evaluate(List.copyOf(batch));
        if (values == null || values.length != batch.size()) {
            throw new IllegalStateException("the oracle returned " + (values == null ? "null" : values.length
                    + " rows") + " for " + batch.size() + " coalitions");
        }
        for (int j = 0; j < values.length; j++) {
            if (values[j] == null || values[j].length != k) {
                throw new IllegalStateException("the oracle returned a row of the wrong length for " + batch.get(j)
                        + ", expected " + k + " values");
            }
        }

        List<PerturbationResult> out = new ArrayList<>(rankings);
        for (int r = 0; r < rankings; r++) {
            List<CurveMetrics> byValue = new ArrayList<>(k);
            for (int v = 0; v < k; v++) {
                double[] sMorf = curve(stepIndex[r][0], values, v);
                double[] sLerf = curve(stepIndex[r][1], values, v);
                byValue.add(metrics(sMorf, sLerf));
            }
            out.add(new PerturbationResult(morf[r], lerf[r], byValue));
        }
        return out;
    }

    /** Removable players sorted by φ (descending for MoRF, ascending for LeRF), ties by unit id ascending. */
    static int[] removalOrder(double[] phi, boolean[] excluded, int[] unitIds, boolean mostRelevantFirst) {
        List<Integer> players = new ArrayList<>();
        for (int i = 0; i < phi.length; i++) {
            if (!excluded[i]) {
                players.add(i);
            }
        }
        Comparator<Integer> byPhi = mostRelevantFirst
                ? (a, b) -> Double.compare(phi[b], phi[a])
                : (a, b) -> Double.compare(phi[a], phi[b]);
        players.sort(byPhi.thenComparingInt(i -> unitIds[i]));
        int[] order = new int[players.size()];
        for (int t = 0; t < order.length; t++) {
            order[t] = players.get(t);
        }
        return order;
    }

    private static int[] stepIndices(int[] order, int m, List<Coalition> batch, Map<Coalition, Integer> index) {
        boolean[] kept = new boolean[m];
        Arrays.fill(kept, true);
        int[] steps = new int[order.length + 1];
        for (int k = 0; k <= order.length; k++) {
            if (k > 0) {
                kept[order[k - 1]] = false;
            }
            Coalition c = Coalition.fromFlags(kept);
            Integer at = index.get(c);
            if (at == null) {
                at = batch.size();
                batch.add(c);
                index.put(c, at);
            }
            steps[k] = at;
        }
        return steps;
    }

    private static double[] curve(int[] steps, double[][] values, int v) {
        double[] s = new double[steps.length];
        for (int k = 0; k < steps.length; k++) {
            s[k] = values[steps[k]][v];
        }
        return s;
    }

    /** True when the curve ends agree up to {@link #FLAT_CURVE_REL_TOL}: nAOPC and nABPC are undefined. */
    static boolean isFlat(double sMax, double sMin) {
        return Math.abs(sMax - sMin) <= FLAT_CURVE_REL_TOL * Math.max(1, Math.max(Math.abs(sMax), Math.abs(sMin)));
    }

    static CurveMetrics metrics(double[] morf, double[] lerf) {
        int steps = morf.length - 1;
        if (steps == 0) {
            return new CurveMetrics(Double.NaN, Double.NaN, Double.NaN, Double.NaN, morf, lerf);
        }
        double sMax = morf[0];
        double sMin = morf[steps]; // = lerf[steps]: every removable unit removed
        if (isFlat(sMax, sMin)) {
            // dividing by ε alone turns a 1e-3 wiggle into 1e9: the normalisation is undefined, not large
            double aopc = 0, abpc = 0;
            for (int k = 1; k <= steps; k++) {
                aopc += morf[0] - morf[k];
                abpc += lerf[k] - morf[k];
            }
            return new CurveMetrics(aopc / steps, abpc / steps, Double.NaN, Double.NaN, morf, lerf);
        }
        double span = sMax - sMin + NORMALISATION_EPSILON;
        double aopc = 0;
        double abpc = 0;
        double naopc = 0;
        double nabpc = 0;
        double s0Norm = (morf[0] - sMin) / span;
        for (int k = 1; k <= steps; k++) {
            aopc += morf[0] - morf[k];
            abpc += lerf[k] - morf[k];
            double morfNorm = (morf[k] - sMin) / span;
            double lerfNorm = (lerf[k] - sMin) / span;
            naopc += s0Norm - morfNorm;
            nabpc += lerfNorm - morfNorm;
        }
        return new CurveMetrics(aopc / steps, abpc / steps, naopc / steps, nabpc / steps, morf, lerf);
    }
}

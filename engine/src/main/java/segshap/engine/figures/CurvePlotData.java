package segshap.engine.figures;

import java.util.Arrays;

/**
 * MoRF and LeRF perturbation curves of one value function and their summary numbers, as plotted by
 * {@link CurvePlot}.
 *
 * <p>Entry k of a curve is the value function after masking the first k units in the ranking (MoRF: φ
 * descending; LeRF: φ ascending), k = 0…K; entry 0 is the unmasked score. AOPC and ABPC are computed by
 * the metrics code and only displayed here (see {@code research/kernelshap.md} §5 for the conventions).
 * Example: 3 units, MoRF {0.9, 0.4, 0.1, 0.0}, LeRF {0.9, 0.85, 0.6, 0.0}.
 *
 * @param valueFunction display name of the value function, e.g. "Soft Dice"; not blank
 * @param runLabel      what was explained, e.g. "organs units, exact, seed 0"; "" for none
 * @param morfScores    MoRF curve, K + 1 ≥ 1 finite values
 * @param lerfScores    LeRF curve, same length as morfScores, finite
 * @param aopcMorf      AOPC of the MoRF curve, finite
 * @param aopcLerf      AOPC of the LeRF curve, finite
 * @param abpc          area between the curves (AOPC_MoRF − AOPC_LeRF), finite
 * @param nAopcMorf     normalised AOPC of MoRF in [0, 1], or NaN when not computed
 * @param nAopcLerf     normalised AOPC of LeRF, or NaN
 * @param nAbpc         normalised ABPC in [−1, 1], or NaN
 */
public record CurvePlotData(String valueFunction, String runLabel, double[] morfScores, double[] lerfScores,
        double aopcMorf, double aopcLerf, double abpc, double nAopcMorf, double nAopcLerf, double nAbpc) {

    public CurvePlotData {
        if (valueFunction == null || valueFunction.isBlank()) {
            throw new IllegalArgumentException("valueFunction must name the value function (e.g. \"Soft Dice\"), got "
                    + (valueFunction == null ? "null" : "\"" + valueFunction + "\""));
        }
        if (runLabel == null) throw new IllegalArgumentException("runLabel must not be null (use \"\" for none)");
        if (morfScores == null || lerfScores == null || morfScores.length == 0 || morfScores.length != lerfScores.length) {
            throw new IllegalArgumentException("morfScores and lerfScores must be non-empty and of equal length (K + 1), got "
                    + (morfScores == null ? "null" : morfScores.length) + " and "
                    + (lerfScores == null ? "null" : lerfScores.length));
        }
        morfScores = morfScores.clone();
        lerfScores = lerfScores.clone();
        requireFinite("morfScores", morfScores);
        requireFinite("lerfScores", lerfScores);
        if (!Double.isFinite(aopcMorf) || !Double.isFinite(aopcLerf) || !Double.isFinite(abpc)) {
            throw new IllegalArgumentException("aopcMorf, aopcLerf and abpc must be finite, got " + aopcMorf + ", "
                    + aopcLerf + ", " + abpc);
        }
    }

    private static void requireFinite(String name, double[] v) {
        for (int k = 0; k < v.length; k++) {
            if (!Double.isFinite(v[k])) {
                throw new IllegalArgumentException(name + "[" + k + "] is " + v[k] + "; curve values must be finite");
            }
        }
    }

    /** Number of units removed at the last step, K. */
    public int steps() {
        return morfScores.length - 1;
    }

    /** The MoRF curve (a copy). */
    @Override
    public double[] morfScores() {
        return morfScores.clone();
    }

    /** The LeRF curve (a copy). */
    @Override
    public double[] lerfScores() {
        return lerfScores.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CurvePlotData c && valueFunction.equals(c.valueFunction) && runLabel.equals(c.runLabel)
                && Arrays.equals(morfScores, c.morfScores) && Arrays.equals(lerfScores, c.lerfScores)
                && Double.compare(aopcMorf, c.aopcMorf) == 0 && Double.compare(aopcLerf, c.aopcLerf) == 0
                && Double.compare(abpc, c.abpc) == 0 && Double.compare(nAopcMorf, c.nAopcMorf) == 0
                && Double.compare(nAopcLerf, c.nAopcLerf) == 0 && Double.compare(nAbpc, c.nAbpc) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * valueFunction.hashCode() + Arrays.hashCode(morfScores)) + Arrays.hashCode(lerfScores);
    }

    @Override
    public String toString() {
        return "CurvePlotData[" + valueFunction + ", K=" + steps() + ", AOPC MoRF " + aopcMorf + ", LeRF " + aopcLerf
                + ", ABPC " + abpc + "]";
    }
}

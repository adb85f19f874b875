package segshap.engine.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import segshap.protocol.FaithfulnessMetrics;
import segshap.protocol.RoiInfo;
import segshap.protocol.ValueAttribution;

/**
 * The cases where an explanation is computed correctly and still says nothing, each turned into a warning for
 * {@code report.json}'s {@code warnings[]} and stderr: the model predicts none of the ROI (baseline Dice 0),
 * every unit was excluded (an ROI in air), a value function with v(all) = v(none), attributions that are all 0,
 * and curves whose normalisation is undefined (s_max = s_min).
 */
public final class Degeneracy {
    /**
     * |φ| at or below this fraction of the value scale counts as 0: exact enumeration solves a regression, so φ of
     * a game with v(all) = v(none) comes out as rounding noise (~1e-17) rather than exact zeros.
     */
    static final double ZERO_PHI_REL_TOL = 1e-12;

    private Degeneracy() {}

    /** True when every attribution of {@code a} is 0 up to rounding (see {@link #ZERO_PHI_REL_TOL}). */
    public static boolean allZero(ValueAttribution a) {
        double tol = ZERO_PHI_REL_TOL * Math.max(1, Math.max(Math.abs(a.full()), Math.abs(a.empty())));
        for (double p : a.phi()) if (Math.abs(p) > tol) return false;
        return true;
    }

    /**
     * The warnings of a computed explanation.
     *
     * @param roi      the region explained
     * @param target   the target label, for the message
     * @param players  units that can change the output (0 when every unit was excluded)
     * @param values   attributions per value function name
     */
    static List<String> ofExplanation(RoiInfo roi, int target, int players, Map<String, ValueAttribution> values) {
        List<String> out = new ArrayList<>();
        if (roi.baselineRoiDice() == 0) {
            out.add("the model predicts none of the ROI's " + roi.voxels() + " voxels as label " + target
                    + " (baseline Dice 0 inside the scoring region): the attributions explain an empty prediction");
        }
        if (players == 0) {
            out.add("every unit was excluded (outside the support, or already at the masking value, as in air): "
                    + "there is nothing to attribute and every φ is 0");
        }
        for (Map.Entry<String, ValueAttribution> v : values.entrySet()) {
            ValueAttribution a = v.getValue();
            boolean zero = allZero(a);
            if (a.full() == a.empty()) {
                out.add(v.getKey() + ": v(all) = v(none) = " + number(a.full()) + ": removing every unit does not change the score, "
                        + "so the attributions sum to 0" + (zero ? " and are all 0" : " and show only interactions"));
            } else if (zero && players > 0) {
                out.add(v.getKey() + ": all attributions are 0 although v(all) − v(none) = " + number(a.full() - a.empty()));
            }
        }
        return out;
    }

    private static String number(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : String.format(Locale.ROOT, "%.6g", x);
    }

    /** The warnings of evaluated curves: one per value function whose normalised metrics are undefined. */
    static List<String> ofCurves(Map<String, FaithfulnessMetrics> metrics) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, FaithfulnessMetrics> m : metrics.entrySet()) {
            if (m.getValue().normalisedUndefined() != null) {
                out.add(m.getKey() + ": nAOPC and nABPC are " + m.getValue().normalisedUndefined()
                        + " (the score is the same with no unit and with every unit removed); reported as null");
            }
        }
        return out;
    }
}

package segshap.protocol;

import java.util.List;
import java.util.Map;

/**
 * {@code report.json}: one explanation of one ROI.
 *
 * @param formatVersion {@link #FORMAT_VERSION}
 * @param inputs        what the explanation was computed from
 * @param roi           the region explained
 * @param units         all units in a fixed order (excluded ones included, with φ = 0)
 * @param values        per value function name ({@code tp, fp, dice, softdice}): attributions aligned with units
 * @param sampling      how coalitions were chosen
 * @param diagnostics   convergence diagnostics over all reported value functions: the worst of each
 *                      (largest relL1Change, localAccuracy, heldOutMae; smallest heldOutR2); the condition
 *                      number is shared by the design
 * @param diagnosticsByValue the same per value function
 * @param cache         tile work
 * @param timing        wall-clock phases
 * @param metrics       per value function, added by {@code segshap evaluate}; {@code null} before
 */
public record ExplanationReport(int formatVersion, ExplainInputs inputs, RoiInfo roi, List<UnitEntry> units,
                                Map<String, ValueAttribution> values, SamplingInfo sampling,
                                Diagnostics diagnostics, Map<String, Diagnostics> diagnosticsByValue, CacheStats cache, Timing timing,
                                Map<String, FaithfulnessMetrics> metrics) {
    /** Version of this layout. */
    public static final int FORMAT_VERSION = 1;

    /** The same report with faithfulness metrics and timing replaced. */
    public ExplanationReport withMetrics(Map<String, FaithfulnessMetrics> newMetrics, Timing newTiming) {
        return new ExplanationReport(formatVersion, inputs, roi, units, values, sampling, diagnostics, diagnosticsByValue, cache,
                newTiming, newMetrics);
    }
}

package segshap.protocol;

import java.util.List;
import java.util.Map;
import segshap.protocol.job.JobSpec;

/**
 * {@code report.json}: one explanation of one ROI.
 *
 * @param formatVersion {@link #FORMAT_VERSION}
 * @param job           the job the explanation was computed from, enough to run it again ({@code segshap
 *                      evaluate} does): paths absolute, folds the ones actually used
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
 * @param engine        how the engine ran it (backend, latency histograms, counters), or {@code null} when the
 *                      engine that wrote the report did not record it
 * @param metrics       per value function, added by {@code segshap evaluate}; {@code null} before
 */
public record ExplanationReport(int formatVersion, JobSpec job, RoiInfo roi, List<UnitEntry> units,
                                Map<String, ValueAttribution> values, SamplingInfo sampling,
                                Diagnostics diagnostics, Map<String, Diagnostics> diagnosticsByValue, CacheStats cache,
                                Timing timing, EngineReport engine, Map<String, FaithfulnessMetrics> metrics) {
    /** Version of this layout: 2 replaced v1's flat {@code inputs} by {@code job} and added {@code engine}. */
    public static final int FORMAT_VERSION = 2;

    /** The same report with faithfulness metrics and timing replaced (everything else, {@code engine} included, kept). */
    public ExplanationReport withMetrics(Map<String, FaithfulnessMetrics> newMetrics, Timing newTiming) {
        return new ExplanationReport(formatVersion, job, roi, units, values, sampling, diagnostics, diagnosticsByValue, cache,
                newTiming, engine, newMetrics);
    }
}

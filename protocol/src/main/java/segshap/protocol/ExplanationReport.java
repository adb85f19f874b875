package segshap.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * @param inputDigests  SHA-256 of every input file by role ({@link #DIGEST_CT}, {@link #DIGEST_ORGANS},
 *                      {@link #DIGEST_ORGAN_NAMES}, {@link #DIGEST_ROI_MASK}, and {@code model/<file>} for
 *                      {@code plans.json}, {@code dataset.json} and each fold's checkpoint), written in sorted
 *                      key order; {@code null} in reports written before digests were recorded
 * @param warnings      what makes the result degenerate or doubtful (all attributions 0, v(all) = v(none),
 *                      baseline Dice 0, undefined normalised metrics, a CT that is not in HU), in the order
 *                      found; empty when there is nothing to say ({@code null} is read as empty)
 * @param strategy      how the coalitions were evaluated and what the tiling changes; {@code null} in reports
 *                      written before strategies existed (they were segshap on nnU-Net's tiles)
 * @throws IllegalArgumentException when an attribution vector does not match {@code units} (the report is corrupt)
 */
public record ExplanationReport(int formatVersion, JobSpec job, RoiInfo roi, List<UnitEntry> units,
                                Map<String, ValueAttribution> values, SamplingInfo sampling,
                                Diagnostics diagnostics, Map<String, Diagnostics> diagnosticsByValue, CacheStats cache,
                                Timing timing, EngineReport engine, Map<String, FaithfulnessMetrics> metrics,
                                Map<String, InputDigest> inputDigests, List<String> warnings, StrategyReport strategy) {
    /** Version of this layout: 2 replaced v1's flat {@code inputs} by {@code job} and added {@code engine}. */
    public static final int FORMAT_VERSION = 2;
    /** {@link #inputDigests} key of the CT. */
    public static final String DIGEST_CT = "ct";
    /** {@link #inputDigests} key of the organ label map. */
    public static final String DIGEST_ORGANS = "organs";
    /** {@link #inputDigests} key of the organ names sidecar (present only when the job names one). */
    public static final String DIGEST_ORGAN_NAMES = "organNames";
    /** {@link #inputDigests} key of the ROI mask (present only for a mask ROI). */
    public static final String DIGEST_ROI_MASK = "roiMask";
    /** Prefix of the model files' {@link #inputDigests} keys: {@code model/plans.json}, {@code model/fold_0/checkpoint_final.pth}. */
    public static final String DIGEST_MODEL_PREFIX = "model/";

    @JsonCreator
    public ExplanationReport {
        if (units != null && values != null) {
            for (Map.Entry<String, ValueAttribution> v : values.entrySet()) {
                ValueAttribution a = v.getValue();
                if (a == null || a.phi() == null || a.phi().length != units.size()
                        || (a.stderr() != null && a.stderr().length != units.size())) {
                    throw new IllegalArgumentException("values." + v.getKey() + ": " + (a == null || a.phi() == null ? "no phi"
                            : a.phi().length + " φ" + (a.stderr() == null ? "" : " and " + a.stderr().length + " stderr"))
                            + " entries for " + units.size() + " units; every attribution vector must have one entry per unit");
                }
                for (int i = 0; i < a.phi().length; i++) {
                    if (!Double.isFinite(a.phi()[i])) {
                        throw new IllegalArgumentException("values." + v.getKey() + ".phi[" + i + "] " + a.phi()[i] + ": must be finite");
                    }
                }
            }
        }
        // Sorted: the written order must not follow the caller's (possibly hash) map iteration.
        inputDigests = inputDigests == null ? null : Collections.unmodifiableMap(new TreeMap<>(inputDigests));
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** A report without input digests or warnings (as written before they were recorded). */
    public ExplanationReport(int formatVersion, JobSpec job, RoiInfo roi, List<UnitEntry> units,
                             Map<String, ValueAttribution> values, SamplingInfo sampling,
                             Diagnostics diagnostics, Map<String, Diagnostics> diagnosticsByValue, CacheStats cache,
                             Timing timing, EngineReport engine, Map<String, FaithfulnessMetrics> metrics) {
        this(formatVersion, job, roi, units, values, sampling, diagnostics, diagnosticsByValue, cache, timing, engine, metrics,
                null, List.of(), null);
    }

    /** The same report with faithfulness metrics and timing replaced (everything else, {@code engine} included, kept). */
    public ExplanationReport withMetrics(Map<String, FaithfulnessMetrics> newMetrics, Timing newTiming) {
        return new ExplanationReport(formatVersion, job, roi, units, values, sampling, diagnostics, diagnosticsByValue, cache,
                newTiming, engine, newMetrics, inputDigests, warnings, strategy);
    }

    /** The same report with another warnings list (everything else kept). */
    public ExplanationReport withWarnings(List<String> newWarnings) {
        return new ExplanationReport(formatVersion, job, roi, units, values, sampling, diagnostics, diagnosticsByValue, cache,
                timing, engine, metrics, inputDigests, newWarnings, strategy);
    }
}

package segshap.protocol.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What is scored: the value functions v(S) of the target label, how removed units are filled, and where.
 *
 * <p>Example: {@code {"target": 1, "reported": ["dice", "softdice"], "maskHu": -1024, "scoreRegion": "box"}}.
 *
 * @param target      target label t, ≥ 1 (a label of the model's dataset.json); required
 * @param reported    value functions to report, each at most once, from {@code tp}, {@code fp}, {@code dice},
 *                    {@code softdice} (all four are computed anyway); default all four
 * @param maskHu      masking value b written into removed units, in HU, finite; default
 *                    {@value #DEFAULT_MASK_HU} (air, as in the paper)
 * @param scoreRegion scoring region S: {@code box} (the ROI's bounding box B, default) or {@code mask} (the ROI)
 * @throws IllegalArgumentException naming the field ({@code values.reported[2]}), the value and the fix
 */
public record JobValues(int target, List<String> reported, double maskHu, String scoreRegion) {
    /** The paper's masking value: air. */
    public static final double DEFAULT_MASK_HU = -1024;
    /** The accepted value function names, in report order. */
    public static final List<String> VALUE_FUNCTIONS = List.of("tp", "fp", "dice", "softdice");
    /** The accepted {@link #scoreRegion} values. */
    public static final List<String> SCORE_REGIONS = List.of("box", "mask");

    public JobValues {
        if (target < 1) {
            throw new IllegalArgumentException("values.target " + target
                    + ": must be a foreground label ≥ 1 of the model's dataset.json");
        }
        if (reported == null) reported = VALUE_FUNCTIONS;
        if (reported.isEmpty()) {
            throw new IllegalArgumentException("values.reported []: empty; list some of " + VALUE_FUNCTIONS
                    + ", or omit the field for all four");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < reported.size(); i++) {
            String v = reported.get(i);
            if (!VALUE_FUNCTIONS.contains(v)) {
                throw new IllegalArgumentException("values.reported[" + i + "] " + JobInputs.quote(v)
                        + ": expected one of " + VALUE_FUNCTIONS);
            }
            if (!seen.add(v)) {
                throw new IllegalArgumentException("values.reported[" + i + "] '" + v + "': listed twice; list each value function once");
            }
        }
        reported = List.copyOf(reported);
        if (!Double.isFinite(maskHu)) {
            throw new IllegalArgumentException("values.maskHu " + maskHu + ": must be a finite HU value, e.g. -1024 (air)");
        }
        if (scoreRegion == null) scoreRegion = "box";
        if (!SCORE_REGIONS.contains(scoreRegion)) {
            throw new IllegalArgumentException("values.scoreRegion '" + scoreRegion + "': expected one of " + SCORE_REGIONS);
        }
    }

    /**
     * The values section with defaults for what is {@code null}; this is how JSON is read, so a missing
     * {@code maskHu} means -1024 rather than 0.
     *
     * @throws IllegalArgumentException when {@code target} is missing or a field is invalid
     */
    @JsonCreator
    public static JobValues of(@JsonProperty("target") Integer target, @JsonProperty("reported") List<String> reported,
                               @JsonProperty("maskHu") Double maskHu, @JsonProperty("scoreRegion") String scoreRegion) {
        if (target == null) {
            throw new IllegalArgumentException("values.target: required; give the target label t, e.g. 1");
        }
        return new JobValues(target, reported, maskHu == null ? DEFAULT_MASK_HU : maskHu, scoreRegion);
    }
}

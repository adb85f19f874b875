package segshap.protocol.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * How coalitions are evaluated: segshap's engine or the published method, and which sliding-window tiles.
 *
 * <p>Examples: {@code {"kind": "segshap"}} (the default: nnU-Net's own tiles, the {@code m|U_s} tile cache,
 * one design shared by every value function), {@code {"kind": "segshap", "tiling": "crop"}} (the same engine
 * on the paper's crop tiles), {@code {"kind": "paper"}} (the paper's computation, §III-E / §IV-B: crop tiles,
 * only clean tiles reused, one KernelSHAP run per reported value function).
 *
 * @param kind   {@code segshap} (default) or {@code paper}
 * @param tiling {@code nnunet}: nnU-Net's tiles over the whole volume, so the baseline is exactly nnU-Net's
 *               prediction (default for {@code segshap}); {@code crop}: a sliding window over B_RF, the ROI box
 *               grown by the patch radius per axis (fewer tiles per coalition, a baseline that may differ from
 *               nnU-Net's; the only tiling of {@code paper})
 * @throws IllegalArgumentException naming the field ({@code strategy.tiling}), the value and the fix
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobStrategy(String kind, String tiling) {
    /** The accepted {@link #kind} values. */
    public static final List<String> KINDS = List.of("segshap", "paper");
    /** The accepted {@link #tiling} values. */
    public static final List<String> TILINGS = List.of("nnunet", "crop");

    public JobStrategy {
        if (kind == null) kind = "segshap";
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("strategy.kind '" + kind + "': expected one of " + KINDS);
        }
        if (tiling == null) tiling = kind.equals("paper") ? "crop" : "nnunet";
        if (!TILINGS.contains(tiling)) {
            throw new IllegalArgumentException("strategy.tiling '" + tiling + "': expected one of " + TILINGS);
        }
        if (kind.equals("paper") && !tiling.equals("crop")) {
            throw new IllegalArgumentException("strategy.tiling '" + tiling + "': the paper's method tiles the crop B_RF; "
                    + "remove the tiling, or use kind segshap for nnU-Net's tiles");
        }
    }

    /** segshap's engine on nnU-Net's tiles. */
    public static JobStrategy defaults() {
        return new JobStrategy("segshap", "nnunet");
    }

    /**
     * The strategy section with defaults for what is {@code null}; this is how JSON is read.
     *
     * @throws IllegalArgumentException when a given field is invalid
     */
    @JsonCreator
    public static JobStrategy of(@JsonProperty("kind") String kind, @JsonProperty("tiling") String tiling) {
        return new JobStrategy(kind, tiling);
    }

    /** Whether this is the paper's method. */
    public boolean isPaper() {
        return kind.equals("paper");
    }

    /** Whether tiles come from a sliding window over the crop B_RF. */
    public boolean cropTiling() {
        return tiling.equals("crop");
    }
}

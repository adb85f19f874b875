package segshap.protocol.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The interpretable units: whole organs, FCC cells of cubic edge a, or FCC cells split by organ.
 *
 * <p>Example: {@code {"kind": "hybrid", "fccEdgeMm": 20.0, "unitMarginMm": 30.0}}.
 *
 * @param kind         {@code organs} (default), {@code regular} or {@code hybrid}
 * @param fccEdgeMm    FCC cubic edge a in mm, &gt; 0 and finite; required for {@code regular} and
 *                     {@code hybrid}, {@code null} for {@code organs}
 * @param unitMarginMm units are built only inside the ROI box B grown by this many mm (≥ 0; the paper's B_RF
 *                     uses the patch radius), voxels outside are never perturbed; {@code null} = the exact
 *                     receptive-field support
 * @param groupOrgans  merge TotalSegmentator's fine labels into coarse groups (ribs per side, vertebrae, lungs
 *                     per side) before building organ or hybrid units
 * @param region       {@code support} (default): units inside the exact receptive-field support, or inside B grown
 *                     by {@code unitMarginMm} when given; {@code brf}: inside B_RF, B grown by the patch radius per
 *                     axis (the paper's §III-A; what the crop tiling covers anyway)
 * @throws IllegalArgumentException naming the field ({@code units.fccEdgeMm}), the value and the fix
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobUnits(String kind, Double fccEdgeMm, Double unitMarginMm, boolean groupOrgans, String region) {
    /** The accepted {@link #kind} values. */
    public static final List<String> KINDS = List.of("organs", "regular", "hybrid");
    /** The accepted {@link #region} values. */
    public static final List<String> REGIONS = List.of("support", "brf");

    public JobUnits {
        if (kind == null) kind = "organs";
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("units.kind '" + kind + "': expected one of " + KINDS);
        }
        if (kind.equals("organs") && fccEdgeMm != null) {
            throw new IllegalArgumentException("units.fccEdgeMm " + fccEdgeMm
                    + ": organs units take no cell size; remove it, or use kind regular or hybrid");
        }
        if (!kind.equals("organs") && (fccEdgeMm == null || !(fccEdgeMm > 0) || fccEdgeMm.isInfinite())) {
            throw new IllegalArgumentException("units.fccEdgeMm " + fccEdgeMm + ": " + kind
                    + " units need the FCC cubic edge in mm, a finite number > 0 (e.g. 20)");
        }
        if (unitMarginMm != null && (!(unitMarginMm >= 0) || unitMarginMm.isInfinite())) {
            throw new IllegalArgumentException("units.unitMarginMm " + unitMarginMm
                    + ": must be a finite number of mm ≥ 0, or omitted for the exact receptive-field support");
        }
        if (region == null) region = "support";
        if (!REGIONS.contains(region)) {
            throw new IllegalArgumentException("units.region '" + region + "': expected one of " + REGIONS);
        }
        if (region.equals("brf") && unitMarginMm != null) {
            throw new IllegalArgumentException("units.unitMarginMm " + unitMarginMm + ": region brf already fixes where "
                    + "units are (B grown by the patch radius); give one of the two");
        }
    }


    /** Organ units over the exact support, fine labels: the CLI's default. */
    public static JobUnits defaults() {
        return new JobUnits("organs", null, null, false, "support");
    }
}

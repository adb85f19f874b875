package segshap.engine.explain;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import segshap.protocol.ExplainInputs;
import segshap.engine.shap.Allocation;
import segshap.engine.value.ScoringRegion;
import segshap.engine.value.ValueFunction;

/**
 * One explanation to compute: inputs and method settings (how to run it is {@link RuntimeSettings}).
 *
 * @param model       nnU-Net model folder
 * @param folds       folds to use, or {@code null} for every finished fold
 * @param ct          CT image (NIfTI)
 * @param organs      organ label map (TotalSegmentator numbering), on the CT grid or in the same space
 * @param organNames  names sidecar (JSON {"id": "name"} or TSV "id&lt;TAB&gt;name"), or {@code null} for
 *                    TotalSegmentator's built-in names
 * @param roi         the region explained
 * @param target      target label t (a label value of the model's dataset.json)
 * @param units       unit partition
 * @param unitMarginMm units are built inside B dilated by this margin (mm) instead of the whole receptive-field
 *                    support (the paper's B_RF uses the patch radius); voxels outside are never perturbed;
 *                    {@code null} = the exact support
 * @param groupOrgans merge fine organ labels into coarse groups ({@link segshap.engine.units.OrganGroups#coarse}:
 *                    ribs per side, vertebrae, lungs per side) before building organ or hybrid units
 * @param values      value functions to report (all four are computed anyway)
 * @param budget      coalition budget
 * @param allocation  size allocation of sampled designs
 * @param seed        seed of every random choice
 * @param maskHu      masking value b in HU
 * @param scoreRegion scoring region S
 */
public record ExplainRequest(Path model, int[] folds, Path ct, Path organs, Path organNames, RoiSpec roi, int target,
                             UnitSpec units, Double unitMarginMm, boolean groupOrgans, List<ValueFunction> values, BudgetSpec budget, Allocation allocation,
                             long seed, double maskHu, ScoringRegion scoreRegion) {
    /** The paper's masking value: air. */
    public static final double DEFAULT_MASK_HU = -1024;

    public ExplainRequest {
        if (values.isEmpty()) throw new IllegalArgumentException("at least one value function");
        values = List.copyOf(values);
        if (unitMarginMm != null && !(unitMarginMm >= 0)) {
            throw new IllegalArgumentException("unitMarginMm must be ≥ 0 mm, got " + unitMarginMm);
        }
        folds = folds == null ? null : folds.clone();
    }

    /** The request a report was computed from (for {@code segshap evaluate}). */
    public static ExplainRequest fromInputs(ExplainInputs in) {
        RoiSpec roi = in.roiMask() != null ? new RoiSpec.Mask(Path.of(in.roiMask()))
                : new RoiSpec.Component(in.roiComponentLabel(), in.roiSeedWorldMm(), in.roiSeedVoxelIjk());
        UnitSpec units = UnitSpec.parse(in.fccEdgeMm() == null ? in.units() : in.units() + ":" + in.fccEdgeMm(), "report units");
        List<ValueFunction> values = new ArrayList<>();
        for (String v : in.values()) values.add(ValueFunction.fromCliName(v));
        int[] folds = new int[in.folds().size()];
        for (int i = 0; i < folds.length; i++) {
            String f = in.folds().get(i);
            folds[i] = f.equals("fold_all") ? segshap.kernels.model.ModelFolderLoader.FOLD_ALL : Integer.parseInt(f.substring(5));
        }
        return new ExplainRequest(Path.of(in.model()), folds, Path.of(in.ct()), Path.of(in.organs()),
                in.organNames() == null ? null : Path.of(in.organNames()), roi, in.target(), units, in.unitMarginMm(), Boolean.TRUE.equals(in.groupOrgans()), values,
                BudgetSpec.parse(in.budget(), in.maxBudget(), "report budget"),
                Allocation.valueOf(in.allocation().toUpperCase(Locale.ROOT)), in.seed(), in.maskHu(),
                ScoringRegion.fromCliName(in.scoreRegion()));
    }
}

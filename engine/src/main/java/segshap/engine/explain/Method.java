package segshap.engine.explain;

import java.util.List;
import segshap.engine.shap.Allocation;
import segshap.engine.shap.Design;
import segshap.engine.value.ScoringRegion;
import segshap.engine.value.ValueFunction;
import segshap.protocol.job.JobStrategy;

/**
 * The method settings of a job in the engine's types, parsed and checked from its {@link segshap.protocol.job.JobSpec}.
 *
 * @param roi          how the ROI is chosen
 * @param target       target label t (a label value of the model's dataset.json)
 * @param units        the unit partition
 * @param unitMarginMm units only inside B grown by this many mm, or {@code null} for the exact support
 * @param unitsInBrf   units only inside B_RF, B grown by the patch radius per axis (the paper's region)
 * @param groupOrgans  merge fine organ labels into coarse groups first
 * @param values       value functions to report (all four are computed anyway)
 * @param budget       coalition budget
 * @param allocation   size allocation of sampled designs
 * @param seed         seed of every random choice
 * @param maskHu       masking value b in HU
 * @param scoreRegion  scoring region S
 * @param strategy     segshap's engine or the paper's method, and the tiling
 * @param design       how sampled coalitions are chosen (independent pairs or antithetic permutation walks), or
 *                     {@code null} for the default: walks for at least {@value ExplanationJob#DEFAULT_MIN_WALK_PLAYERS}
 *                     units when the budget holds {@value ExplanationJob#DEFAULT_MIN_WALKS} walk pairs or a forward
 *                     budget is given, else pairs
 * @param forwardBudget tile forwards a sampled design may spend, 0 = no limit
 */
public record Method(RoiSpec roi, int target, UnitSpec units, Double unitMarginMm, boolean unitsInBrf, boolean groupOrgans,
                     List<ValueFunction> values, BudgetSpec budget, Allocation allocation, long seed, double maskHu,
                     ScoringRegion scoreRegion, JobStrategy strategy, Design design, long forwardBudget) {
    public Method {
        values = List.copyOf(values);
    }
}

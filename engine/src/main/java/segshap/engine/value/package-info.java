/**
 * Value functions v(m): the scalar scores KernelSHAP regresses on (paper §III.D, eqs. 2–6).
 *
 * <p>{@link segshap.engine.value.ValueFunctions#scores} computes TP, FP, Dice and Soft Dice together from
 * the fused logits over the ROI's bounding box B, so one coalition evaluation feeds all four regressions.
 * The scoring region S is B by default or the ROI mask ({@link segshap.engine.value.ScoringRegion}).
 */
package segshap.engine.value;

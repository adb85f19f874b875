package segshap.protocol;

import java.util.List;

/**
 * Everything an explanation was computed from, enough to run it again ({@code segshap evaluate} does).
 * Paths are absolute.
 *
 * @param model              nnU-Net model folder
 * @param folds              fold folder names used (e.g. {@code fold_0})
 * @param ct                 CT image
 * @param organs             organ label map (TotalSegmentator numbering)
 * @param organNames         names sidecar file, or {@code null} for TotalSegmentator's built-in names
 * @param roiMask            ROI mask file, or {@code null} when the ROI is a predicted component
 * @param roiComponentLabel  label whose connected component is the ROI, or {@code null}
 * @param roiSeedWorldMm     world (x, y, z) mm point inside the component, or {@code null} (largest component)
 * @param roiSeedVoxelIjk    CT voxel (i, j, k) inside the component, or {@code null}
 * @param target             target label t of the value functions
 * @param units              {@code organs}, {@code regular} or {@code hybrid}
 * @param fccEdgeMm          FCC cubic edge a in mm for regular/hybrid units, or {@code null}
 * @param unitMarginMm       units built inside B dilated by this many mm, or {@code null} for the exact support
 * @param groupOrgans        whether fine organ labels were merged into coarse groups (ribs, vertebrae, lungs)
 * @param values             value functions reported ({@code tp, fp, dice, softdice})
 * @param budget             {@code exact}, {@code auto} or a number of coalitions
 * @param maxBudget          largest budget of {@code auto}
 * @param allocation         {@code equal} or {@code kernel}
 * @param seed               seed of the sampling design
 * @param maskHu             masking value b in Hounsfield units
 * @param scoreRegion        {@code box} (B) or {@code mask} (the ROI itself)
 */
public record ExplainInputs(String model, List<String> folds, String ct, String organs, String organNames,
                            String roiMask, Integer roiComponentLabel, double[] roiSeedWorldMm, int[] roiSeedVoxelIjk, int target,
                            String units, Double fccEdgeMm, Double unitMarginMm, Boolean groupOrgans, List<String> values, String budget, int maxBudget,
                            String allocation, long seed, double maskHu, String scoreRegion) {}

package segshap.protocol;

/**
 * How the coalitions of a report were evaluated ({@code job.strategy}), and what the tiling costs and changes.
 *
 * @param kind                    {@code segshap} or {@code paper}
 * @param tiling                  {@code nnunet} or {@code crop}
 * @param windowNetZyx            the box the sliding window covers, {z0, y0, x0, z1, y1, x1} (half-open) on the
 *                                network grid: the whole volume for {@code nnunet}, B_RF for {@code crop}
 * @param tilesPerCoalition       tiles meeting B under this tiling (each coalition's tile work before any reuse)
 * @param nnunetTiles             tiles meeting B under nnU-Net's own tiling, for comparison
 * @param baselineMaxAbsLogitDiff crop only: max |Δ logit| over B between the crop baseline and nnU-Net's
 *                                prediction; {@code null} for {@code nnunet} (the baseline is nnU-Net's, Δ = 0)
 * @param baselineDiceVsNnunet    crop only: Dice of the two baseline target masks inside B (1 when both are empty);
 *                                {@code null} for {@code nnunet}
 * @param runs                    KernelSHAP runs: 1 for segshap (one design shared by every value function), one
 *                                per reported value function for {@code paper}
 */
public record StrategyReport(String kind, String tiling, int[] windowNetZyx, int tilesPerCoalition, int nnunetTiles,
                             Double baselineMaxAbsLogitDiff, Double baselineDiceVsNnunet, int runs) {}

package segshap.engine.explain;

import segshap.engine.coalition.Baseline;
import segshap.engine.coalition.TilePlan;

/**
 * Everything an explanation is computed from, phase by phase; plain data (no backend, no threads), so it can
 * be kept, shipped or written after the job that made it is gone.
 *
 * @param inputs          phase 1: inputs read and checked
 * @param network         phase 2: the case on the network grid
 * @param roi             phase 3: ROI and support
 * @param units           phase 4: unit partition and players
 * @param plan            phase 5: the tile plan (relevant tiles, crops, U_s, fusion over B)
 * @param baseline        phase 6: the unperturbed prediction over B
 * @param loadSeconds     wall time of phases 1–2
 * @param baselineSeconds wall time of phases 3–6
 * @param cropDeviation   the crop tiling's baseline against nnU-Net's prediction over B; {@code null} for nnU-Net's
 *                        tiling
 */
public record ExplanationSetup(LoadedInputs inputs, NetworkCase network, RoiSelection roi, UnitSetup units, TilePlan plan,
                               Baseline baseline, double loadSeconds, double baselineSeconds, CropDeviation cropDeviation) {}

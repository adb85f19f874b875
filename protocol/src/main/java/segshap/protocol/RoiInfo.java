package segshap.protocol;

/**
 * The region explained, on the network grid.
 *
 * @param description      how it was chosen
 * @param voxels           ROI voxels
 * @param boxNetZyx        B as {z0, y0, x0, z1, y1, x1} (half-open), network grid
 * @param scoringVoxels    |S|, voxels of the scoring region
 * @param relevantTiles    sliding-window tiles meeting B
 * @param totalTiles       tiles of the whole volume
 * @param supportVoxels    voxels of the exact receptive-field support (union of relevant tiles)
 * @param baselineRoiDice  Dice of the baseline prediction of the target against the ROI, inside S
 */
public record RoiInfo(String description, long voxels, int[] boxNetZyx, long scoringVoxels, int relevantTiles,
                      int totalTiles, long supportVoxels, double baselineRoiDice) {}

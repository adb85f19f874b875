package segshap.protocol;

/**
 * One interpretable unit of an explanation, in the report's fixed unit order.
 *
 * @param id              unit id as written in {@code units.nii.gz} (organs: the label value; regular and
 *                        hybrid: 1..M in the partition's fixed order)
 * @param kind            {@code organ}, {@code regular} or {@code hybrid}
 * @param organLabel      organ label value (TotalSegmentator numbering), or {@code null} for regular cells
 * @param organName       organ name from the label map's names, or {@code null}
 * @param voxels          voxels of the unit on the network grid
 * @param centroidMm      centroid in world coordinates (x, y, z) mm
 * @param excluded        true when the unit cannot change the output (its φ is exactly 0)
 * @param exclusionReason why it was excluded, or {@code null}
 */
public record UnitEntry(int id, String kind, Integer organLabel, String organName, long voxels,
                        double[] centroidMm, boolean excluded, String exclusionReason) {}

package segshap.engine.value;

import java.util.Arrays;
import java.util.stream.Collectors;
import segshap.engine.roi.Roi;
import segshap.kernels.InputException;

/**
 * Which voxels S the value functions score over, as a mask over the ROI's bounding box B.
 *
 * <p>The default is all of B: with S = R the FP score would be identically 0 for an ROI that is a
 * component of the baseline prediction (the component lies inside the baseline mask).
 */
public enum ScoringRegion {
    /** S = B, the ROI's bounding box (default). */
    BOX("box"),
    /** S = R, the ROI mask itself (the paper's choice). */
    ROI("mask");

    private final String cliName;

    ScoringRegion(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** S over B: one byte (0 or 1) per voxel of {@code roi.box()} in C order. */
    public byte[] maskOverBox(Roi roi) {
        if (this == ROI) return roi.maskOverBox();
        byte[] all = new byte[Math.toIntExact(roi.box().voxelCount())];
        Arrays.fill(all, (byte) 1);
        return all;
    }

    /**
     * The region named {@code name} (case-insensitive).
     *
     * @throws InputException for an unknown name, listing the valid ones
     */
    public static ScoringRegion fromCliName(String name) {
        for (ScoringRegion r : values()) {
            if (r.cliName.equalsIgnoreCase(name.trim())) return r;
        }
        throw new InputException("unknown scoring region '" + name + "'; expected one of "
                + Arrays.stream(values()).map(ScoringRegion::cliName).collect(Collectors.joining(", ")));
    }
}

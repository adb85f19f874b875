package segshap.engine.explain;

import java.nio.file.Path;

/** How the region of interest is chosen. */
public sealed interface RoiSpec {

    /** A mask file on the CT's grid; nonzero voxels are the ROI. */
    record Mask(Path file) implements RoiSpec {}

    /**
     * A 26-connected component of {@code label} in the baseline prediction: the one containing the world
     * point {@code seedWorldXyzMm}, or the largest when it is {@code null}.
     */
    record Component(int label, double[] seedWorldXyzMm) implements RoiSpec {
        public Component {
            if (seedWorldXyzMm != null && seedWorldXyzMm.length != 3) {
                throw new IllegalArgumentException("seed must be (x, y, z) mm");
            }
            seedWorldXyzMm = seedWorldXyzMm == null ? null : seedWorldXyzMm.clone();
        }
    }
}

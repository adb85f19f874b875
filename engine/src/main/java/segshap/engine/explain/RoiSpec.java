package segshap.engine.explain;

import java.nio.file.Path;

/** How the region of interest is chosen. */
public sealed interface RoiSpec {

    /** A mask file on the CT's grid; nonzero voxels are the ROI. */
    record Mask(Path file) implements RoiSpec {}

    /**
     * A 26-connected component of {@code label} in the baseline prediction: the one containing the world
     * point {@code seedWorldXyzMm}, or the one containing CT voxel {@code seedVoxelIjk} (NIfTI index order),
     * or the largest when both are {@code null}.
     */
    record Component(int label, double[] seedWorldXyzMm, int[] seedVoxelIjk) implements RoiSpec {
        public Component {
            if (seedWorldXyzMm != null && seedWorldXyzMm.length != 3) {
                throw new IllegalArgumentException("seed must be (x, y, z) mm");
            }
            if (seedVoxelIjk != null && (seedVoxelIjk.length != 3 || seedWorldXyzMm != null)) {
                throw new IllegalArgumentException("a voxel seed is (i, j, k) and excludes a world seed");
            }
            seedWorldXyzMm = seedWorldXyzMm == null ? null : seedWorldXyzMm.clone();
            seedVoxelIjk = seedVoxelIjk == null ? null : seedVoxelIjk.clone();
        }

        /** The component containing a world point (mm), or the largest when {@code seedWorldXyzMm} is null. */
        public Component(int label, double[] seedWorldXyzMm) {
            this(label, seedWorldXyzMm, null);
        }
    }
}

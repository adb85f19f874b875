package segshap.engine.demo;

import segshap.engine.units.TotalSegmentatorLabels;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import segshap.kernels.tensor.FloatTensor;

/**
 * One synthetic torso CT with its organ label map and the ground truth of the demo segmentation task.
 *
 * <p>All three volumes share the shape (z, y, x) of the grid they were drawn on (nnU-Net's axis order; z
 * inferior→superior, y anterior→posterior, x patient right→left). The record owns its arrays; callers must
 * not mutate them.
 *
 * @param ctHuZyx CT in Hounsfield units, float32, with partial-volume blur and noise
 * @param organLabelsZyx TotalSegmentator {@code total} label ids (see {@link TotalSegmentatorLabels}),
 *     0 = background; lymph nodes are not in it
 * @param groundTruthZyx demo task labels: 0 background, {@link #GT_SPLEEN} spleen, {@link #GT_LYMPH_NODES}
 *     lymph nodes
 * @param spacingZyxMm voxel size per axis in mm
 * @param affine 4×4 row-major voxel → RAS+ world mm for the array indexed (x, y, z), i.e. this record's
 *     (z, y, x) arrays transposed; see {@link PhantomGrid#affineVoxelToRasMm()}
 */
public record Phantom(FloatTensor ctHuZyx, FloatTensor organLabelsZyx, FloatTensor groundTruthZyx,
        double[] spacingZyxMm, double[] affine) {
    /** Ground-truth value of the spleen (equal to the spleen voxels of the organ map). */
    public static final int GT_SPLEEN = 1;
    /** Ground-truth value of the lymph nodes (background in the organ map). */
    public static final int GT_LYMPH_NODES = 2;

    public Phantom {
        if (ctHuZyx.rank() != 3) throw new IllegalArgumentException("ctHuZyx must be (z, y, x), got " + ctHuZyx);
        if (!Arrays.equals(ctHuZyx.shape(), organLabelsZyx.shape()) || !Arrays.equals(ctHuZyx.shape(), groundTruthZyx.shape())) {
            throw new IllegalArgumentException("volumes differ in shape: ct " + ctHuZyx + ", organs " + organLabelsZyx
                    + ", ground truth " + groundTruthZyx);
        }
        if (spacingZyxMm.length != 3) throw new IllegalArgumentException("spacingZyxMm needs 3 entries, got " + spacingZyxMm.length);
        if (affine.length != 16) throw new IllegalArgumentException("affine needs 16 entries (4×4 row-major), got " + affine.length);
        spacingZyxMm = spacingZyxMm.clone();
        affine = affine.clone();
    }

    /** Voxel size per axis in mm (a copy). */
    @Override
    public double[] spacingZyxMm() {
        return spacingZyxMm.clone();
    }

    /** The 4×4 row-major voxel (x, y, z) → RAS+ mm affine (a copy). */
    @Override
    public double[] affine() {
        return affine.clone();
    }

    /** Names of the ground-truth labels in nnU-Net {@code dataset.json} order: background, spleen, lymph_nodes. */
    public static SortedMap<Integer, String> groundTruthNames() {
        SortedMap<Integer, String> m = new TreeMap<>();
        m.put(0, "background");
        m.put(GT_SPLEEN, "spleen");
        m.put(GT_LYMPH_NODES, "lymph_nodes");
        return Collections.unmodifiableSortedMap(m);
    }

    /** The TotalSegmentator label ids that occur in the organ map, ascending (background excluded). */
    public List<Integer> organLabelIdsPresent() {
        boolean[] seen = new boolean[TotalSegmentatorLabels.maxId() + 1];
        for (float f : organLabelsZyx.data()) seen[(int) f] = true;
        Integer[] ids = java.util.stream.IntStream.range(1, seen.length).filter(i -> seen[i]).boxed().toArray(Integer[]::new);
        return List.of(ids);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Phantom p && ctHuZyx.equals(p.ctHuZyx) && organLabelsZyx.equals(p.organLabelsZyx)
                && groundTruthZyx.equals(p.groundTruthZyx) && Arrays.equals(spacingZyxMm, p.spacingZyxMm)
                && Arrays.equals(affine, p.affine);
    }

    @Override
    public int hashCode() {
        return ctHuZyx.hashCode();
    }

    @Override
    public String toString() {
        return "Phantom" + Arrays.toString(ctHuZyx.shape()) + " @ " + Arrays.toString(spacingZyxMm) + " mm";
    }
}

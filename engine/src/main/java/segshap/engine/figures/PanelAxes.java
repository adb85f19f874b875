package segshap.engine.figures;

import java.util.List;

/**
 * How one panel maps tensor axes (0 = z, 1 = y, 2 = x, as in a (z, y, x) volume) to the screen, and the
 * labels of its four edges.
 *
 * <p>Built from the voxel → world RAS affine, each tensor axis is matched to the world axis it is most
 * aligned with (greedy on the largest |affine| entry, ties to the lower index), and flipped so that the
 * view is radiological: screen right and screen down point to the patient's left (−x), posterior (−y) or
 * inferior (−z). Axial: right on image left, anterior up. Coronal: right on image left, superior up.
 * Sagittal: anterior on image left, superior up. Edge labels are R/L/A/P/S/I. Without an affine the tensor
 * axes are taken as RAS-aligned for the flips, the panels are named by the fixed axis ("Slice z") and the
 * edges show voxel-index directions ("+x" = towards increasing x).
 *
 * @param plane             panel name ("Axial", "Coronal", "Sagittal", or "Slice z" without an affine)
 * @param fixedAxis         tensor axis held constant in the panel
 * @param horizontalAxis    tensor axis along the image columns
 * @param horizontalFlipped true when the voxel index decreases to the right
 * @param leftLabel         direction at the left edge
 * @param rightLabel        direction at the right edge
 * @param verticalAxis      tensor axis along the image rows
 * @param verticalFlipped   true when the voxel index decreases downwards
 * @param topLabel          direction at the top edge
 * @param bottomLabel       direction at the bottom edge
 */
public record PanelAxes(String plane, int fixedAxis, int horizontalAxis, boolean horizontalFlipped, String leftLabel,
        String rightLabel, int verticalAxis, boolean verticalFlipped, String topLabel, String bottomLabel) {

    static final String[] TENSOR_AXIS_NAMES = {"z", "y", "x"};
    private static final String[] POSITIVE_WORLD = {"R", "A", "S"};
    private static final String[] NEGATIVE_WORLD = {"L", "P", "I"};
    private static final String[] PLANE_OF_WORLD_NORMAL = {"Sagittal", "Coronal", "Axial"};

    public PanelAxes {
        if (fixedAxis == horizontalAxis || fixedAxis == verticalAxis || horizontalAxis == verticalAxis
                || !isAxis(fixedAxis) || !isAxis(horizontalAxis) || !isAxis(verticalAxis)) {
            throw new IllegalArgumentException("panel axes must be a permutation of 0, 1, 2, got fixed " + fixedAxis
                    + ", horizontal " + horizontalAxis + ", vertical " + verticalAxis);
        }
    }

    private static boolean isAxis(int a) {
        return a >= 0 && a <= 2;
    }

    /**
     * The three panels in display order (axial, coronal, sagittal; without an affine z, y, x slices).
     *
     * @param voxelToWorldRas 4×4 row-major affine from voxel (i, j, k) = tensor (x, y, z) to world RAS mm, or
     *                        null when unknown
     */
    static List<PanelAxes> radiological(double[] voxelToWorldRas) {
        int[] worldOfTensorAxis = new int[3];
        boolean[] towardsPositiveWorld = new boolean[3];
        if (voxelToWorldRas == null) {
            for (int a = 0; a < 3; a++) {
                worldOfTensorAxis[a] = 2 - a;
                towardsPositiveWorld[a] = true;
            }
        } else {
            matchAxes(voxelToWorldRas, worldOfTensorAxis, towardsPositiveWorld);
        }
        int[] tensorAxisOfWorld = new int[3];
        for (int a = 0; a < 3; a++) tensorAxisOfWorld[worldOfTensorAxis[a]] = a;
        boolean named = voxelToWorldRas != null;
        // (normal, horizontal, vertical) world axes: axial (z; x, y), coronal (y; x, z), sagittal (x; y, z)
        int[][] planes = {{2, 0, 1}, {1, 0, 2}, {0, 1, 2}};
        PanelAxes[] out = new PanelAxes[3];
        for (int p = 0; p < 3; p++) {
            int fixed = tensorAxisOfWorld[planes[p][0]];
            int h = tensorAxisOfWorld[planes[p][1]];
            int v = tensorAxisOfWorld[planes[p][2]];
            // screen right / down always show the negative world direction (L, P, I), so flip exactly the
            // axes whose index grows towards the positive one
            boolean hFlip = towardsPositiveWorld[h];
            boolean vFlip = towardsPositiveWorld[v];
            String plane = named ? PLANE_OF_WORLD_NORMAL[planes[p][0]] : "Slice " + TENSOR_AXIS_NAMES[fixed];
            out[p] = new PanelAxes(plane, fixed,
                    h, hFlip, label(named, h, worldOfTensorAxis, towardsPositiveWorld, hFlip),
                    label(named, h, worldOfTensorAxis, towardsPositiveWorld, !hFlip),
                    v, vFlip, label(named, v, worldOfTensorAxis, towardsPositiveWorld, vFlip),
                    label(named, v, worldOfTensorAxis, towardsPositiveWorld, !vFlip));
        }
        return List.of(out);
    }

    /** Label of the direction of increasing (or decreasing) index along tensor axis {@code a}. */
    private static String label(boolean named, int a, int[] worldOf, boolean[] positive, boolean increasing) {
        if (!named) return (increasing ? "+" : "−") + TENSOR_AXIS_NAMES[a];
        boolean towardsPositive = positive[a] == increasing;
        return towardsPositive ? POSITIVE_WORLD[worldOf[a]] : NEGATIVE_WORLD[worldOf[a]];
    }

    /** Greedy match of tensor axes to world axes on the largest |direction cosine| first. */
    private static void matchAxes(double[] affine, int[] worldOf, boolean[] positive) {
        boolean[] rowUsed = new boolean[3];
        boolean[] colUsed = new boolean[3];
        for (int step = 0; step < 3; step++) {
            int bestRow = -1;
            int bestCol = -1;
            double best = -1;
            for (int r = 0; r < 3; r++) {
                if (rowUsed[r]) continue;
                for (int c = 0; c < 3; c++) {
                    if (colUsed[c]) continue;
                    double colNorm = Math.sqrt(affine[c] * affine[c] + affine[4 + c] * affine[4 + c]
                            + affine[8 + c] * affine[8 + c]);
                    double cosine = colNorm == 0 ? 0 : Math.abs(affine[4 * r + c]) / colNorm;
                    if (cosine > best) {
                        best = cosine;
                        bestRow = r;
                        bestCol = c;
                    }
                }
            }
            if (best <= 0) {
                throw new IllegalArgumentException("voxelToWorldRas has a zero voxel direction (column " + bestCol
                        + " of the 3×3 part); the affine must be invertible");
            }
            rowUsed[bestRow] = true;
            colUsed[bestCol] = true;
            int tensorAxis = 2 - bestCol; // affine column i, j, k is tensor axis x, y, z
            worldOf[tensorAxis] = bestRow;
            positive[tensorAxis] = affine[4 * bestRow + bestCol] > 0;
        }
    }
}

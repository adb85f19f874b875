package segshap.engine.roi;

import segshap.engine.grid.Connectivity;
import segshap.engine.grid.ConnectedComponents;
import segshap.engine.grid.LabelMap;
import segshap.engine.grid.GridGeometry;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Locale;
import java.util.Optional;
import segshap.kernels.InputException;
import segshap.kernels.tensor.Box;
import segshap.kernels.tensor.FloatTensor;

/**
 * The region of interest R on the network grid: its bounding box B and the mask of R over B.
 *
 * <p>Build one with {@link #fromMask} (a user mask already on the network grid) or from the baseline
 * prediction: {@link #componentAtVoxel}, {@link #componentAtWorldMm} or {@link #largestComponent} (components
 * use 26-connectivity).
 *
 * @param gridShapeZyx the network grid's extents (z, y, x)
 * @param box          B, the tight bounding box of R, inside the grid and non-empty
 * @param maskOverBox  R over B, one byte (0 or 1) per voxel of B in C order (z, y, x); owned by the record
 * @param voxelCount   |R| ≥ 1, the number of ones in {@code maskOverBox}
 * @param description  where R came from, for reports ("mask 'roi.nii.gz'", "component of label 3 at …")
 */
public record Roi(int[] gridShapeZyx, Box box, byte[] maskOverBox, long voxelCount, String description) {
    public Roi {
        gridShapeZyx = gridShapeZyx.clone();
        maskOverBox = maskOverBox.clone();
        if (box.isEmpty() || !Box.ofShape(gridShapeZyx).intersect(box).equals(box)) {
            throw new IllegalArgumentException("ROI box " + box + " must be non-empty and inside the grid zyx "
                    + Arrays.toString(gridShapeZyx));
        }
        if (maskOverBox.length != box.voxelCount()) {
            throw new IllegalArgumentException("maskOverBox length " + maskOverBox.length + " != voxels of box "
                    + box + " (" + box.voxelCount() + ")");
        }
        long ones = 0;
        for (byte b : maskOverBox) {
            if (b != 0 && b != 1) throw new IllegalArgumentException("maskOverBox must hold 0 or 1, got " + b);
            ones += b;
        }
        if (ones != voxelCount || voxelCount < 1) {
            throw new IllegalArgumentException("voxelCount " + voxelCount + " must equal the ones in maskOverBox ("
                    + ones + ") and be ≥ 1");
        }
    }

    /**
     * The ROI given as a mask on the network grid: every nonzero voxel belongs to R.
     *
     * @param maskZyx      shape (z, y, x) or (1, z, y, x), equal to the grid's shape
     * @param gridShapeZyx the network grid's extents (z, y, x)
     * @param maskSource   the mask's file name, for messages
     * @throws InputException when the shape differs from the grid, a value is not finite, or no voxel is set
     */
    public static Roi fromMask(FloatTensor maskZyx, int[] gridShapeZyx, String maskSource) {
        int[] shape = maskZyx.shape();
        if (shape.length == 4 && shape[0] == 1) shape = new int[] {shape[1], shape[2], shape[3]};
        if (!Arrays.equals(shape, gridShapeZyx)) {
            throw new InputException("ROI mask '" + maskSource + "' is not on the CT's grid: shape zyx "
                    + GridGeometry.dims(shape) + " vs " + GridGeometry.dims(gridShapeZyx) + " (network grid); resample the mask to the CT "
                    + "grid (nearest neighbour) first");
        }
        float[] d = maskZyx.data();
        int sy = gridShapeZyx[1], sx = gridShapeZyx[2];
        int z0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x0 = Integer.MAX_VALUE;
        int z1 = -1, y1 = -1, x1 = -1;
        for (int i = 0; i < d.length; i++) {
            if (!Float.isFinite(d[i])) {
                throw new InputException("ROI mask '" + maskSource + "' holds " + d[i] + " at voxel zyx "
                        + zyx(i, sy, sx) + "; a mask must be finite (nonzero = inside the ROI)");
            }
            if (d[i] == 0) continue;
            int x = i % sx, y = (i / sx) % sy, z = i / sx / sy;
            z0 = Math.min(z0, z); y0 = Math.min(y0, y); x0 = Math.min(x0, x);
            z1 = Math.max(z1, z); y1 = Math.max(y1, y); x1 = Math.max(x1, x);
        }
        if (z1 < 0) {
            throw new InputException("ROI mask '" + maskSource + "' is empty: no nonzero voxel on the network grid "
                    + "(zyx " + GridGeometry.dims(gridShapeZyx) + "); check that the mask belongs to this CT and marks the "
                    + "region with values ≠ 0");
        }
        Box box = new Box(z0, y0, x0, z1 + 1, y1 + 1, x1 + 1);
        byte[] m = new byte[Math.toIntExact(box.voxelCount())];
        long count = 0;
        int k = 0;
        for (int z = box.z0(); z < box.z1(); z++) {
            for (int y = box.y0(); y < box.y1(); y++) {
                int row = (z * sy + y) * sx;
                for (int x = box.x0(); x < box.x1(); x++, k++) {
                    if (d[row + x] != 0) {
                        m[k] = 1;
                        count++;
                    }
                }
            }
        }
        return new Roi(gridShapeZyx, box, m, count, "mask '" + maskSource + "'");
    }

    /**
     * The 26-connected component of {@code targetLabel} in the prediction that contains voxel
     * {@code seedZyx} of the network grid.
     *
     * @throws InputException when the label is 0, the seed is off the grid, or the seed voxel carries another
     *                        label (the message names that label and the nearest voxel of the target label)
     */
    public static Roi componentAtVoxel(LabelMap prediction, int targetLabel, int[] seedZyx,
                                       String predictionSource) {
        requireForegroundLabel(targetLabel, predictionSource);
        int z = seedZyx[0], y = seedZyx[1], x = seedZyx[2];
        int[] shape = prediction.shapeZyx();
        if (z < 0 || z >= shape[0] || y < 0 || y >= shape[1] || x < 0 || x >= shape[2]) {
            throw new InputException("ROI seed voxel zyx (" + z + "," + y + "," + x + ") lies outside the volume "
                    + "of '" + predictionSource + "' (network grid zyx " + GridGeometry.dims(shape) + "); pick a voxel with "
                    + "0 ≤ z < " + shape[0] + ", 0 ≤ y < " + shape[1] + ", 0 ≤ x < " + shape[2]);
        }
        int found = prediction.labelAt(z, y, x);
        if (found != targetLabel) {
            throw new InputException("ROI seed voxel zyx (" + z + "," + y + "," + x + ") of '" + predictionSource
                    + "' has label " + found + ", not the target label " + targetLabel + "; "
                    + nearestHint(prediction, targetLabel, seedZyx, null));
        }
        ConnectedComponents.Component c =
                ConnectedComponents.containing(prediction, targetLabel, z, y, x, Connectivity.TWENTY_SIX);
        return ofComponent(c, "component of label " + targetLabel + " at voxel zyx (" + z + "," + y + "," + x
                + ") of '" + predictionSource + "'");
    }

    /**
     * The 26-connected component of {@code targetLabel} containing the voxel whose centre is nearest to a
     * world point.
     *
     * @param grid           the network grid's geometry (shape must equal the prediction's)
     * @param seedWorldXyzMm world point (x, y, z) in mm
     * @throws InputException as {@link #componentAtVoxel}, with the world point in the message
     */
    public static Roi componentAtWorldMm(LabelMap prediction, GridGeometry grid, int targetLabel,
                                         double[] seedWorldXyzMm, String predictionSource) {
        requireForegroundLabel(targetLabel, predictionSource);
        if (!prediction.hasShape(grid.shapeZyx())) {
            throw new IllegalArgumentException("prediction shape zyx " + GridGeometry.dims(prediction.shapeZyx())
                    + " differs from the grid geometry's " + GridGeometry.dims(grid.shapeZyx()));
        }
        double[] w = seedWorldXyzMm;
        int[] v = grid.voxelOfWorldMm(w[0], w[1], w[2]);
        String point = "ROI seed at world xyz (" + GridGeometry.mm(w[0]) + ", " + GridGeometry.mm(w[1]) + ", " + GridGeometry.mm(w[2]) + ") mm";
        if (!grid.contains(v[0], v[1], v[2])) {
            double[] b = grid.worldBoundsMm();
            throw new InputException(point + " lies outside the volume of '" + predictionSource + "': its nearest "
                    + "voxel zyx (" + v[0] + "," + v[1] + "," + v[2] + ") is off the network grid zyx "
                    + GridGeometry.dims(grid.shapeZyx()) + ", which spans x [" + GridGeometry.mm(b[0]) + ", " + GridGeometry.mm(b[3]) + "], y ["
                    + GridGeometry.mm(b[1]) + ", " + GridGeometry.mm(b[4]) + "], z [" + GridGeometry.mm(b[2]) + ", " + GridGeometry.mm(b[5]) + "] mm; give a point "
                    + "inside the scan (world coordinates, not voxel indices)");
        }
        int found = prediction.labelAt(v[0], v[1], v[2]);
        if (found != targetLabel) {
            throw new InputException(point + " (voxel zyx (" + v[0] + "," + v[1] + "," + v[2] + ")) of '"
                    + predictionSource + "' has label " + found + ", not the target label " + targetLabel + "; "
                    + nearestHint(prediction, targetLabel, v, grid));
        }
        ConnectedComponents.Component c =
                ConnectedComponents.containing(prediction, targetLabel, v[0], v[1], v[2], Connectivity.TWENTY_SIX);
        return ofComponent(c, "component of label " + targetLabel + " at world xyz (" + GridGeometry.mm(w[0]) + ", "
                + GridGeometry.mm(w[1]) + ", " + GridGeometry.mm(w[2]) + ") mm of '" + predictionSource + "'");
    }

    /**
     * The largest 26-connected component of {@code targetLabel}; ties go to the component whose first voxel
     * comes first in z, y, x scan order.
     *
     * @throws InputException when the label is 0 or does not occur in the prediction
     */
    public static Roi largestComponent(LabelMap prediction, int targetLabel, String predictionSource) {
        requireForegroundLabel(targetLabel, predictionSource);
        Optional<ConnectedComponents.Component> c =
                ConnectedComponents.largest(prediction, targetLabel, Connectivity.TWENTY_SIX);
        if (c.isEmpty()) {
            throw new InputException("ROI is empty: '" + predictionSource + "' has no voxel of the target label "
                    + targetLabel + " (labels present: " + labelsPresent(prediction) + "); choose another target "
                    + "class or give an ROI mask");
        }
        return ofComponent(c.get(), "largest component of label " + targetLabel + " of '" + predictionSource
                + "'");
    }

    /** Whether voxel (z, y, x) of the grid belongs to R. */
    public boolean contains(int z, int y, int x) {
        if (!box.contains(z, y, x)) return false;
        return maskOverBox[((z - box.z0()) * box.sizeY() + (y - box.y0())) * box.sizeX() + (x - box.x0())] != 0;
    }

    @Override
    public int[] gridShapeZyx() {
        return gridShapeZyx.clone();
    }

    /** R over B (a copy), one byte per voxel of B in C order. */
    @Override
    public byte[] maskOverBox() {
        return maskOverBox.clone();
    }

    /** R over the whole grid, one byte (0 or 1) per voxel in C order. */
    public byte[] maskOverGrid() {
        int sy = gridShapeZyx[1], sx = gridShapeZyx[2];
        byte[] out = new byte[Math.toIntExact((long) gridShapeZyx[0] * sy * sx)];
        int k = 0;
        for (int z = box.z0(); z < box.z1(); z++) {
            for (int y = box.y0(); y < box.y1(); y++) {
                int row = (z * sy + y) * sx;
                for (int x = box.x0(); x < box.x1(); x++, k++) out[row + x] = maskOverBox[k];
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Roi r && Arrays.equals(gridShapeZyx, r.gridShapeZyx) && box.equals(r.box)
                && Arrays.equals(maskOverBox, r.maskOverBox) && voxelCount == r.voxelCount
                && description.equals(r.description);
    }

    @Override
    public int hashCode() {
        return (31 * Arrays.hashCode(gridShapeZyx) + box.hashCode()) * 31 + Arrays.hashCode(maskOverBox);
    }

    @Override
    public String toString() {
        return "Roi[" + description + ", " + voxelCount + " voxels, box " + box + "]";
    }

    static Roi ofComponent(ConnectedComponents.Component c, String description) {
        Box box = c.box();
        int[] shape = c.shapeZyx();
        int sy = shape[1], sx = shape[2];
        byte[] m = new byte[Math.toIntExact(box.voxelCount())];
        for (int v : c.voxelIndices()) {
            int x = v % sx, y = (v / sx) % sy, z = v / sx / sy;
            m[((z - box.z0()) * box.sizeY() + (y - box.y0())) * box.sizeX() + (x - box.x0())] = 1;
        }
        return new Roi(shape, box, m, c.size(), description);
    }

    private static void requireForegroundLabel(int targetLabel, String source) {
        if (targetLabel < 1) {
            throw new InputException("target label " + targetLabel + " for an ROI from '" + source + "' must be ≥ 1 "
                    + "(0 is background)");
        }
    }

    /** "the nearest voxel of label t is …" or, if t is absent, which labels are present. */
    private static String nearestHint(LabelMap labels, int target, int[] seedZyx, GridGeometry grid) {
        int sy = labels.sizeY(), sx = labels.sizeX();
        double[] seedW = grid == null ? null : grid.worldMm(seedZyx[0], seedZyx[1], seedZyx[2]);
        double[] w = new double[3];
        double best = Double.POSITIVE_INFINITY;
        int bestIndex = -1;
        int n = labels.labels().length;
        for (int i = 0; i < n; i++) {
            if (labels.labelAt(i) != target) continue;
            int x = i % sx, y = (i / sx) % sy, z = i / sx / sy;
            double d2;
            if (grid == null) {
                double dz = z - seedZyx[0], dy = y - seedZyx[1], dx = x - seedZyx[2];
                d2 = dz * dz + dy * dy + dx * dx;
            } else {
                grid.worldMm(z, y, x, w);
                double a = w[0] - seedW[0], b = w[1] - seedW[1], c = w[2] - seedW[2];
                d2 = a * a + b * b + c * c;
            }
            if (d2 < best) { // strict: the first voxel in scan order wins ties
                best = d2;
                bestIndex = i;
            }
        }
        if (bestIndex < 0) {
            return "the prediction has no voxel of label " + target + " at all (labels present: "
                    + labelsPresent(labels) + "); choose another target class";
        }
        String where = "voxel zyx " + zyx(bestIndex, sy, sx);
        if (grid != null) {
            int x = bestIndex % sx, y = (bestIndex / sx) % sy, z = bestIndex / sx / sy;
            grid.worldMm(z, y, x, w);
            where += " (world xyz (" + GridGeometry.mm(w[0]) + ", " + GridGeometry.mm(w[1]) + ", " + GridGeometry.mm(w[2]) + ") mm), "
                    + GridGeometry.mm(Math.sqrt(best)) + " mm away";
        } else {
            where += ", " + GridGeometry.mm(Math.sqrt(best)) + " voxels away";
        }
        return "the nearest voxel of label " + target + " is " + where + "; move the seed into the component or "
                + "use the largest component";
    }

    private static String labelsPresent(LabelMap labels) {
        BitSet present = new BitSet();
        for (int v : labels.labels()) present.set(v);
        StringBuilder b = new StringBuilder();
        int shown = 0;
        for (int v = present.nextSetBit(0); v >= 0; v = present.nextSetBit(v + 1)) {
            if (shown++ == 30) return b.append(", …").toString();
            b.append(shown == 1 ? "" : ", ").append(v);
        }
        return b.toString();
    }

    private static String zyx(int flat, int sy, int sx) {
        return "(" + (flat / sx / sy) + "," + ((flat / sx) % sy) + "," + (flat % sx) + ")";
    }
}

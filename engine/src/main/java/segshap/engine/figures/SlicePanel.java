package segshap.engine.figures;

import java.awt.Point;

/**
 * Where one slice of the volume landed in a rendered figure, to map voxels to image pixels.
 *
 * <p>The panel shows tensor axis {@code axes.horizontalAxis()} along columns and {@code axes.verticalAxis()}
 * along rows, each stretched so one image pixel is {@code mmPerPixel} millimetres in both directions.
 * Example: a (z, y, x) = 60×192×192 CT at 5×0.8×0.8 mm drawn at 0.625 mm/pixel gives a coronal panel of
 * 246 × 480 pixels: 4.1 pixels per x voxel and 8 pixels per z voxel.
 *
 * @param axes              tensor axes on screen and the edge labels
 * @param sliceIndex        voxel index along {@code axes.fixedAxis()}
 * @param horizontalVoxels  extent of the horizontal tensor axis
 * @param verticalVoxels    extent of the vertical tensor axis
 * @param xPx               left column of the panel in the image
 * @param yPx               top row of the panel in the image
 * @param widthPx           panel width in pixels, ≥ 1
 * @param heightPx          panel height in pixels, ≥ 1
 * @param mmPerPixel        pixel edge in mm, the same for all panels of a figure, &gt; 0
 */
public record SlicePanel(PanelAxes axes, int sliceIndex, int horizontalVoxels, int verticalVoxels, int xPx, int yPx,
        int widthPx, int heightPx, double mmPerPixel) {

    public SlicePanel {
        if (axes == null) throw new IllegalArgumentException("axes must not be null");
        if (horizontalVoxels < 1 || verticalVoxels < 1 || widthPx < 1 || heightPx < 1) {
            throw new IllegalArgumentException("panel extents must be >= 1: voxels " + horizontalVoxels + "×"
                    + verticalVoxels + ", pixels " + widthPx + "×" + heightPx);
        }
        if (!(mmPerPixel > 0) || !Double.isFinite(mmPerPixel)) {
            throw new IllegalArgumentException("mmPerPixel must be finite and > 0, got " + mmPerPixel);
        }
    }

    /**
     * The image pixel that holds the centre of voxel (z, y, x).
     *
     * @param z voxel index along tensor axis 0
     * @param y voxel index along tensor axis 1
     * @param x voxel index along tensor axis 2
     * @return (column, row) in the whole figure image
     * @throws IllegalArgumentException if the voxel is not in this panel's slice or outside the volume
     */
    public Point imagePixelOfVoxel(int z, int y, int x) {
        int[] zyx = {z, y, x};
        if (zyx[axes.fixedAxis()] != sliceIndex) {
            throw new IllegalArgumentException("voxel (z, y, x) = (" + z + ", " + y + ", " + x + ") is not in "
                    + axes.plane() + " slice " + PanelAxes.TENSOR_AXIS_NAMES[axes.fixedAxis()] + " = " + sliceIndex);
        }
        int col = screenIndex(zyx[axes.horizontalAxis()], horizontalVoxels, axes.horizontalFlipped(), widthPx);
        int row = screenIndex(zyx[axes.verticalAxis()], verticalVoxels, axes.verticalFlipped(), heightPx);
        return new Point(xPx + col, yPx + row);
    }

    private static int screenIndex(int voxel, int voxels, boolean flipped, int pixels) {
        if (voxel < 0 || voxel >= voxels) {
            throw new IllegalArgumentException("voxel index " + voxel + " outside [0, " + voxels + ")");
        }
        int display = flipped ? voxels - 1 - voxel : voxel;
        // voxel centre sits at (display + 0.5) voxels = (display + 0.5)·pixels/voxels pixels
        return Math.min(pixels - 1, (int) Math.floor((display + 0.5) * pixels / voxels));
    }
}

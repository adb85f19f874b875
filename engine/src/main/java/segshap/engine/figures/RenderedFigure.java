package segshap.engine.figures;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A rendered attribution figure and where its panels are.
 *
 * @param image          the figure, RGB; owned by the caller once returned
 * @param panels         the three slice panels in display order (axial, coronal, sagittal)
 * @param centroidZyx    the ROI centroid voxel the slices pass through, (z, y, x)
 * @param phiMaxAbs      max |φ| over the whole volume: the colour scale runs from −phiMaxAbs to +phiMaxAbs
 */
public record RenderedFigure(BufferedImage image, List<SlicePanel> panels, int[] centroidZyx, float phiMaxAbs) {
    public RenderedFigure {
        if (image == null) throw new IllegalArgumentException("image must not be null");
        panels = List.copyOf(panels);
        if (centroidZyx == null || centroidZyx.length != 3) {
            throw new IllegalArgumentException("centroidZyx must have 3 values");
        }
        centroidZyx = centroidZyx.clone();
    }

    /** The ROI centroid voxel (z, y, x) (a copy). */
    @Override
    public int[] centroidZyx() {
        return centroidZyx.clone();
    }
}

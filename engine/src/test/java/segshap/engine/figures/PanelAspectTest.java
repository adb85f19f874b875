package segshap.engine.figures;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Point;
import org.junit.jupiter.api.Test;
import segshap.kernels.tensor.FloatTensor;

/** Panels are resampled to square millimetre pixels, at one scale for all three. */
class PanelAspectTest {
    // panel extents are rounded to whole pixels
    static final double PIXEL_ROUNDING_TOL = 1.0;

    @Test
    void thickSlicesMakeTheCoronalPanelFiveTimesTallerPerZVoxel() {
        int[] shape = {12, 30, 30}; // (z, y, x) at 5 × 1 × 1 mm: 60 mm tall, 30 mm wide
        FloatTensor roi = FloatTensor.zeros(shape);
        SyntheticVolumes.fillBox(roi, 5, 7, 14, 16, 14, 16, 1f);
        RenderedFigure f = new AttributionFigure(SyntheticVolumes.filled(shape, 40f), new double[] {5, 1, 1},
                FloatTensor.zeros(shape), roi, "aspect").render();
        SlicePanel coronal = f.panels().get(1);
        assertEquals(0, coronal.axes().verticalAxis());
        assertEquals(2, coronal.axes().horizontalAxis());
        double pxPerZ = (double) coronal.heightPx() / shape[0];
        double pxPerX = (double) coronal.widthPx() / shape[2];
        assertEquals(5.0, pxPerZ / pxPerX, 1e-9, "heights " + coronal.heightPx() + ", width " + coronal.widthPx());
        // the tallest extent (60 mm) fills the cell, so 0.125 mm per pixel: 40 px per z voxel, 8 per x voxel
        assertEquals(60.0 / AttributionFigure.CELL_PX, coronal.mmPerPixel(), 1e-12);
        Point z5 = coronal.imagePixelOfVoxel(5, 15, 10);
        Point z6 = coronal.imagePixelOfVoxel(6, 15, 10);
        Point x11 = coronal.imagePixelOfVoxel(5, 15, 11);
        assertEquals(40, Math.abs(z6.y - z5.y));
        assertEquals(8, Math.abs(x11.x - z5.x));
        // the axial panel is 30 × 30 mm: square, half the cell
        SlicePanel axial = f.panels().get(0);
        assertEquals(axial.widthPx(), axial.heightPx());
        assertEquals(30 / coronal.mmPerPixel(), axial.widthPx(), PIXEL_ROUNDING_TOL);
    }

    @Test
    void anisotropicInPlaneSpacingStretchesColumnsAndRowsApart() {
        int[] shape = {10, 20, 40}; // (z, y, x) at 1 × 2 × 0.5 mm: axial 20 mm wide, 40 mm tall
        FloatTensor roi = FloatTensor.zeros(shape);
        SyntheticVolumes.fillBox(roi, 4, 6, 9, 11, 19, 21, 1f);
        RenderedFigure f = new AttributionFigure(SyntheticVolumes.filled(shape, 40f), new double[] {1, 2, 0.5},
                FloatTensor.zeros(shape), roi, "aspect").render();
        SlicePanel axial = f.panels().get(0);
        assertEquals(2.0, (double) axial.heightPx() / axial.widthPx(), 1e-9);
        for (SlicePanel p : f.panels()) assertEquals(axial.mmPerPixel(), p.mmPerPixel());
    }
}

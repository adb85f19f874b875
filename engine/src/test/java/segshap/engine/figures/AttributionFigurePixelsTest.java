package segshap.engine.figures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static segshap.engine.figures.SyntheticVolumes.blue;
import static segshap.engine.figures.SyntheticVolumes.fillBox;
import static segshap.engine.figures.SyntheticVolumes.green;
import static segshap.engine.figures.SyntheticVolumes.red;
import static segshap.engine.figures.SyntheticVolumes.rgbText;

import java.awt.Point;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import segshap.kernels.tensor.FloatTensor;

/**
 * Pixels of a rendered figure at known voxels: soft tissue is mid grey, air black, positive φ reddish,
 * negative φ bluish (mirrored), φ = 0 leaves the CT untouched, and the ROI edge is yellow.
 */
class AttributionFigurePixelsTest {
    static final int[] SHAPE = {20, 40, 48}; // (z, y, x)
    // ROI [6,13)×[10,29)×[12,35): centroid (9, 19, 23)
    static final int[] CENTROID = {9, 19, 23};
    // the grey of 40 HU is 127.5 before rounding
    static final int GREY_TOL = 1;
    // an overlay at full scale must dominate one channel clearly, not just by rounding
    static final int COLOUR_MARGIN = 60;

    static RenderedFigure figure;
    static SlicePanel axial;

    @BeforeAll
    static void render() {
        FloatTensor ct = SyntheticVolumes.filled(SHAPE, 40f);
        fillBox(ct, 0, 20, 0, 6, 0, 8, -1000f); // air, outside the ROI
        FloatTensor phi = FloatTensor.zeros(SHAPE);
        fillBox(phi, 7, 12, 12, 18, 14, 20, 2f);
        fillBox(phi, 7, 12, 22, 28, 26, 32, -2f);
        FloatTensor roi = FloatTensor.zeros(SHAPE);
        fillBox(roi, 6, 13, 10, 29, 12, 35, 1f);
        figure = new AttributionFigure(ct, new double[] {2, 1, 1}, phi, roi, "pixels test").render();
        axial = figure.panels().get(0);
    }

    int pixel(int z, int y, int x) {
        Point p = axial.imagePixelOfVoxel(z, y, x);
        return figure.image().getRGB(p.x, p.y) & 0xffffff;
    }

    @Test
    void slicesGoThroughTheRoiCentroid() {
        assertArrayEquals(CENTROID, figure.centroidZyx());
        for (SlicePanel p : figure.panels()) {
            assertEquals(CENTROID[p.axes().fixedAxis()], p.sliceIndex(), p.axes().plane());
        }
        assertEquals(2f, figure.phiMaxAbs());
    }

    @Test
    void softTissueWithoutAttributionIsPlainMidGrey() {
        int rgb = pixel(9, 34, 40);
        assertEquals(red(rgb), green(rgb), rgbText(rgb));
        assertEquals(green(rgb), blue(rgb), rgbText(rgb));
        assertEquals(128, red(rgb), GREY_TOL, rgbText(rgb));
        // inside the ROI but φ = 0: no tint either
        int inRoi = pixel(9, 20, 22);
        assertEquals(rgb, inRoi, rgbText(inRoi));
    }

    @Test
    void airIsBlack() {
        assertEquals(0, pixel(9, 2, 3), rgbText(pixel(9, 2, 3)));
    }

    @Test
    void positivePhiIsReddishAndNegativeBluish() {
        int pos = pixel(9, 15, 17);
        int neg = pixel(9, 25, 29);
        assertTrue(red(pos) > blue(pos) + COLOUR_MARGIN && red(pos) > green(pos) + COLOUR_MARGIN, rgbText(pos));
        assertTrue(blue(neg) > red(neg) + COLOUR_MARGIN && blue(neg) > green(neg) + COLOUR_MARGIN, rgbText(neg));
        // equal |φ| over the same grey: the negative colour is the positive one with red and blue swapped
        assertEquals(red(pos), blue(neg), rgbText(pos) + " vs " + rgbText(neg));
        assertEquals(green(pos), green(neg), rgbText(pos) + " vs " + rgbText(neg));
        assertEquals(blue(pos), red(neg), rgbText(pos) + " vs " + rgbText(neg));
    }

    @Test
    void roiEdgeIsDrawnInTheContourColourAndItsInsideIsNot() {
        int contour = AttributionFigure.CONTOUR_COLOUR.getRGB() & 0xffffff;
        BufferedImage img = figure.image();
        // along the row of y = 19, from the voxel just outside the ROI (x = 11) to the first inside (x = 12)
        Point out = axial.imagePixelOfVoxel(9, 19, 11);
        Point in = axial.imagePixelOfVoxel(9, 19, 12);
        assertNotEquals(contour, img.getRGB(out.x, out.y) & 0xffffff);
        int step = Integer.signum(in.x - out.x);
        int found = 0;
        for (int x = out.x; x != in.x + step; x += step) {
            if ((img.getRGB(x, out.y) & 0xffffff) == contour) found++;
        }
        assertEquals(1, found, "a one-pixel contour between x = 11 and x = 12");
        // the same along y at the ROI's top edge (y = 10) and on the other panels' edges
        Point above = axial.imagePixelOfVoxel(9, 9, 23);
        Point first = axial.imagePixelOfVoxel(9, 10, 23);
        int yStep = Integer.signum(first.y - above.y);
        found = 0;
        for (int y = above.y; y != first.y + yStep; y += yStep) {
            if ((img.getRGB(above.x, y) & 0xffffff) == contour) found++;
        }
        assertEquals(1, found, "a one-pixel contour between y = 9 and y = 10");
        assertNotEquals(contour, pixel(9, 19, 23), "ROI inside must not be contour coloured");
        for (SlicePanel p : figure.panels()) {
            int contourPixels = 0;
            for (int r = 0; r < p.heightPx(); r++) {
                for (int c = 0; c < p.widthPx(); c++) {
                    if ((img.getRGB(p.xPx() + c, p.yPx() + r) & 0xffffff) == contour) contourPixels++;
                }
            }
            assertTrue(contourPixels > 0, "no contour in " + p.axes().plane());
        }
    }
}

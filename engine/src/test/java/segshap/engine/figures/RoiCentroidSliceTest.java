package segshap.engine.figures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static segshap.engine.figures.SyntheticVolumes.blue;
import static segshap.engine.figures.SyntheticVolumes.fillBox;
import static segshap.engine.figures.SyntheticVolumes.red;
import static segshap.engine.figures.SyntheticVolumes.rgbText;

import java.awt.Point;
import org.junit.jupiter.api.Test;
import segshap.kernels.tensor.FloatTensor;

/** The three slices pass through the ROI's centroid voxel (mean index, rounded half up). */
class RoiCentroidSliceTest {

    @Test
    void lShapedRoiCentroidIsTheRoundedMeanVoxel() {
        int[] shape = {12, 10, 10};
        FloatTensor roi = FloatTensor.zeros(shape);
        fillBox(roi, 4, 5, 2, 4, 2, 8, 1f); // 12 voxels
        fillBox(roi, 5, 9, 2, 3, 2, 3, 1f); // 4 voxels
        // z: (12·4 + 5+6+7+8)/16 = 4.625 → 5; y: (6·2 + 6·3 + 4·2)/16 = 2.375 → 2; x: (2·27 + 4·2)/16 = 3.875 → 4
        assertArrayEquals(new int[] {5, 2, 4}, AttributionFigure.roiCentroidZyx(roi));
    }

    @Test
    void onlyTheCentroidSliceShowsAnAttributionPlacedThere() {
        int[] shape = {12, 10, 10};
        FloatTensor roi = FloatTensor.zeros(shape);
        fillBox(roi, 4, 5, 2, 4, 2, 8, 1f);
        fillBox(roi, 5, 9, 2, 3, 2, 3, 1f);
        FloatTensor phi = FloatTensor.zeros(shape);
        fillBox(phi, 5, 6, 0, 10, 0, 10, 1f);   // the whole plane z = 5
        fillBox(phi, 0, 12, 0, 10, 9, 10, -1f); // the plane x = 9, not the sagittal slice x = 4
        RenderedFigure f = new AttributionFigure(SyntheticVolumes.filled(shape, 40f), new double[] {1, 1, 1}, phi, roi,
                "centroid").render();
        SlicePanel axial = f.panels().get(0);
        assertEquals(5, axial.sliceIndex());
        Point p = axial.imagePixelOfVoxel(5, 7, 5);
        int rgb = f.image().getRGB(p.x, p.y);
        assertTrue(red(rgb) > blue(rgb) + 60, "axial z = 5 carries φ > 0: " + rgbText(rgb));
        SlicePanel sagittal = f.panels().get(2);
        assertEquals(4, sagittal.sliceIndex());
        Point s = sagittal.imagePixelOfVoxel(2, 7, 4);
        int srgb = f.image().getRGB(s.x, s.y) & 0xffffff;
        assertEquals(red(srgb), blue(srgb), "sagittal x = 4 has φ = 0 away from z = 5: " + rgbText(srgb));
    }
}

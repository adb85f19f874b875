package segshap.engine.figures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static segshap.engine.figures.SyntheticVolumes.fillBox;

import java.awt.Point;
import java.util.List;
import org.junit.jupiter.api.Test;
import segshap.kernels.tensor.FloatTensor;

/** Radiological orientation from the affine: which tensor axis goes where, flips, and edge labels. */
class PanelOrientationTest {
    static final double[] RAS = {0.8, 0, 0, 0, 0, 0.8, 0, 0, 0, 0, 2.5, 0, 0, 0, 0, 1};
    static final double[] LAS = {-0.8, 0, 0, 0, 0, 0.8, 0, 0, 0, 0, 2.5, 0, 0, 0, 0, 1};
    // voxel i → superior, j → right, k → anterior
    static final double[] PERMUTED = {0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1};

    static String labels(PanelAxes a) {
        return a.leftLabel() + a.rightLabel() + a.topLabel() + a.bottomLabel();
    }

    @Test
    void rasImageIsShownWithPatientRightOnImageLeftAndAnteriorUp() {
        List<PanelAxes> p = PanelAxes.radiological(RAS);
        assertEquals("Axial", p.get(0).plane());
        assertEquals(0, p.get(0).fixedAxis());
        assertEquals(2, p.get(0).horizontalAxis());
        assertEquals(1, p.get(0).verticalAxis());
        assertTrue(p.get(0).horizontalFlipped(), "x grows towards R, which must be on the left");
        assertTrue(p.get(0).verticalFlipped(), "y grows towards A, which must be on top");
        assertEquals("RLAP", labels(p.get(0)));
        assertEquals("Coronal", p.get(1).plane());
        assertEquals(1, p.get(1).fixedAxis());
        assertEquals("RLSI", labels(p.get(1)));
        assertEquals("Sagittal", p.get(2).plane());
        assertEquals(2, p.get(2).fixedAxis());
        assertEquals("APSI", labels(p.get(2)));
    }

    @Test
    void lasImageIsNotFlippedLeftRightButKeepsTheSameLabels() {
        List<PanelAxes> p = PanelAxes.radiological(LAS);
        assertFalse(p.get(0).horizontalFlipped());
        assertTrue(p.get(0).verticalFlipped());
        assertEquals("RLAP", labels(p.get(0)));
        assertEquals("RLSI", labels(p.get(1)));
    }

    @Test
    void permutedAxesAreMatchedToTheirWorldDirections() {
        List<PanelAxes> p = PanelAxes.radiological(PERMUTED);
        PanelAxes axial = p.get(0);
        assertEquals(2, axial.fixedAxis(), "voxel i (tensor x) runs superior");
        assertEquals(1, axial.horizontalAxis(), "voxel j (tensor y) runs right");
        assertEquals(0, axial.verticalAxis(), "voxel k (tensor z) runs anterior");
        assertEquals("RLAP", labels(axial));
        assertEquals(1, p.get(2).fixedAxis(), "sagittal holds tensor y (running right) fixed");
    }

    @Test
    void withoutAffineEdgesNameVoxelDirections() {
        List<PanelAxes> p = PanelAxes.radiological(null);
        assertEquals("Slice z", p.get(0).plane());
        assertEquals("Slice y", p.get(1).plane());
        assertEquals("Slice x", p.get(2).plane());
        assertEquals("+x−x+y−y", labels(p.get(0)));
        assertEquals("+x−x+z−z", labels(p.get(1)));
    }

    @Test
    void patientRightVoxelAppearsOnTheImageLeftForRasAndLas() {
        int[] shape = {8, 16, 16};
        FloatTensor ct = SyntheticVolumes.filled(shape, 40f);
        FloatTensor phi = FloatTensor.zeros(shape);
        FloatTensor roi = FloatTensor.zeros(shape);
        fillBox(roi, 3, 5, 6, 10, 6, 10, 1f);
        AttributionFigure f = new AttributionFigure(ct, new double[] {2.5, 0.8, 0.8}, phi, roi, "orientation");
        // RAS: high x is the patient's right → further left on the image
        SlicePanel ras = f.withVoxelToWorldRas(RAS).render().panels().get(0);
        Point highX = ras.imagePixelOfVoxel(4, 8, 14);
        Point lowX = ras.imagePixelOfVoxel(4, 8, 1);
        assertTrue(highX.x < lowX.x, "RAS: x = 14 at column " + highX.x + ", x = 1 at " + lowX.x);
        // anterior (high y) above posterior
        assertTrue(ras.imagePixelOfVoxel(4, 14, 8).y < ras.imagePixelOfVoxel(4, 1, 8).y);
        // LAS: high x is the patient's left → further right
        SlicePanel las = f.withVoxelToWorldRas(LAS).render().panels().get(0);
        assertTrue(las.imagePixelOfVoxel(4, 8, 14).x > las.imagePixelOfVoxel(4, 8, 1).x);
        // coronal: superior (high z) on top
        SlicePanel coronal = f.withVoxelToWorldRas(RAS).render().panels().get(1);
        assertTrue(coronal.imagePixelOfVoxel(7, 8, 8).y < coronal.imagePixelOfVoxel(0, 8, 8).y);
    }
}

package segshap.engine.figures;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import segshap.kernels.tensor.FloatTensor;

/** Bad inputs fail before rendering, naming the field and the value. */
class AttributionFigureInputChecksTest {
    static final int[] SHAPE = {4, 5, 6};
    static final double[] SPACING = {2, 1, 1};

    static FloatTensor roi() {
        FloatTensor roi = FloatTensor.zeros(SHAPE);
        roi.data()[33] = 1f;
        return roi;
    }

    static void assertMessageHas(IllegalArgumentException e, String... parts) {
        for (String p : parts) assertTrue(e.getMessage().contains(p), "message lacks \"" + p + "\": " + e.getMessage());
    }

    @Test
    void phiOffTheCtGridIsRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> new AttributionFigure(FloatTensor.zeros(SHAPE),
                SPACING, FloatTensor.zeros(4, 5, 7), roi(), "t"));
        assertMessageHas(e, "phi", "[4, 5, 7]", "[4, 5, 6]");
    }

    @Test
    void nonFinitePhiIsRejectedWithItsVoxel() {
        FloatTensor phi = FloatTensor.zeros(SHAPE);
        phi.data()[(1 * 5 + 2) * 6 + 3] = Float.NaN;
        var e = assertThrows(IllegalArgumentException.class,
                () -> new AttributionFigure(FloatTensor.zeros(SHAPE), SPACING, phi, roi(), "t"));
        assertMessageHas(e, "phi", "NaN", "[1, 2, 3]");
    }

    @Test
    void emptyRoiIsRejectedWhenRendering() {
        AttributionFigure f = new AttributionFigure(FloatTensor.zeros(SHAPE), SPACING, FloatTensor.zeros(SHAPE),
                FloatTensor.zeros(SHAPE), "t");
        var e = assertThrows(IllegalArgumentException.class, f::render);
        assertMessageHas(e, "roiMask", "no nonzero voxel");
    }

    @Test
    void badSpacingAndSingularAffineAreRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> new AttributionFigure(FloatTensor.zeros(SHAPE),
                new double[] {2, 0, 1}, FloatTensor.zeros(SHAPE), roi(), "t"));
        assertMessageHas(e, "spacingZyxMm", "[2.0, 0.0, 1.0]");
        AttributionFigure f = new AttributionFigure(FloatTensor.zeros(SHAPE), SPACING, FloatTensor.zeros(SHAPE), roi(), "t");
        double[] singular = {1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
        e = assertThrows(IllegalArgumentException.class, () -> f.withVoxelToWorldRas(singular));
        assertMessageHas(e, "voxelToWorldRas", "singular");
        e = assertThrows(IllegalArgumentException.class, () -> f.withUnitBoundaries(FloatTensor.zeros(4, 5)));
        assertMessageHas(e, "unitIds");
    }
}

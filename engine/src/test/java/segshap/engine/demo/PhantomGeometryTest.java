package segshap.engine.demo;

import segshap.engine.units.TotalSegmentatorLabels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PhantomGeometryTest {
    private static final double MM_TOL = 1e-9;
    // Centroids on two grids differ by sampling only: about a voxel of the coarser grid.
    private static final double CENTROID_TOL_MM = 3.0;

    @Test
    void demoAffineMapsVoxelCornersToRasMillimetres() {
        double[] a = PhantomGrid.DEMO.affineVoxelToRasMm();
        assertArrayEquals(new double[] {191, 191, -147.5}, apply(a, 0, 0, 0), MM_TOL);
        assertArrayEquals(new double[] {-191, -191, 147.5}, apply(a, 191, 191, 59), MM_TOL);
        assertArrayEquals(new double[] {0, 0, 0, 1}, new double[] {a[12], a[13], a[14], a[15]}, 0);
    }

    @Test
    void paperGridHasThePapersShapeAndSpacing() {
        assertArrayEquals(new int[] {237, 512, 512}, PhantomGrid.PAPER.shapeZyx());
        assertArrayEquals(new double[] {5.0, 1.17, 1.17}, PhantomGrid.PAPER.spacingZyxMm(), 0);
        double[] a = PhantomGrid.PAPER.affineVoxelToRasMm();
        assertEquals(-1.17, a[0], 0);
        assertEquals(-1.17, a[5], 0);
        assertEquals(5.0, a[10], 0);
    }

    @Test
    void invalidGridsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new PhantomGrid(new int[] {60, 192}, new double[] {5, 2, 2}));
        assertThrows(IllegalArgumentException.class, () -> new PhantomGrid(new int[] {4, 192, 192}, new double[] {5, 2, 2}));
        assertThrows(IllegalArgumentException.class, () -> new PhantomGrid(new int[] {60, 192, 192}, new double[] {5, 0, 2}));
    }

    @Test
    void liverIsOnThePatientsRightAndSpleenOnTheLeft() {
        Phantom p = TestPhantoms.demo(1);
        double[] a = p.affine();
        // World R coordinate: positive = patient's right.
        assertTrue(centroidRas(p, TotalSegmentatorLabels.LIVER.id(), a)[0] > 20, "liver on the right");
        assertTrue(centroidRas(p, TotalSegmentatorLabels.SPLEEN.id(), a)[0] < -40, "spleen on the left");
        assertTrue(centroidRas(p, TotalSegmentatorLabels.SPLEEN.id(), a)[1] < 0, "spleen posterior");
    }

    @Test
    void sameSeedDrawsTheSameAnatomyAtTheSameWorldPositionOnAnyGrid() {
        Phantom demo = TestPhantoms.demo(3);
        PhantomGrid fine = new PhantomGrid(new int[] {60, 256, 256}, new double[] {5.0, 1.5, 1.5});
        Phantom onFine = PhantomGenerator.generate(3, fine);
        for (TotalSegmentatorLabels l : new TotalSegmentatorLabels[] {TotalSegmentatorLabels.SPLEEN,
            TotalSegmentatorLabels.LIVER, TotalSegmentatorLabels.KIDNEY_LEFT, TotalSegmentatorLabels.AORTA}) {
            double[] c0 = centroidRas(demo, l.id(), demo.affine());
            double[] c1 = centroidRas(onFine, l.id(), onFine.affine());
            for (int d = 0; d < 3; d++) {
                assertEquals(c0[d], c1[d], CENTROID_TOL_MM, l.labelName() + " centroid axis " + d);
            }
        }
    }

    private static double[] apply(double[] a, double i, double j, double k) {
        return new double[] {a[0] * i + a[1] * j + a[2] * k + a[3], a[4] * i + a[5] * j + a[6] * k + a[7],
            a[8] * i + a[9] * j + a[10] * k + a[11]};
    }

    private static double[] centroidRas(Phantom p, int label, double[] affine) {
        int[] s = p.organLabelsZyx().shape();
        float[] organs = p.organLabelsZyx().data();
        double sx = 0, sy = 0, sz = 0;
        long n = 0;
        for (int z = 0; z < s[0]; z++) {
            for (int y = 0; y < s[1]; y++) {
                for (int x = 0; x < s[2]; x++) {
                    if (organs[(z * s[1] + y) * s[2] + x] == label) {
                        sx += x;
                        sy += y;
                        sz += z;
                        n++;
                    }
                }
            }
        }
        assertTrue(n > 0, "label " + label + " absent");
        // The affine indexes (i, j, k) = (x, y, z).
        return apply(affine, sx / n, sy / n, sz / n);
    }
}

package segshap.engine.units;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FccNearestPointTest {
    // Squared distances in units of (a/2)² for |y| ≤ 40; double rounding stays far below this.
    private static final double DIST2_TOL = 1e-9;

    static LongStream seeds() {
        return LongStream.of(11, 12, 13);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void roundAndFixFindsANearestD3PointOnRandomPoints(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] f = new int[3];
        for (int i = 0; i < 20_000; i++) {
            double[] y = new double[3];
            for (int a = 0; a < 3; a++) {
                // half the points on a 1/8 grid, where exact ties between lattice points occur
                y[a] = i % 2 == 0 ? rnd.nextDouble(-40, 40) : rnd.nextInt(-320, 321) / 8.0;
            }
            FccLattice.nearestD3Point(y[0], y[1], y[2], f);
            assertEquals(0, (f[0] + f[1] + f[2]) & 1, "parity");
            assertEquals(bruteForceMinDist2(y), dist2(y, f), DIST2_TOL, () -> "point " + y[0] + "," + y[1] + "," + y[2]);
        }
    }

    @Test
    void tiesMoveTheLowestAxisAndHalfwayRoundsUp() {
        // (0.5,0.5,0.5): f=(1,1,1) odd, all errors 0.5 → x moves down → (0,1,1); (1,0,1) and (1,1,0) are as near
        assertNearest(new int[] {0, 1, 1}, 0.5, 0.5, 0.5);
        // (1.5,0.5,0): f=(2,1,0) odd, errors (0.5,0.5,0) → x moves towards 1.5 → (1,1,0); (2,0,0) is as near
        assertNearest(new int[] {1, 1, 0}, 1.5, 0.5, 0);
        // (0.25,0.75,0): f=(0,1,0) odd, errors (0.25,0.25,0) → x moves up → (1,1,0), distance² 0.75²+0.25²;
        // moving y instead gives (0,0,0) at the same distance² 0.25²+0.75² = 0.625
        assertNearest(new int[] {1, 1, 0}, 0.25, 0.75, 0);
        // ties within TIE_TOLERANCE: |0.3−0| and |0.7−1| differ by 4e−17 → still x
        assertNearest(new int[] {1, 1, 0}, 0.3, 0.7, 0);
        // only z has the largest error → z moves
        assertNearest(new int[] {0, 1, 1}, 0.1, 0.9, 0.4);
        // (0,0.5,0.5): rounding half up gives (0,1,1), even → kept although (0,0,0) is as near
        assertNearest(new int[] {0, 1, 1}, 0, 0.5, 0.5);
        assertNearest(new int[] {0, 0, 0}, -0.5, 0, -0.49);
    }

    @Test
    void worldPointsUseHalfTheCubicEdgeAsUnitAndTheWorldOrigin() {
        int[] f = new int[3];
        FccLattice.nearestPointOfWorldMm(5, 5, 0, 10, f); // a face centre of the cube [0,10]³
        assertArrayEquals(new int[] {1, 1, 0}, f);
        FccLattice.nearestPointOfWorldMm(9.9, 0.2, 10.1, 10, f); // near the corner (10,0,10)
        assertArrayEquals(new int[] {2, 0, 2}, f);
        assertArrayEquals(new double[] {10, 0, 10}, FccLattice.worldMmOfD3Point(f, 10), 0);
        // dyadic CT spacing 0.78125 mm, a = 12.5 mm (a/2 = 8 voxels): voxel (x=20, y=4) lies at y = (2.5, 0.5, 0)
        // exactly; (3,1,0) and (2,0,0) are equally near and rounding half up picks (3,1,0)
        FccLattice.nearestPointOfWorldMm(20 * 0.78125, 4 * 0.78125, 0, 12.5, f);
        assertArrayEquals(new int[] {3, 1, 0}, f);
        // (2.5,0,0): f = (3,0,0) is odd, x moves towards 2.5 → (2,0,0), the unique nearest point
        FccLattice.nearestPointOfWorldMm(20 * 0.78125, 0, 0, 12.5, f);
        assertArrayEquals(new int[] {2, 0, 0}, f);
    }

    private static void assertNearest(int[] expected, double yx, double yy, double yz) {
        int[] f = new int[3];
        FccLattice.nearestD3Point(yx, yy, yz, f);
        assertArrayEquals(expected, f, () -> "y = (" + yx + "," + yy + "," + yz + ")");
        assertEquals(bruteForceMinDist2(new double[] {yx, yy, yz}), dist2(new double[] {yx, yy, yz}, f), DIST2_TOL);
    }

    private static double bruteForceMinDist2(double[] y) {
        double best = Double.POSITIVE_INFINITY;
        int cx = (int) Math.round(y[0]), cy = (int) Math.round(y[1]), cz = (int) Math.round(y[2]);
        for (int a = cx - 2; a <= cx + 2; a++) for (int b = cy - 2; b <= cy + 2; b++) for (int c = cz - 2; c <= cz + 2; c++) {
            if (((a + b + c) & 1) != 0) continue;
            best = Math.min(best, dist2(y, new int[] {a, b, c}));
        }
        return best;
    }

    private static double dist2(double[] y, int[] f) {
        double a = y[0] - f[0], b = y[1] - f[1], c = y[2] - f[2];
        return a * a + b * b + c * c;
    }
}

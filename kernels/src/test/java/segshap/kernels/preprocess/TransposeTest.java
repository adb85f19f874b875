package segshap.kernels.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import segshap.kernels.tensor.FloatTensor;

class TransposeTest {

    static FloatTensor coordinates(int nz, int ny, int nx) {
        FloatTensor t = FloatTensor.zeros(nz, ny, nx);
        for (int z = 0; z < nz; z++) for (int y = 0; y < ny; y++) for (int x = 0; x < nx; x++) t.data()[(z * ny + y) * nx + x] = z * 10000 + y * 100 + x;
        return t;
    }

    @Test
    void outputAxisDIsInputAxisPermD() {
        FloatTensor t = coordinates(4, 5, 6);
        FloatTensor p = Transpose.transposeZyx(t, new int[] {2, 0, 1});
        assertArrayEquals(new int[] {6, 4, 5}, p.shape());
        // numpy: p[c, a, b] = t[a, b, c]
        assertEquals(3 * 10000 + 4 * 100 + 5, p.data()[(5 * 4 + 3) * 5 + 4]);
    }

    @Test
    void backwardUndoesForwardForEveryPermutation() {
        int[][] perms = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
        FloatTensor t = coordinates(3, 4, 5);
        for (int[] p : perms) {
            FloatTensor round = Transpose.transposeZyx(Transpose.transposeZyx(t, p), Transpose.inverse(p));
            assertEquals(t, round, java.util.Arrays.toString(p));
        }
        assertArrayEquals(new int[] {1, 2, 0}, Transpose.inverse(new int[] {2, 0, 1}));
    }

    @Test
    void channelsStayFirstAndSpacingFollowsTheAxes() {
        FloatTensor c = new FloatTensor(new int[] {2, 2, 3, 1}, new float[] {0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15});
        FloatTensor p = Transpose.transpose(c, new int[] {1, 0, 2});
        assertArrayEquals(new int[] {2, 3, 2, 1}, p.shape());
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5, 10, 13, 11, 14, 12, 15}, p.data());
        assertArrayEquals(new double[] {0.7, 3.0, 0.8}, Transpose.permuted(new double[] {3.0, 0.8, 0.7}, new int[] {2, 0, 1}));
        assertSame(c, Transpose.transpose(c, new int[] {0, 1, 2}));
    }

    @Test
    void nonPermutationsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Transpose.checkPermutation(new int[] {0, 0, 2}));
        assertThrows(IllegalArgumentException.class, () -> Transpose.checkPermutation(new int[] {0, 1}));
    }
}

package segshap.engine.grid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

public class ConnectedComponentsConnectivityTest {

    public static LabelMap labels(int sz, int sy, int sx, int[]... voxelsWithLabel) {
        int[] l = new int[sz * sy * sx];
        for (int[] v : voxelsWithLabel) l[(v[0] * sy + v[1]) * sx + v[2]] = v[3];
        return new LabelMap(new int[] {sz, sy, sx}, l);
    }

    @Test
    void cornerTouchingVoxelsAreOneComponentUnder26ButTwoUnder6() {
        LabelMap m = labels(3, 3, 3, new int[] {0, 0, 0, 1}, new int[] {1, 1, 1, 1});
        assertEquals(1, ConnectedComponents.count(m, 1, Connectivity.TWENTY_SIX));
        assertEquals(2, ConnectedComponents.count(m, 1, Connectivity.SIX));
    }

    @Test
    void edgeTouchingVoxelsAreOneComponentUnder26ButTwoUnder6() {
        LabelMap m = labels(3, 3, 3, new int[] {1, 0, 0, 2}, new int[] {1, 1, 1, 2});
        assertEquals(1, ConnectedComponents.count(m, 2, Connectivity.TWENTY_SIX));
        assertEquals(2, ConnectedComponents.count(m, 2, Connectivity.SIX));
    }

    @Test
    void faceTouchingVoxelsAreOneComponentUnderBoth() {
        LabelMap m = labels(3, 3, 3, new int[] {0, 2, 1, 1}, new int[] {0, 2, 2, 1}, new int[] {2, 2, 2, 1});
        assertEquals(2, ConnectedComponents.count(m, 1, Connectivity.TWENTY_SIX));
        assertEquals(2, ConnectedComponents.count(m, 1, Connectivity.SIX));
    }

    @Test
    void otherLabelsDoNotConnectComponents() {
        // 1 _ 1 along x with label 2 between them: two components of label 1
        LabelMap m = labels(1, 1, 3, new int[] {0, 0, 0, 1}, new int[] {0, 0, 1, 2}, new int[] {0, 0, 2, 1});
        assertEquals(2, ConnectedComponents.count(m, 1, Connectivity.TWENTY_SIX));
        assertArrayEquals(new int[] {1, 0, 2}, ConnectedComponents.labelAll(m, 1, Connectivity.TWENTY_SIX));
    }

    @Test
    void componentContainingReturnsSortedVoxelsAndTightBox() {
        LabelMap m = labels(4, 4, 4, new int[] {2, 3, 1, 1}, new int[] {1, 2, 2, 1}, new int[] {3, 0, 0, 1});
        ConnectedComponents.Component c = ConnectedComponents.containing(m, 1, 2, 3, 1, Connectivity.TWENTY_SIX);
        assertArrayEquals(new int[] {(1 * 4 + 2) * 4 + 2, (2 * 4 + 3) * 4 + 1}, c.voxelIndices());
        assertEquals(new segshap.kernels.tensor.Box(1, 2, 1, 3, 4, 3), c.box());
    }

    static LongStream seeds() {
        return LongStream.of(1, 2, 3, 4, 5);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void labelAllAgreesWithUnionFindOnRandomVolumes(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int sz = 7, sy = 8, sx = 9;
        int[] l = new int[sz * sy * sx];
        for (int i = 0; i < l.length; i++) l[i] = rnd.nextInt(10) < 3 ? 1 : rnd.nextInt(3) == 0 ? 2 : 0;
        LabelMap m = new LabelMap(new int[] {sz, sy, sx}, l);
        for (Connectivity c : Connectivity.values()) {
            int[] expected = unionFindLabels(l, sz, sy, sx, 1, c == Connectivity.TWENTY_SIX);
            assertArrayEquals(expected, ConnectedComponents.labelAll(m, 1, c), c.name());
        }
        assertTrue(ConnectedComponents.count(m, 1, Connectivity.SIX)
                >= ConnectedComponents.count(m, 1, Connectivity.TWENTY_SIX));
    }

    /** Independent reference: union-find over all neighbour pairs, ids renumbered by first voxel. */
    private static int[] unionFindLabels(int[] l, int sz, int sy, int sx, int target, boolean full) {
        int n = l.length;
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) parent[i] = i;
        for (int z = 0; z < sz; z++) for (int y = 0; y < sy; y++) for (int x = 0; x < sx; x++) {
            int i = (z * sy + y) * sx + x;
            if (l[i] != target) continue;
            for (int dz = -1; dz <= 1; dz++) for (int dy = -1; dy <= 1; dy++) for (int dx = -1; dx <= 1; dx++) {
                int nonzero = Math.abs(dz) + Math.abs(dy) + Math.abs(dx);
                if (nonzero == 0 || (!full && nonzero > 1)) continue;
                int a = z + dz, b = y + dy, c = x + dx;
                if (a < 0 || a >= sz || b < 0 || b >= sy || c < 0 || c >= sx) continue;
                int j = (a * sy + b) * sx + c;
                if (l[j] == target) parent[find(parent, i)] = find(parent, j);
            }
        }
        int[] ids = new int[n];
        int[] idOfRoot = new int[n];
        int next = 0;
        for (int i = 0; i < n; i++) {
            if (l[i] != target) continue;
            int r = find(parent, i);
            if (idOfRoot[r] == 0) idOfRoot[r] = ++next;
            ids[i] = idOfRoot[r];
        }
        return ids;
    }

    private static int find(int[] p, int i) {
        while (p[i] != i) i = p[i] = p[p[i]];
        return i;
    }
}

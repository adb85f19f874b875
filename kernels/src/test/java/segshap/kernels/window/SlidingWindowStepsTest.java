package segshap.kernels.window;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import segshap.kernels.tensor.Box;

class SlidingWindowStepsTest {

    @Test
    void verifiedNnunetExampleGivesItsStarts() {
        TileGrid g = TileGrid.of(new int[] {40, 70, 60}, new int[] {16, 32, 32});
        assertArrayEquals(new int[] {0, 8, 16, 24}, g.startsAlong(0));
        assertArrayEquals(new int[] {0, 13, 25, 38}, g.startsAlong(1));
        assertArrayEquals(new int[] {0, 14, 28}, g.startsAlong(2));
        assertEquals(48, g.tileCount());
        assertArrayEquals(new int[] {40, 70, 60}, g.paddedShapeZyx());
        assertArrayEquals(new int[] {0, 0, 0}, g.padLoZyx());
    }

    @Test
    void gridEqualsNnunetSlidingWindowJson() throws IOException {
        JsonNode j = new ObjectMapper().readTree(
                Path.of("src/test/resources/fixtures/nnunet-v2/cases/main/plain/sliding_window.json").toFile());
        TileGrid g = TileGrid.of(ints(j.get("preprocessed_shape_zyx")), new int[] {16, 32, 32});
        assertArrayEquals(ints(j.get("padded_shape_zyx")), g.paddedShapeZyx());
        for (int a = 0; a < 3; a++) {
            assertArrayEquals(ints(j.get("steps_zyx").get(a)), g.startsAlong(a), "axis " + a);
            JsonNode revert = j.get("revert_padding_slices_zyx").get(a);
            assertEquals(revert.get(0).asInt(), g.padLoZyx()[a]);
            assertEquals(revert.get(1).asInt(), g.padLoZyx()[a] + g.shapeZyx()[a]);
        }
        JsonNode order = j.get("tile_starts_in_order");
        assertEquals(j.get("num_tiles").asInt(), g.tileCount());
        for (int i = 0; i < g.tileCount(); i++) {
            Tile t = g.tile(i);
            assertEquals(i, t.index());
            assertArrayEquals(ints(order.get(i)), t.boxPadded().loZyx(), "tile " + i);
            assertArrayEquals(new int[] {16, 32, 32}, t.boxPadded().sizeZyx());
        }
    }

    static Stream<Arguments> halfEvenCases() {
        return Stream.of(
                Arguments.of(13, 8, new int[] {0, 2, 5}),          // a = 2.5: 2.5 → 2 (Math.round would give 3)
                Arguments.of(49, 32, new int[] {0, 8, 17}),        // a = 8.5: 8.5 → 8
                Arguments.of(53, 32, new int[] {0, 10, 21}),       // a = 10.5: 10.5 → 10
                Arguments.of(45, 16, new int[] {0, 7, 14, 22, 29}), // a = 7.25: 14.5 → 14, 21.75 → 22
                Arguments.of(32, 32, new int[] {0}),
                Arguments.of(33, 32, new int[] {0, 1}));
    }

    @ParameterizedTest(name = "n={0} p={1}")
    @MethodSource("halfEvenCases")
    void tileStartsRoundHalfToEven(int n, int p, int[] expected) {
        assertArrayEquals(expected, TileGrid.computeTileStarts(n, p, 0.5));
    }

    @Test
    void volumeSmallerThanPatchIsPaddedWithTheExtraVoxelAbove() {
        TileGrid even = TileGrid.of(new int[] {10, 20, 50}, new int[] {16, 32, 32});
        assertArrayEquals(new int[] {16, 32, 50}, even.paddedShapeZyx());
        assertArrayEquals(new int[] {3, 6, 0}, even.padLoZyx());
        assertArrayEquals(new int[] {3, 6, 0}, even.padHiZyx());
        assertArrayEquals(new int[] {0}, even.startsAlong(0));
        assertArrayEquals(new int[] {0}, even.startsAlong(1));
        assertArrayEquals(new int[] {0, 9, 18}, even.startsAlong(2));

        TileGrid odd = TileGrid.of(new int[] {9, 19, 50}, new int[] {16, 32, 32});
        assertArrayEquals(new int[] {3, 6, 0}, odd.padLoZyx());
        assertArrayEquals(new int[] {4, 7, 0}, odd.padHiZyx());
        Tile first = odd.tile(0);
        assertEquals(new Box(0, 0, 0, 16, 32, 32), first.boxPadded());
        assertEquals(new Box(0, 0, 0, 9, 19, 32), odd.boxUnpadded(first));
        assertEquals(new Box(3, 6, 0, 12, 25, 32), odd.cropInTile(first, odd.volumeBox()));
    }

    static Stream<int[]> shapes() {
        return Stream.of(new int[] {40, 70, 60}, new int[] {9, 19, 50}, new int[] {16, 32, 32}, new int[] {1, 1, 1},
                new int[] {17, 33, 100}, new int[] {11, 20, 45});
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void tilesCoverEveryVoxelAtLeastOnceAndStayInsideThePaddedVolume(int[] shape) {
        TileGrid g = TileGrid.of(shape, new int[] {16, 32, 32});
        int[] cover = new int[shape[0] * shape[1] * shape[2]];
        Box padded = Box.ofShape(g.paddedShapeZyx());
        for (Tile t : g.tiles()) {
            assertEquals(t.boxPadded(), t.boxPadded().intersect(padded), "tile inside padded volume");
            Box b = g.boxUnpadded(t);
            for (int z = b.z0(); z < b.z1(); z++)
                for (int y = b.y0(); y < b.y1(); y++)
                    for (int x = b.x0(); x < b.x1(); x++) cover[(z * shape[1] + y) * shape[2] + x]++;
        }
        for (int c : cover) assertTrue(c >= 1, "a voxel is covered by no tile");
    }

    @Test
    void tileOrderIsZOuterXInner() {
        TileGrid g = TileGrid.of(new int[] {11, 20, 45}, new int[] {8, 16, 16});
        List<int[]> expected = new ArrayList<>();
        for (int z : new int[] {0, 3}) for (int y : new int[] {0, 4}) for (int x : new int[] {0, 7, 14, 22, 29})
            expected.add(new int[] {z, y, x});
        assertEquals(expected.size(), g.tileCount());
        for (int i = 0; i < expected.size(); i++) assertArrayEquals(expected.get(i), g.tile(i).boxPadded().loZyx());
    }

    static Stream<Box> boxes() {
        return Stream.of(new Box(0, 0, 0, 1, 1, 1), new Box(20, 30, 25, 21, 31, 26), new Box(5, 10, 40, 30, 60, 60),
                new Box(39, 69, 59, 40, 70, 60), new Box(0, 0, 0, 40, 70, 60), new Box(16, 13, 14, 24, 38, 28));
    }

    @ParameterizedTest
    @MethodSource("boxes")
    void tilesIntersectingAndSupportMatchBruteForce(Box b) {
        TileGrid g = TileGrid.of(new int[] {40, 70, 60}, new int[] {16, 32, 32});
        List<Tile> expected = g.tiles().stream().filter(t -> g.boxUnpadded(t).intersects(b)).toList();
        assertEquals(expected, g.tilesIntersecting(b));
        Box support = g.supportOf(b);
        // the union of the tiles is exactly the support box: every voxel of it lies in some tile
        for (int z = support.z0(); z < support.z1(); z++)
            for (int y = support.y0(); y < support.y1(); y++)
                for (int x = support.x0(); x < support.x1(); x++) {
                    int zz = z, yy = y, xx = x;
                    assertTrue(expected.stream().anyMatch(t -> g.boxUnpadded(t).contains(zz, yy, xx)));
                }
        for (Tile t : expected) assertEquals(g.boxUnpadded(t), g.boxUnpadded(t).intersect(support));
        for (Tile t : expected) {
            Box crop = g.cropInTile(t, b);
            assertEquals(g.boxUnpadded(t).intersect(b).voxelCount(), crop.voxelCount());
        }
    }

    @Test
    void boxOutsideTheVolumeMeetsNoTile() {
        TileGrid g = TileGrid.of(new int[] {40, 70, 60}, new int[] {16, 32, 32});
        assertTrue(g.tilesIntersecting(new Box(40, 0, 0, 45, 5, 5)).isEmpty());
        assertTrue(g.supportOf(new Box(40, 0, 0, 45, 5, 5)).isEmpty());
    }

    @Test
    void invalidArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> TileGrid.of(new int[] {10, 10, 10}, new int[] {0, 4, 4}));
        assertThrows(IllegalArgumentException.class, () -> TileGrid.of(new int[] {10, 10}, new int[] {4, 4, 4}));
        assertThrows(IllegalArgumentException.class, () -> TileGrid.of(new int[] {10, 10, 10}, new int[] {4, 4, 4}, 0));
        assertThrows(IllegalArgumentException.class, () -> TileGrid.of(new int[] {10, 10, 10}, new int[] {4, 4, 4}, 1.5));
        assertThrows(IllegalArgumentException.class, () -> TileGrid.computeTileStarts(3, 4, 0.5));
    }

    private static int[] ints(JsonNode a) {
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).asInt();
        return v;
    }
}

package segshap.engine.roi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import segshap.kernels.tensor.Box;

class ReceptiveFieldSupportTest {

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 8);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void supportEqualsTheUnionOfTheTilesMeetingTheRoiBox(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] shape = {9, 11, 13};
        List<Box> tiles = new ArrayList<>();
        for (int i = 0; i < 12; i++) tiles.add(randomBox(rnd, shape));
        tiles.add(Box.ofShape(new int[] {1, 1, 1})); // a corner tile, may or may not meet B
        Box roiBox = randomBox(rnd, shape);
        List<Box> withCover = new ArrayList<>(tiles);
        withCover.add(roiBox); // guarantees at least one relevant tile
        ReceptiveFieldSupport s = ReceptiveFieldSupport.of(shape, roiBox, withCover);

        List<Integer> expectedRelevant = new ArrayList<>();
        for (int i = 0; i < withCover.size(); i++) if (withCover.get(i).intersects(roiBox)) expectedRelevant.add(i);
        assertArrayEquals(expectedRelevant.stream().mapToInt(Integer::intValue).toArray(), s.relevantTileIndices());

        long count = 0;
        for (int z = 0; z < shape[0]; z++) for (int y = 0; y < shape[1]; y++) for (int x = 0; x < shape[2]; x++) {
            boolean inUnion = false;
            for (int i : expectedRelevant) inUnion |= withCover.get(i).contains(z, y, x);
            assertEquals(inUnion, s.isInSupport(z, y, x), "voxel " + z + "," + y + "," + x);
            if (inUnion) count++;
        }
        assertEquals(count, s.supportVoxelCount());
        byte[] mask = s.supportMaskOverBox();
        long ones = 0;
        for (byte b : mask) ones += b;
        assertEquals(count, ones);
    }

    @Test
    void regularTilingGivesABoxShapedSupport() {
        // tiles of 4 along x with step 2 over x ∈ [0,10): starts 0,2,4,6 (clipped: last ends at 10)
        int[] shape = {1, 1, 10};
        List<Box> tiles = List.of(new Box(0, 0, 0, 1, 1, 4), new Box(0, 0, 2, 1, 1, 6), new Box(0, 0, 4, 1, 1, 8),
                new Box(0, 0, 6, 1, 1, 10));
        ReceptiveFieldSupport s = ReceptiveFieldSupport.of(shape, new Box(0, 0, 4, 1, 1, 5), tiles);
        assertArrayEquals(new int[] {1, 2}, s.relevantTileIndices());
        assertEquals(new Box(0, 0, 2, 1, 1, 8), s.supportBox());
        assertEquals(6, s.supportVoxelCount());
        assertEquals(List.of(tiles.get(1), tiles.get(2)), s.relevantTiles());
    }

    @Test
    void tilesOutsideTheGridOrMissingTheRoiAreMisuse() {
        int[] shape = {2, 2, 2};
        assertThrows(IllegalArgumentException.class,
                () -> ReceptiveFieldSupport.of(shape, new Box(0, 0, 0, 1, 1, 1), List.of(new Box(0, 0, 0, 3, 2, 2))));
        assertThrows(IllegalArgumentException.class,
                () -> ReceptiveFieldSupport.of(shape, new Box(0, 0, 0, 1, 1, 1), List.of(new Box(1, 1, 1, 2, 2, 2))));
    }

    private static Box randomBox(SplittableRandom rnd, int[] shape) {
        int[] lo = new int[3], hi = new int[3];
        for (int a = 0; a < 3; a++) {
            lo[a] = rnd.nextInt(shape[a]);
            hi[a] = lo[a] + 1 + rnd.nextInt(shape[a] - lo[a]);
        }
        return new Box(lo[0], lo[1], lo[2], hi[0], hi[1], hi[2]);
    }
}

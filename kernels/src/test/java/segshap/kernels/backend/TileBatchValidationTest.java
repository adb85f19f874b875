package segshap.kernels.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import segshap.kernels.tensor.Box;

class TileBatchValidationTest {
    private static final int[] TILE = {2, 4, 4};
    private static final Box WHOLE = Box.ofShape(TILE);
    private static final Box CORNER = new Box(0, 0, 0, 1, 2, 2);

    @Test
    void packedOffsetsAreTheRunningSumOfHeadsTimesCropVoxels() {
        Box[] crops = {WHOLE, CORNER, WHOLE};
        TileBatch b = TileBatch.packed(TILE, 3, new float[3 * 32], crops, new float[3 * (32 + 4 + 32)]);
        assertArrayEquals(new int[] {0, 96, 108}, b.outOffsets());
        assertEquals(3 * (32 + 4 + 32), TileBatch.outputFloats(3, crops));
        assertEquals(3, b.tileCount());
        assertEquals(32, b.tileVoxels());
    }

    @Test
    void arraysGivenAreCopiedInAndOut() {
        int[] tile = TILE.clone();
        Box[] crops = {WHOLE};
        TileBatch b = TileBatch.packed(tile, 1, new float[32], crops, new float[32]);
        tile[0] = 99;
        crops[0] = CORNER;
        b.tileZyx()[1] = 99;
        assertArrayEquals(TILE, b.tileZyx());
        assertEquals(WHOLE, b.crop(0));
    }

    @Test
    void mismatchedCountsAndBadOffsetsAreRejectedNamingTheValue() {
        float[] in = new float[64], out = new float[64];
        IllegalArgumentException crops = assertThrows(IllegalArgumentException.class,
                () -> new TileBatch(TILE, 2, in, 0, new Box[] {WHOLE}, out, new int[] {0, 32}));
        assertTrue(crops.getMessage().contains("crops") && crops.getMessage().contains("1"), crops.getMessage());
        IllegalArgumentException offsets = assertThrows(IllegalArgumentException.class,
                () -> new TileBatch(TILE, 1, in, 0, new Box[] {WHOLE}, out, new int[] {-3}));
        assertTrue(offsets.getMessage().contains("-3"), offsets.getMessage());
        IllegalArgumentException input = assertThrows(IllegalArgumentException.class,
                () -> new TileBatch(TILE, 1, in, -1, new Box[] {WHOLE}, out, new int[] {0}));
        assertTrue(input.getMessage().contains("inputOffset"), input.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> new TileBatch(TILE, 0, in, 0, new Box[0], out, new int[0]));
        assertTrue(count.getMessage().contains("tileCount"), count.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> TileBatch.packed(new int[] {2, 0, 4}, 1, in, new Box[] {CORNER}, out));
        assertTrue(shape.getMessage().contains("[2, 0, 4]"), shape.getMessage());
    }

    @Test
    void emptyCropsWriteNothingAndDoNotCountAsOverlap() {
        Box empty = new Box(1, 1, 1, 1, 1, 1);
        NetworkSpec spec = new NetworkSpec(Architecture.PLAIN_CONV_UNET, 1, 1, new int[] {2, 4},
                new int[][] {{3, 3, 3}, {3, 3, 3}}, new int[][] {{1, 1, 1}, {2, 2, 2}}, new int[] {1, 1}, new int[] {1},
                true, 1e-5, 0.01);
        TileBatch b = new TileBatch(TILE, 3, new float[96], 0, new Box[] {CORNER, empty, CORNER}, new float[8],
                new int[] {0, 2, 4});
        b.requireFits(spec);
        assertEquals(8, TileBatch.outputFloats(1, b.crops()));
    }
}

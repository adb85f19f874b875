package segshap.kernels.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import segshap.kernels.tensor.FloatTensor;

class TileExtractionTest {

    @Test
    void tilesEqualSlicesOfAnExplicitlyZeroPaddedVolume() {
        int[] shape = {2, 9, 19, 50}; // two channels; z and y smaller than the patch
        int[] patch = {16, 32, 32};
        FloatTensor vol = WindowTestData.randomVolume(7, shape);
        TileGrid g = TileGrid.of(new int[] {9, 19, 50}, patch);
        int[] ps = g.paddedShapeZyx(), lo = g.padLoZyx();
        float[] padded = new float[2 * ps[0] * ps[1] * ps[2]]; // (c, Z', Y', X') built the naive way
        for (int c = 0; c < 2; c++)
            for (int z = 0; z < 9; z++)
                for (int y = 0; y < 19; y++)
                    for (int x = 0; x < 50; x++)
                        padded[((c * ps[0] + z + lo[0]) * ps[1] + y + lo[1]) * ps[2] + x + lo[2]] =
                                vol.data()[((c * 9 + z) * 19 + y) * 50 + x];
        int tileLen = 2 * 16 * 32 * 32;
        float[] dst = new float[tileLen + 5];
        for (Tile t : g.tiles()) {
            Arrays.fill(dst, Float.NaN); // every position must be written
            TileExtractor.extractTile(vol, g, t, dst, 5);
            int[] s = t.boxPadded().loZyx();
            for (int c = 0; c < 2; c++)
                for (int z = 0; z < 16; z++)
                    for (int y = 0; y < 32; y++)
                        for (int x = 0; x < 32; x++) {
                            float expected = padded[((c * ps[0] + s[0] + z) * ps[1] + s[1] + y) * ps[2] + s[2] + x];
                            assertEquals(expected, dst[5 + ((c * 16 + z) * 32 + y) * 32 + x],
                                    "tile " + t.index() + " c" + c + " zyx " + z + "," + y + "," + x);
                        }
        }
    }

    @Test
    void volumeOfAnotherShapeIsRejected() {
        TileGrid g = TileGrid.of(new int[] {9, 19, 50}, new int[] {16, 32, 32});
        FloatTensor wrong = FloatTensor.zeros(1, 9, 19, 51);
        assertThrows(IllegalArgumentException.class,
                () -> TileExtractor.extractTile(wrong, g, g.tile(0), new float[16 * 32 * 32], 0));
        FloatTensor right = FloatTensor.zeros(1, 9, 19, 50);
        assertThrows(IllegalArgumentException.class,
                () -> TileExtractor.extractTile(right, g, g.tile(0), new float[16 * 32 * 32 - 1], 0));
    }
}

package segshap.kernels.window;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import segshap.kernels.backend.TileBatch;
import segshap.kernels.tensor.Box;

class TestTimeMirroringTest {

    @Test
    void axisSubsetsFollowItertoolsCombinationsOrder() {
        List<boolean[]> s = MirroringBackend.axisSubsets(new int[] {0, 1, 2});
        boolean[][] expected = {{true, false, false}, {false, true, false}, {false, false, true}, {true, true, false},
                {true, false, true}, {false, true, true}, {true, true, true}};
        assertEquals(expected.length, s.size());
        for (int i = 0; i < expected.length; i++) assertArrayEquals(expected[i], s.get(i), "subset " + i);
        List<boolean[]> yx = MirroringBackend.axisSubsets(new int[] {1, 2});
        assertEquals(3, yx.size());
        assertArrayEquals(new boolean[] {false, true, true}, yx.get(2));
    }

    @Test
    void croppedMirroredLogitsEqualTheCropOfTheFullMirroredLogits() {
        int[] tile = {4, 6, 8};
        int n = 4 * 6 * 8;
        float[] input = WindowTestData.randomVolume(11, 2, 4, 6, 8).data(); // two tiles, one channel each
        MirroringBackend m = new MirroringBackend(new FakeForwardBackend(FakeForwardBackend.Formula.RAMP), new int[] {0, 1, 2});
        float[] full = new float[2 * 3 * n];
        m.forward(TileBatch.packed(tile, 3, input, new Box[] {Box.ofShape(tile), Box.ofShape(tile)}, full));
        Box crop = new Box(1, 0, 3, 3, 5, 8);
        int cropFloats = 3 * (int) crop.voxelCount();
        float[] cropped = new float[2 * cropFloats + 1];
        m.forward(new TileBatch(tile, 2, input, 0, new Box[] {crop, crop}, cropped, new int[] {1, 1 + cropFloats}));
        int i = 1;
        for (int b = 0; b < 2; b++)
            for (int h = 0; h < 3; h++)
                for (int z = crop.z0(); z < crop.z1(); z++)
                    for (int y = crop.y0(); y < crop.y1(); y++)
                        for (int x = crop.x0(); x < crop.x1(); x++)
                            assertEquals(full[(b * 3 + h) * n + (z * 6 + y) * 8 + x], cropped[i++]);
    }
}

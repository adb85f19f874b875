package segshap.kernels.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import segshap.kernels.tensor.Box;
import segshap.kernels.tensor.FloatTensor;

class CropToNonzeroTest {

    /** (2, 7, 8, 9) with zero slabs: channel 0 non-zero in z 2..4, y 1..5, x 3..7; channel 1 adds voxel (5, 3, 2). */
    static FloatTensor paddedCase() {
        FloatTensor t = FloatTensor.zeros(2, 7, 8, 9);
        float[] a = t.data();
        for (int z = 2; z <= 4; z++) for (int y = 1; y <= 5; y++) for (int x = 3; x <= 7; x++) a[(z * 8 + y) * 9 + x] = -1000f + z * 100 + y * 10 + x;
        a[7 * 8 * 9 + (5 * 8 + 3) * 9 + 2] = 0.5f;
        return t;
    }

    @Test
    void zeroPaddedBorderSlabsCropToTheBoxOfAnyNonzeroChannel() {
        CropToNonzero.Cropped c = CropToNonzero.cropToNonzero(paddedCase());
        assertEquals(new Box(2, 1, 2, 6, 6, 8), c.bbox(), "z 2..5 (channel 1 reaches z 5), y 1..5, x 2..7");
        assertArrayEquals(new int[] {2, 4, 5, 6}, c.dataCzyx().shape());
        assertEquals(-1000f + 200 + 10 + 3, c.dataCzyx().data()[1], "voxel (2, 1, 3) is at (0, 0, 1) in the crop");
    }

    @Test
    void insertingTheCropBackRestoresTheVolume() {
        FloatTensor original = paddedCase();
        CropToNonzero.Cropped c = CropToNonzero.cropToNonzero(original);
        FloatTensor restored = CropToNonzero.insertCrop(c.dataCzyx(), c.bbox(), new int[] {7, 8, 9}, new float[] {0f, 0f});
        assertEquals(original, restored);
    }

    @Test
    void outsideValuesFillOnlyOutsideTheBox() {
        FloatTensor crop = FloatTensor.zeros(2, 1, 1, 1);
        crop.data()[0] = 0.25f;
        crop.data()[1] = 0.75f;
        FloatTensor full = CropToNonzero.insertCrop(crop, new Box(1, 0, 1, 2, 1, 2), new int[] {2, 1, 3}, new float[] {1f, 0f});
        assertArrayEquals(new float[] {1, 1, 1, 1, 0.25f, 1, 0, 0, 0, 0, 0.75f, 0}, full.data());
    }

    @Test
    void allZeroImageKeepsTheFullBox() {
        FloatTensor zeros = FloatTensor.zeros(1, 3, 4, 5);
        CropToNonzero.Cropped c = CropToNonzero.cropToNonzero(zeros);
        assertEquals(new Box(0, 0, 0, 3, 4, 5), c.bbox());
        assertSame(zeros, c.dataCzyx(), "a full box is no crop");
    }

    @Test
    void singleVoxelAndNanCountAsNonzero() {
        FloatTensor t = FloatTensor.zeros(1, 4, 4, 4);
        t.data()[(1 * 4 + 2) * 4 + 3] = Float.NaN;
        assertEquals(new Box(1, 2, 3, 2, 3, 4), CropToNonzero.nonzeroBoundingBox(t));
    }

    @Test
    void maskFillsEnclosedZerosButNotCavitiesOpenToTheBorder() {
        // a 5×5×5 shell of ones around one zero voxel, inside a 7×7×7 zero volume; plus a zero tunnel at y = 1..5, x = 6 ... none
        FloatTensor t = FloatTensor.zeros(1, 7, 7, 7);
        for (int z = 1; z < 6; z++) for (int y = 1; y < 6; y++) for (int x = 1; x < 6; x++) t.data()[(z * 7 + y) * 7 + x] = 1f;
        t.data()[(3 * 7 + 3) * 7 + 3] = 0f;                   // enclosed: filled
        for (int x = 1; x < 4; x++) t.data()[(2 * 7 + 2) * 7 + x] = 0f; // tunnel from x = 1 (next to the zero border) inward: open
        boolean[] mask = CropToNonzero.createNonzeroMask(t);
        assertEquals(true, mask[(3 * 7 + 3) * 7 + 3]);
        for (int x = 1; x < 4; x++) assertEquals(false, mask[(2 * 7 + 2) * 7 + x], "tunnel voxel x=" + x);
        assertEquals(false, mask[0]);
        assertEquals(125 - 3, countTrue(mask));
    }

    private static int countTrue(boolean[] m) {
        int n = 0;
        for (boolean b : m) if (b) n++;
        return n;
    }
}

package segshap.kernels.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import segshap.kernels.tensor.FloatTensor;
import segshap.kernels.tensor.Npy;

/** The nnU-Net fixture CT reads to exactly the array nnU-Net v2 worked on (its {@code input_czyx.npy}). */
class NnunetInputNiftiTest {
    static final Path CASE = Path.of("src/test/resources/fixtures/nnunet-v2/cases/main");

    @Test
    void inputReadsBitExactToNnunetsArrayInZyxOrder() {
        NiftiImage img = NiftiReader.read(CASE.resolve("input_0000.nii.gz"));
        FloatTensor nnunet = Npy.read(CASE.resolve("input_czyx.npy")); // (1, z, y, x)

        assertArrayEquals(new int[] {40, 70, 60}, img.shapeZyx());
        assertArrayEquals(new int[] {60, 70, 40}, img.shapeXyz());
        assertArrayEquals(new int[] {1, 40, 70, 60}, nnunet.shape());
        assertEquals(NiftiDataType.FLOAT32, img.dataType());
        float[] a = img.dataZyx().data();
        float[] b = nnunet.data();
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                throw new AssertionError("voxel " + i + " differs: " + a[i] + " vs nnU-Net " + b[i]);
            }
        }
    }

    @Test
    void gridIsTheFixturesDiagonalSpacing() {
        NiftiImage img = NiftiReader.read(CASE.resolve("input_0000.nii.gz"));
        // sform_code 2 with diag(0.8, 0.8, 2): float32 0.8 widened to double
        double s = (double) 0.8f;
        assertArrayEquals(new double[] {s, 0, 0, 0, 0, s, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1}, img.affine());
        assertArrayEquals(new double[] {2, s, s}, img.spacingZyxMm());
        assertEquals(1f, img.sclSlope());
        assertEquals(0f, img.sclInter());
        assertArrayEquals(new double[] {10 * s, 5 * s, 6}, img.worldMmOfVoxelZyx(3, 5, 10), 0, Arrays.toString(img.affine()));
    }
}

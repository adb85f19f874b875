package segshap.engine.explain;

import java.io.IOException;
import java.nio.file.Path;
import segshap.kernels.nifti.NiftiDataType;
import segshap.kernels.nifti.NiftiImage;
import segshap.kernels.nifti.NiftiReader;
import segshap.kernels.nifti.NiftiWriter;
import segshap.kernels.tensor.Box;
import segshap.protocol.job.JobRuntime;
import segshap.protocol.job.JobSpec;
import segshap.kernels.tensor.FloatTensor;

/**
 * nnU-Net's fixture case (tiny CT model, 40×70×60) with an organ map made from its intensities: 1 bright
 * organ (&gt; 110 HU), 2 dark organ (−500…−40 HU), 5/6 the rest of the body split at mid-z.
 */
public final class FixtureCase {
    public static final Path FIXTURES = Path.of("../kernels/src/test/resources/fixtures/nnunet-v2");
    public static final Path MODEL = FIXTURES.resolve("models/Dataset901_TinyCT/nnUNetTrainer__nnUNetPlans__3d_fullres");
    public static final Path CT = FIXTURES.resolve("cases/main/input_0000.nii.gz");

    private FixtureCase() {}

    public static Path writeOrgans(Path dir) throws IOException {
        NiftiImage ct = NiftiReader.read(CT);
        float[] hu = ct.dataZyx().data();
        int nz = ct.shapeZyx()[0], plane = hu.length / nz;
        float[] lab = new float[hu.length];
        for (int i = 0; i < hu.length; i++) {
            float v = hu[i];
            if (v <= -500) continue;
            lab[i] = v > 110 ? 1 : v < -40 ? 2 : (i / plane >= nz / 2 ? 6 : 5);
        }
        Path file = dir.resolve("organs.nii.gz");
        NiftiWriter.write(file, ct.withData(new FloatTensor(ct.shapeZyx(), lab), NiftiDataType.UINT8));
        return file;
    }

    /** A box-shaped ROI mask on the CT grid (z, y, x). */
    public static Path writeRoiMask(Path dir, Box boxZyx) throws IOException {
        NiftiImage ct = NiftiReader.read(CT);
        int[] s = ct.shapeZyx();
        float[] m = new float[s[0] * s[1] * s[2]];
        for (int z = boxZyx.z0(); z < boxZyx.z1(); z++)
            for (int y = boxZyx.y0(); y < boxZyx.y1(); y++)
                for (int x = boxZyx.x0(); x < boxZyx.x1(); x++) m[(z * s[1] + y) * s[2] + x] = 1;
        Path file = dir.resolve("roi.nii.gz");
        NiftiWriter.write(file, ct.withData(new FloatTensor(s, m), NiftiDataType.UINT8));
        return file;
    }

    /** Organ units, exact budget, all four value functions, target 1. */
    static JobSpec.Builder job(Path organs) {
        return JobSpec.builder().model(MODEL).ct(CT).organs(organs).target(1).units("organs").budgetExact();
    }

    /** A small engine: 2 threads, 4 tiles per batch. */
    static Explainer explainer() {
        return Explainer.start(new JobRuntime(2, 4, JobRuntime.DEFAULT_MEMORY_BUDGET_BYTES, "cpu"));
    }
}

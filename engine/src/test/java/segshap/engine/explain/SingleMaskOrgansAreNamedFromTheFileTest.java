package segshap.engine.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.kernels.nifti.NiftiDataType;
import segshap.kernels.nifti.NiftiImage;
import segshap.kernels.nifti.NiftiReader;
import segshap.kernels.nifti.NiftiWriter;
import segshap.kernels.tensor.Box;
import segshap.kernels.tensor.FloatTensor;
import segshap.protocol.job.JobSpec;

/** Issue 12, 1(c): one TotalSegmentator mask file ({@code liver.nii.gz}) is named after the file, not "spleen". */
class SingleMaskOrgansAreNamedFromTheFileTest {
    @TempDir Path tmp;

    @Test
    void aBinaryMaskFileNamesItsUnitAfterTheFile() throws IOException {
        NiftiImage ct = NiftiReader.read(FixtureCase.CT);
        float[] hu = ct.dataZyx().data(), mask = new float[hu.length];
        for (int i = 0; i < hu.length; i++) mask[i] = hu[i] > 110 ? 1 : 0;
        Path liver = tmp.resolve("liver.nii.gz");
        NiftiWriter.write(liver, ct.withData(new FloatTensor(ct.shapeZyx(), mask), NiftiDataType.UINT8));
        JobSpec job = FixtureCase.job(liver).roiMask(FixtureCase.writeRoiMask(tmp, new Box(14, 26, 18, 22, 36, 28))).build();
        LoadedInputs in = LoadedInputs.load(job);
        assertEquals("liver", in.names().get(1));
        assertTrue(in.warnings().stream().anyMatch(w -> w.contains("named 'liver' after the file")), in.warnings().toString());
    }

    @Test
    void aMultilabelMapKeepsTheTableNames() throws IOException {
        LoadedInputs in = LoadedInputs.load(FixtureCase.job(FixtureCase.writeOrgans(tmp))
                .roiMask(FixtureCase.writeRoiMask(tmp, new Box(14, 26, 18, 22, 36, 28))).build());
        assertEquals("spleen", in.names().get(1));
    }
}

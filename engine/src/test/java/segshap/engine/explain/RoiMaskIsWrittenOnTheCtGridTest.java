package segshap.engine.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.kernels.nifti.NiftiDataType;
import segshap.kernels.nifti.NiftiImage;
import segshap.kernels.nifti.NiftiReader;
import segshap.kernels.tensor.Box;

/** {@code roi.nii.gz} (the viewer's ROI contour) is the region explained, back on the CT grid. */
class RoiMaskIsWrittenOnTheCtGridTest {
    @TempDir Path tmp;

    @Test
    void aMaskRoiComesBackVoxelForVoxelAsUint8OnTheCtGrid() throws IOException {
        Path organs = FixtureCase.writeOrgans(tmp);
        Path mask = FixtureCase.writeRoiMask(tmp, new Box(14, 26, 18, 22, 36, 28));
        Path out = tmp.resolve("expl");
        try (Explainer explainer = FixtureCase.explainer()) {
            ExplanationJob run = explainer.prepare(FixtureCase.job(organs).roiMask(mask).values("dice").build(), p -> { });
            ExplanationWriter.write(run.explain(), out);
        }
        NiftiImage ct = NiftiReader.read(FixtureCase.CT);
        NiftiImage in = NiftiReader.read(mask);
        NiftiImage roi = NiftiReader.read(out.resolve("roi.nii.gz"));
        assertEquals(NiftiDataType.UINT8, roi.dataType());
        assertTrue(roi.sameGridAs(ct, 1e-6), "roi.nii.gz is on the CT grid: " + roi + " vs " + ct);
        assertArrayEquals(in.dataZyx().data(), roi.dataZyx().data(), "the written ROI is the input mask");
    }
}

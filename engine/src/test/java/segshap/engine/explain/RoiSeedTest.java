package segshap.engine.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.engine.roi.Roi;
import segshap.kernels.nifti.NiftiImage;
import segshap.kernels.nifti.NiftiReader;

/** A predicted component chosen by a CT voxel is the same as when chosen by that voxel's world position. */
class RoiSeedTest {
    @TempDir Path tmp;

    @Test
    void aVoxelSeedAndItsWorldPositionSelectTheSameComponent() throws IOException {
        Path organs = FixtureCase.writeOrgans(tmp);
        NiftiImage ct = NiftiReader.read(FixtureCase.CT);
        int[] ijk = {30, 35, 20}; // inside the bright organ of the fixture (label 1)
        double[] world = ct.worldMmOfVoxelZyx(ijk[2], ijk[1], ijk[0]);
        Roi byVoxel, byWorld;
        try (Explainer explainer = FixtureCase.explainer()) {
            byVoxel = explainer.prepare(FixtureCase.job(organs).roiComponent(1).roiSeedVoxelIjk(ijk[0], ijk[1], ijk[2]).build(),
                    p -> { }).setup().roi().roi();
            byWorld = explainer.prepare(FixtureCase.job(organs).roiComponent(1).roiSeedWorldMm(world[0], world[1], world[2]).build(),
                    p -> { }).setup().roi().roi();
        }
        assertEquals(byWorld.box(), byVoxel.box());
        assertEquals(byWorld.voxelCount(), byVoxel.voxelCount());
        assertTrue(byVoxel.contains(ijk[2], ijk[1], ijk[0]), "the seed voxel lies in its component");
    }
}

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
import segshap.kernels.window.TileProgress;

/** A predicted component chosen by a CT voxel is the same as when chosen by that voxel's world position. */
class RoiSeedTest {
    @TempDir Path tmp;

    @Test
    void aVoxelSeedAndItsWorldPositionSelectTheSameComponent() throws IOException {
        Path organs = FixtureCase.writeOrgans(tmp);
        NiftiImage ct = NiftiReader.read(FixtureCase.CT);
        int[] ijk = {30, 35, 20}; // inside the bright organ of the fixture (label 1)
        double[] world = ct.worldMmOfVoxelZyx(ijk[2], ijk[1], ijk[0]);
        BudgetSpec budget = BudgetSpec.parse("exact", 0, "--budget");
        Roi byVoxel, byWorld;
        try (ExplanationSession s = new ExplanationSession(FixtureCase.request(organs, new RoiSpec.Component(1, null, ijk), budget),
                FixtureCase.runtime(), TileProgress.NONE)) {
            byVoxel = s.roi();
        }
        try (ExplanationSession s = new ExplanationSession(FixtureCase.request(organs, new RoiSpec.Component(1, world), budget),
                FixtureCase.runtime(), TileProgress.NONE)) {
            byWorld = s.roi();
        }
        assertEquals(byWorld.box(), byVoxel.box());
        assertEquals(byWorld.voxelCount(), byVoxel.voxelCount());
        assertTrue(byVoxel.contains(ijk[2], ijk[1], ijk[0]), "the seed voxel lies in its component");
    }
}

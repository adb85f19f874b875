package segshap.engine.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.engine.units.UnitPartition;
import segshap.kernels.tensor.Box;

class UnitMarginTest {
    @TempDir Path tmp;

    @Test
    void aMarginBuildsUnitsOnlyInsideTheGrownRoiBox() throws IOException {
        Path organs = FixtureCase.writeOrgans(tmp);
        Path roi = FixtureCase.writeRoiMask(tmp, new Box(14, 26, 18, 22, 36, 28));
        try (Explainer explainer = FixtureCase.explainer()) {
            ExplanationSetup wide = explainer.prepare(FixtureCase.job(organs).roiMask(roi).build(), p -> { }).setup();
            ExplanationSetup tight = explainer.prepare(FixtureCase.job(organs).roiMask(roi).unitMarginMm(0.0).build(), p -> { }).setup();
            UnitPartition p = tight.units().partition();
            Box b = tight.roi().roi().box();
            assertEquals(b, p.unitRegion(), "margin 0: units live in B itself");
            int[] shape = tight.network().mapping().netShapeZyx();
            for (int z = 0; z < shape[0]; z++)
                for (int y = 0; y < shape[1]; y++)
                    for (int x = 0; x < shape[2]; x++)
                        if (!b.contains(z, y, x)) assertEquals(-1, p.unitIndexAt(z, y, x), "voxel outside B has a unit");
            long inB = p.units().stream().mapToLong(u -> u.voxels()).sum();
            long everywhere = wide.units().partition().units().stream().mapToLong(u -> u.voxels()).sum();
            assertTrue(inB < everywhere, "the exact support holds more unit voxels than B: " + inB + " vs " + everywhere);
        }
    }

    @Test
    void dilationRoundsUpToWholeVoxelsAndClipsToTheGrid() {
        Box grown = UnitSetup.dilate(new Box(2, 10, 10, 4, 20, 20), 3.0, new double[] {2.0, 0.8, 0.8}, new int[] {5, 30, 30});
        assertEquals(new Box(0, 6, 6, 5, 24, 24), grown);
    }
}

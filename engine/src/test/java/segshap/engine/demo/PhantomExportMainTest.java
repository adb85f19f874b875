package segshap.engine.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.kernels.tensor.Npy;

class PhantomExportMainTest {
    @Test
    void writesTheGeneratorsArraysAsNpyWithNamesAndGeometry(@TempDir Path dir) throws Exception {
        PhantomExportMain.main(new String[] {dir.toString(), "2", "1", "demo"});
        Phantom p = TestPhantoms.demo(2);
        assertArrayEquals(p.ctHuZyx().data(), Npy.read(dir.resolve("phantom_2_ct.npy")).data());
        assertArrayEquals(p.organLabelsZyx().data(), Npy.read(dir.resolve("phantom_2_organs.npy")).data());
        assertArrayEquals(p.groundTruthZyx().data(), Npy.read(dir.resolve("phantom_2_gt.npy")).data());
        assertArrayEquals(new int[] {60, 192, 192}, Npy.read(dir.resolve("phantom_2_gt.npy")).shape());
        assertEquals(p.organLabelIdsPresent(),
                java.util.List.copyOf(segshap.engine.units.OrganNames.read(dir.resolve("phantom_2_organs.tsv")).keySet()));
        String json = Files.readString(dir.resolve("phantom_2.json"));
        assertTrue(json.contains("\"spacing_zyx_mm\": [5.0, 2.0, 2.0]"), json);
        assertTrue(json.contains("\"affine_voxel_xyz_to_ras_mm\": [-2.0, 0.0, 0.0, 191.0"), json);
    }
}

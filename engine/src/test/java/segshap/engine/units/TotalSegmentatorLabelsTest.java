package segshap.engine.units;

import segshap.engine.demo.Phantom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.engine.units.OrganNames;
import segshap.kernels.InputException;

class TotalSegmentatorLabelsTest {
    @Test
    void idsRunFrom1To117WithUniqueNames() {
        assertEquals(117, TotalSegmentatorLabels.values().length);
        assertEquals(117, TotalSegmentatorLabels.maxId());
        Set<String> names = new HashSet<>();
        for (int id = 1; id <= 117; id++) {
            TotalSegmentatorLabels l = TotalSegmentatorLabels.fromId(id);
            assertEquals(id, l.id());
            assertTrue(names.add(l.labelName()), "duplicate name " + l.labelName());
            assertEquals(l, TotalSegmentatorLabels.fromName(l.labelName()));
        }
        assertFalse(TotalSegmentatorLabels.isValidId(0));
        assertFalse(TotalSegmentatorLabels.isValidId(118));
    }

    @Test
    void numberingMatchesTotalSegmentatorV2TotalTask() {
        // Spot checks against TotalSegmentator's class_map["total"] (v2).
        Object[][] expected = {
            {1, "spleen"}, {2, "kidney_right"}, {3, "kidney_left"}, {4, "gallbladder"}, {5, "liver"},
            {6, "stomach"}, {10, "lung_upper_lobe_left"}, {14, "lung_lower_lobe_right"}, {18, "small_bowel"},
            {20, "colon"}, {25, "sacrum"}, {26, "vertebrae_S1"}, {27, "vertebrae_L5"}, {31, "vertebrae_L1"},
            {32, "vertebrae_T12"}, {43, "vertebrae_T1"}, {44, "vertebrae_C7"}, {50, "vertebrae_C1"}, {51, "heart"},
            {52, "aorta"}, {63, "inferior_vena_cava"}, {65, "iliac_artery_left"}, {68, "iliac_vena_right"},
            {79, "spinal_cord"}, {86, "autochthon_left"}, {89, "iliopsoas_right"}, {92, "rib_left_1"},
            {103, "rib_left_12"}, {104, "rib_right_1"}, {115, "rib_right_12"}, {116, "sternum"},
            {117, "costal_cartilages"},
        };
        for (Object[] e : expected) assertEquals(e[1], TotalSegmentatorLabels.fromId((Integer) e[0]).labelName());
    }

    @Test
    void unknownIdsAndNamesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> TotalSegmentatorLabels.fromId(0));
        assertThrows(IllegalArgumentException.class, () -> TotalSegmentatorLabels.fromName("lymph_nodes"));
    }

    @Test
    void namesTsvRoundTripsSortedWithoutDuplicates(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("organs.tsv");
        TotalSegmentatorLabels.writeNamesTsv(file, List.of(52, 1, 5, 1));
        assertEquals("id\tname\n1\tspleen\n5\tliver\n52\taorta\n", Files.readString(file));
        SortedMap<Integer, String> back = OrganNames.read(file);
        assertEquals(List.of(1, 5, 52), List.copyOf(back.keySet()));
        assertEquals("aorta", back.get(52));
    }

    @Test
    void groundTruthNamesWriteThroughTheSameSidecarFormat(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("gt.tsv");
        TotalSegmentatorLabels.writeNamesTsv(file, Phantom.groundTruthNames());
        assertEquals(Phantom.groundTruthNames(), OrganNames.read(file));
    }

    @Test
    void malformedNamesTsvIsAnInputError(@TempDir Path dir) throws IOException {
        Path badLine = dir.resolve("b.tsv");
        Files.writeString(badLine, "id\tname\nspleen\t1\n");
        InputException e = assertThrows(InputException.class, () -> OrganNames.read(badLine));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        Path duplicate = dir.resolve("c.tsv");
        Files.writeString(duplicate, "id\tname\n1\tspleen\n1\tliver\n");
        assertThrows(InputException.class, () -> OrganNames.read(duplicate));
        assertThrows(InputException.class, () -> OrganNames.read(dir.resolve("missing.tsv")));
    }
}

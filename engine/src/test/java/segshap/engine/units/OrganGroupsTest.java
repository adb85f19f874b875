package segshap.engine.units;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import segshap.engine.grid.LabelMap;

class OrganGroupsTest {
    static final Map<Integer, String> NAMES = Map.of(1, "spleen", 11, "lung_lower_lobe_left", 10, "lung_upper_lobe_left",
            31, "vertebrae_L1", 32, "vertebrae_T12", 99, "rib_left_8", 100, "rib_left_9", 110, "rib_right_5");

    @Test
    void ribsVertebraeAndLungLobesMergeIntoTheirSmallestMember() {
        OrganGroups g = OrganGroups.coarse(NAMES);
        assertEquals(Map.of(1, 1, 10, 10, 11, 10, 31, 31, 32, 31, 99, 99, 100, 99, 110, 110), g.groupOf());
        assertEquals(Map.of(1, "spleen", 10, "lung_left", 31, "vertebrae", 99, "ribs_left", 110, "ribs_right"), g.names());
    }

    @Test
    void applyingGroupsRelabelsVoxelsAndLeavesUnknownLabelsAlone() {
        LabelMap labels = new LabelMap(new int[] {1, 1, 6}, new int[] {0, 1, 11, 100, 32, 7});
        assertArrayEquals(new int[] {0, 1, 10, 99, 31, 7}, OrganGroups.coarse(NAMES).apply(labels).labels());
    }
}

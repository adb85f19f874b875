package segshap.engine.demo;

import segshap.engine.units.TotalSegmentatorLabels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static segshap.engine.units.TotalSegmentatorLabels.*;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PhantomLabelConsistencyTest {
    // Organs every DEMO-grid phantom shows (the grid spans the lower chest to L4). The gallbladder is drawn too
    // but may be covered by the stomach or bowel, so it is not listed.
    private static final List<TotalSegmentatorLabels> ALWAYS_ON_DEMO_GRID = List.of(SPLEEN, KIDNEY_RIGHT, KIDNEY_LEFT,
            LIVER, STOMACH, LUNG_LOWER_LOBE_LEFT, LUNG_LOWER_LOBE_RIGHT, SMALL_BOWEL, COLON,
            VERTEBRAE_L3, VERTEBRAE_L2, VERTEBRAE_L1, VERTEBRAE_T12, VERTEBRAE_T11, VERTEBRAE_T10, AORTA,
            INFERIOR_VENA_CAVA, SPINAL_CORD, AUTOCHTHON_LEFT, AUTOCHTHON_RIGHT, ILIOPSOAS_LEFT, ILIOPSOAS_RIGHT,
            RIB_LEFT_10, RIB_LEFT_11, RIB_RIGHT_10, RIB_RIGHT_11);
    // A node is at least this many voxels on the DEMO grid: 9 mm short axis = 4.5 × 4.5 × 2 voxels, quartered
    // for partial voxels and a node cut by the grid's edge.
    private static final int MIN_NODE_VOXELS_PER_PHANTOM = 200;

    static LongStream seeds() {
        return LongStream.of(1, 2, 3);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyOrganMapValueIsATotalSegmentatorClass(long seed) {
        for (float f : TestPhantoms.demo(seed).organLabelsZyx().data()) {
            int id = (int) f;
            assertEquals(id, f, 0, "label values are integers");
            assertTrue(id == 0 || TotalSegmentatorLabels.isValidId(id), "label " + id);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyOrganDrawnOnTheDemoGridIsPresent(long seed) {
        List<Integer> present = TestPhantoms.demo(seed).organLabelIdsPresent();
        for (TotalSegmentatorLabels l : ALWAYS_ON_DEMO_GRID) {
            assertTrue(present.contains(l.id()), l.labelName() + " (" + l.id() + ") missing; present: " + present);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void groundTruthSpleenIsExactlyTheOrganMapSpleen(long seed) {
        Phantom p = TestPhantoms.demo(seed);
        float[] organs = p.organLabelsZyx().data(), truth = p.groundTruthZyx().data();
        int spleen = 0;
        for (int i = 0; i < truth.length; i++) {
            boolean inOrganMap = organs[i] == SPLEEN.id(), inTruth = truth[i] == Phantom.GT_SPLEEN;
            assertEquals(inOrganMap, inTruth, "spleen voxel " + i);
            if (inTruth) spleen++;
        }
        assertTrue(spleen > 2000, "spleen voxels " + spleen);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void lymphNodesAreInTheGroundTruthButBackgroundInTheOrganMap(long seed) {
        Phantom p = TestPhantoms.demo(seed);
        float[] organs = p.organLabelsZyx().data(), truth = p.groundTruthZyx().data();
        int nodes = 0;
        for (int i = 0; i < truth.length; i++) {
            assertTrue(truth[i] == 0 || truth[i] == Phantom.GT_SPLEEN || truth[i] == Phantom.GT_LYMPH_NODES,
                    "ground truth value " + truth[i]);
            if (truth[i] == Phantom.GT_LYMPH_NODES) {
                assertEquals(0f, organs[i], "node voxel " + i + " must be background in the organ map");
                nodes++;
            }
        }
        assertTrue(nodes >= MIN_NODE_VOXELS_PER_PHANTOM, "lymph node voxels " + nodes);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void groundTruthNamesFollowTheDatasetJsonOrder(long seed) {
        assertEquals(List.of("background", "spleen", "lymph_nodes"), List.copyOf(Phantom.groundTruthNames().values()));
        assertEquals(List.of(0, Phantom.GT_SPLEEN, Phantom.GT_LYMPH_NODES), List.copyOf(Phantom.groundTruthNames().keySet()));
    }
}

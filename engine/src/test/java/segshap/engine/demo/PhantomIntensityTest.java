package segshap.engine.demo;

import segshap.engine.units.TotalSegmentatorLabels;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.IntPredicate;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PhantomIntensityTest {
    // Portal-venous CT reference ranges in HU (median over the structure, partial-volume edges included).
    private static final double[] LIVER_HU = {80, 130};
    private static final double[] SPLEEN_HU = {80, 140};
    private static final double SPLEEN_MINUS_LIVER_MAX_HU = 20; // "close to the liver": no intensity shortcut
    private static final double[] FAT_HU = {-130, -60};
    private static final double[] LUNG_HU = {-900, -750};
    private static final double[] VERTEBRA_HU = {200, 700};
    private static final double[] KIDNEY_HU = {100, 220};
    private static final double[] AORTA_HU = {120, 240};
    private static final double[] LYMPH_NODE_HU = {20, 100};

    static LongStream seeds() {
        return LongStream.of(1, 2, 3);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void organMediansLieInRealisticHuRanges(long seed) {
        Phantom p = TestPhantoms.demo(seed);
        float[] organs = p.organLabelsZyx().data(), truth = p.groundTruthZyx().data(), ct = p.ctHuZyx().data();
        double liver = median(p, i -> organs[i] == TotalSegmentatorLabels.LIVER.id());
        double spleen = median(p, i -> organs[i] == TotalSegmentatorLabels.SPLEEN.id());
        check("liver", liver, LIVER_HU);
        check("spleen", spleen, SPLEEN_HU);
        assertTrue(Math.abs(spleen - liver) <= SPLEEN_MINUS_LIVER_MAX_HU, "spleen " + spleen + " vs liver " + liver);
        check("lungs", median(p, i -> organs[i] >= 10 && organs[i] <= 14), LUNG_HU);
        check("vertebrae", median(p, i -> organs[i] >= TotalSegmentatorLabels.VERTEBRAE_S1.id()
                && organs[i] <= TotalSegmentatorLabels.VERTEBRAE_C1.id()), VERTEBRA_HU);
        check("kidneys", median(p, i -> organs[i] == TotalSegmentatorLabels.KIDNEY_LEFT.id()
                || organs[i] == TotalSegmentatorLabels.KIDNEY_RIGHT.id()), KIDNEY_HU);
        check("aorta", median(p, i -> organs[i] == TotalSegmentatorLabels.AORTA.id()), AORTA_HU);
        check("lymph nodes", median(p, i -> truth[i] == Phantom.GT_LYMPH_NODES), LYMPH_NODE_HU);
        // Unlabelled soft tissue in the body is mostly subcutaneous and visceral fat (muscle is the minority).
        check("background in the body", median(p, i -> organs[i] == 0 && truth[i] == 0 && ct[i] > -500 && ct[i] < 300),
                FAT_HU);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void airOutsideTheBodyIsMinus1000WithNoise(long seed) {
        Phantom p = TestPhantoms.demo(seed);
        // The corner voxel column (y = 0, x = 0) is outside the body on every slice.
        double air = median(p, i -> i % (192 * 192) == 0);
        check("air", air, new double[] {-1030, -970});
    }

    private static double median(Phantom p, IntPredicate mask) {
        return TestPhantoms.medianHu(p, mask);
    }

    private static void check(String what, double medianHu, double[] range) {
        assertTrue(medianHu >= range[0] && medianHu <= range[1],
                what + ": median " + medianHu + " HU outside [" + range[0] + ", " + range[1] + "]");
    }
}

package segshap.engine.value;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import segshap.engine.roi.Roi;
import segshap.kernels.tensor.Box;

class ValueFunctionScoresTest {
    // Hand-computed values are exact sums of small integers over |S|; only the Dice ε term needs a bound.
    private static final double EXACT = 1e-15;

    private static final int TP = ValueFunction.TP.ordinal();
    private static final int FP = ValueFunction.FP.ordinal();
    private static final int DICE = ValueFunction.DICE.ordinal();
    private static final int SOFT = ValueFunction.SOFTDICE.ordinal();

    /*
     * B = 1×1×4 voxels, 2 heads, target t = 1. Logits (class 0, class 1) per voxel:
     *   v0 (0, 3)  → argmax 1 → P_m = 1, z_t = 3
     *   v1 (2, 1)  → argmax 0 → P_m = 0, z_t = 1
     *   v2 (1, 1)  → tie, first max wins → class 0 → P_m = 0
     *   v3 (−1, 2) → argmax 1 → P_m = 1, z_t = 2
     * Baseline P_0 = (1, 1, 0, 0).
     */
    private static final float[] LOGITS = {0, 2, 1, -1, 3, 1, 1, 2};
    private static final byte[] P0 = {1, 1, 0, 0};

    @Test
    void scoresOverTheBoxMatchTheHandComputedValues() {
        double[] s = ValueFunctions.scores(LOGITS, 2, 1, P0, new byte[] {1, 1, 1, 1});
        // |S| = 4. TP = (1/4)·3 (v0: P_m ∧ P_0) = 0.75
        assertEquals(0.75, s[TP], EXACT);
        // FP = −(1/4)·2 (v3: P_m ∧ ¬P_0) = −0.5
        assertEquals(-0.5, s[FP], EXACT);
        // Dice = 2·|{v0}| / (|{v0,v3}| + |{v0,v1}| + ε) = 2 / (4 + 1e−8)
        assertEquals(2.0 / (4.0 + 1e-8), s[DICE], EXACT);
        // SoftDice = (1/4)·(+3 (v0, P_0=1) − 2 (v3, P_0=0)) = 0.25
        assertEquals(0.25, s[SOFT], EXACT);
    }

    @Test
    void scoresOverTheRoiMaskUseItsVoxelCount() {
        // S = {v0, v1, v2}, |S| = 3: TP = 3/3 = 1; FP = 0 (v3 is outside S);
        // Dice = 2·1 / (|{v0}| + |{v0,v1}| + ε) = 2/(3 + 1e−8); SoftDice = 3/3 = 1
        double[] s = ValueFunctions.scores(LOGITS, 2, 1, P0, new byte[] {1, 1, 1, 0});
        assertArrayEquals(new double[] {1.0, 0.0, 2.0 / (3.0 + 1e-8), 1.0}, s, EXACT);
        assertEquals(0L, Double.doubleToRawLongBits(s[FP]), "FP is +0.0, not −0.0");
    }

    @Test
    void scoringRegionRoiTakesTheRoiMaskAndBoxTakesAllOfB() {
        Roi roi = new Roi(new int[] {1, 1, 4}, new Box(0, 0, 0, 1, 1, 4), new byte[] {1, 1, 1, 0}, 3, "test");
        assertArrayEquals(new byte[] {1, 1, 1, 0}, ScoringRegion.ROI.maskOverBox(roi));
        assertArrayEquals(new byte[] {1, 1, 1, 1}, ScoringRegion.BOX.maskOverBox(roi));
        assertArrayEquals(ValueFunctions.scores(LOGITS, 2, 1, P0, new byte[] {1, 1, 1, 0}),
                ValueFunctions.scores(LOGITS, 2, 1, P0, ScoringRegion.ROI.maskOverBox(roi)), 0);
    }

    @Test
    void diceIsZeroWhenBothMasksAreEmpty() {
        // target never wins (class 0 ≥ class 1 everywhere, v1 a tie) and P_0 is empty: every score is 0
        float[] logits = {5, 1, 0, 1};
        double[] s = ValueFunctions.scores(logits, 2, 1, new byte[] {0, 0}, new byte[] {1, 1});
        assertArrayEquals(new double[] {0, 0, 0, 0}, s, 0);
        // P_0 and P_m nonempty only outside S also count as empty
        float[] l2 = {0, 5, 1, 0};
        assertEquals(0.0, ValueFunctions.scores(l2, 2, 1, new byte[] {0, 1}, new byte[] {1, 0})[DICE], 0);
    }

    @Test
    void baselineAgainstItselfHasNoFalsePositivesAndDiceNearOne() {
        SplittableRandom rnd = new SplittableRandom(5);
        int heads = 3, n = 200;
        float[] logits = new float[heads * n];
        for (int i = 0; i < logits.length; i++) logits[i] = (float) rnd.nextGaussian();
        byte[] p0 = ValueFunctions.hardPrediction(logits, heads, 2);
        byte[] all = new byte[n];
        java.util.Arrays.fill(all, (byte) 1);
        double[] s = ValueFunctions.scores(logits, heads, 2, p0, all);
        int positives = 0;
        for (byte b : p0) positives += b;
        assertEquals(0.0, s[FP], 0);
        assertEquals(2.0 * positives / (2.0 * positives + 1e-8), s[DICE], EXACT);
        assertEquals(s[TP], s[SOFT], 0);
    }

    @Test
    void hardPredictionTakesTheFirstMaximalChannel() {
        // voxel 0: (1,1,0) → class 0; voxel 1: (0,2,2) → class 1; voxel 2: (0,0,3) → class 2
        float[] logits = {1, 0, 0, 1, 2, 0, 0, 2, 3};
        assertArrayEquals(new byte[] {0, 1, 0}, ValueFunctions.hardPrediction(logits, 3, 1));
        assertArrayEquals(new byte[] {1, 0, 0}, ValueFunctions.hardPrediction(logits, 3, 0));
    }

    @Test
    void emptyScoringRegionAndBadShapesAreMisuse() {
        assertThrows(IllegalArgumentException.class,
                () -> ValueFunctions.scores(LOGITS, 2, 1, P0, new byte[4]));
        assertThrows(IllegalArgumentException.class,
                () -> ValueFunctions.scores(LOGITS, 2, 2, P0, new byte[] {1, 1, 1, 1}));
        assertThrows(IllegalArgumentException.class,
                () -> ValueFunctions.scores(LOGITS, 3, 1, P0, new byte[] {1, 1, 1, 1}));
    }
}

package segshap.engine.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PhantomDeterminismTest {
    @Test
    void sameSeedGivesBitIdenticalVolumes() {
        Phantom a = PhantomGenerator.generate(7, PhantomGrid.DEMO);
        Phantom b = PhantomGenerator.generate(7, PhantomGrid.DEMO);
        assertArrayEquals(a.ctHuZyx().data(), b.ctHuZyx().data());
        assertArrayEquals(a.organLabelsZyx().data(), b.organLabelsZyx().data());
        assertArrayEquals(a.groundTruthZyx().data(), b.groundTruthZyx().data());
        assertArrayEquals(a.affine(), b.affine());
        assertEquals(a, b);
    }

    @Test
    void differentSeedsGiveDifferentAnatomyAndNoise() {
        Phantom a = TestPhantoms.demo(1);
        Phantom b = TestPhantoms.demo(2);
        assertFalse(Arrays.equals(a.ctHuZyx().data(), b.ctHuZyx().data()), "CT");
        assertFalse(Arrays.equals(a.organLabelsZyx().data(), b.organLabelsZyx().data()), "organ map");
        assertFalse(Arrays.equals(a.groundTruthZyx().data(), b.groundTruthZyx().data()), "ground truth");
    }

    @Test
    void volumesHaveTheGridShapeAndSpacing() {
        Phantom p = TestPhantoms.demo(1);
        assertArrayEquals(new int[] {60, 192, 192}, p.ctHuZyx().shape());
        assertArrayEquals(new double[] {5.0, 2.0, 2.0}, p.spacingZyxMm());
    }
}

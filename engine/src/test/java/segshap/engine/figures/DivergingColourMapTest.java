package segshap.engine.figures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static segshap.engine.figures.SyntheticVolumes.blue;
import static segshap.engine.figures.SyntheticVolumes.green;
import static segshap.engine.figures.SyntheticVolumes.red;
import static segshap.engine.figures.SyntheticVolumes.rgbText;

import org.junit.jupiter.api.Test;

/** The φ colour map: mirrored in sign, clear at 0, saturating at the scale ends; the CT window. */
class DivergingColourMapTest {
    // red and blue are rounded separately, so their difference may step back by one level
    static final int ROUNDING_STEP = 1;

    static int swapRedBlue(int rgb) {
        return (blue(rgb) << 16) | (green(rgb) << 8) | red(rgb);
    }

    @Test
    void negativeValuesGetTheMirroredColourAndTheSameOpacity() {
        for (int i = 0; i <= 100; i++) {
            float t = i / 100f;
            assertEquals(swapRedBlue(DivergingColourMap.rgbOf(t)), DivergingColourMap.rgbOf(-t), "t = " + t);
            assertEquals(DivergingColourMap.alphaOf(t), DivergingColourMap.alphaOf(-t), "t = " + t);
            for (int grey : new int[] {0, 128, 255}) {
                assertEquals(swapRedBlue(DivergingColourMap.blendOverGrey(grey, t)),
                        DivergingColourMap.blendOverGrey(grey, -t), "t = " + t + ", grey " + grey);
            }
        }
    }

    @Test
    void zeroLeavesTheGreyUntouched() {
        assertEquals(0f, DivergingColourMap.alphaOf(0f));
        for (int grey = 0; grey < 256; grey++) {
            assertEquals((grey << 16) | (grey << 8) | grey, DivergingColourMap.blendOverGrey(grey, 0f));
        }
    }

    @Test
    void positiveEndIsRedNegativeEndBlueAndRedGrowsWithT() {
        int top = DivergingColourMap.rgbOf(1f);
        assertTrue(red(top) > 150 && blue(top) < 80 && green(top) < 80, rgbText(top));
        int bottom = DivergingColourMap.rgbOf(-1f);
        assertTrue(blue(bottom) > 150 && red(bottom) < 80, rgbText(bottom));
        int previous = -256;
        for (int i = -100; i <= 100; i++) {
            int rgb = DivergingColourMap.blendOverGrey(128, i / 100f);
            int redMinusBlue = red(rgb) - blue(rgb);
            assertTrue(redMinusBlue >= previous - ROUNDING_STEP, "red − blue must not fall as t rises, at t = " + i / 100f);
            previous = Math.max(previous, redMinusBlue);
        }
        assertEquals(DivergingColourMap.rgbOf(1f), DivergingColourMap.rgbOf(3f), "clamped beyond the scale");
        assertTrue(DivergingColourMap.alphaOf(0.1f) < DivergingColourMap.alphaOf(0.4f));
    }

    @Test
    void softTissueWindowMapsMinus160To240HuOntoBlackToWhite() {
        assertEquals(0, AttributionFigure.windowGrey(-1000f));
        assertEquals(0, AttributionFigure.windowGrey(-160f));
        assertEquals(128, AttributionFigure.windowGrey(40f)); // 127.5 rounds up
        assertEquals(255, AttributionFigure.windowGrey(240f));
        assertEquals(255, AttributionFigure.windowGrey(3000f));
        assertEquals(64, AttributionFigure.windowGrey(-60f), 1);
    }
}

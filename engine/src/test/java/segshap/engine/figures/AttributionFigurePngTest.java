package segshap.engine.figures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static segshap.engine.figures.SyntheticVolumes.fillBox;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.kernels.tensor.FloatTensor;

/** The PNG is written, decodes to the figure size and the same pixels, and renders identically twice. */
class AttributionFigurePngTest {
    static final double[] RAS = {0.8, 0, 0, 0, 0, 0.8, 0, 0, 0, 0, 2.5, 0, 0, 0, 0, 1};

    static AttributionFigure figure() {
        int[] shape = {16, 48, 48};
        FloatTensor ct = SyntheticVolumes.filled(shape, 40f);
        fillBox(ct, 0, 16, 0, 48, 0, 4, -1000f);
        FloatTensor phi = FloatTensor.zeros(shape);
        fillBox(phi, 4, 10, 10, 20, 10, 20, 0.3f);
        fillBox(phi, 4, 10, 28, 38, 28, 38, -0.1f);
        FloatTensor roi = FloatTensor.zeros(shape);
        fillBox(roi, 5, 11, 14, 34, 14, 34, 1f);
        FloatTensor units = FloatTensor.zeros(shape);
        fillBox(units, 0, 16, 0, 48, 24, 48, 1f);
        return new AttributionFigure(ct, new double[] {2.5, 0.8, 0.8}, phi, roi, "Soft Dice — synthetic, exact, seed 0")
                .withVoxelToWorldRas(RAS).withUnitBoundaries(units);
    }

    static int[] pixels(BufferedImage img) {
        return ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
    }

    @Test
    void pngDecodesToTheRenderedImage(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("phi_soft_dice.png");
        RenderedFigure rendered = figure().writePng(png);
        assertTrue(Files.size(png) > 0);
        BufferedImage read = ImageIO.read(png.toFile());
        assertNotNull(read, "ImageIO could not decode " + png);
        assertEquals(AttributionFigure.WIDTH_PX, read.getWidth());
        assertEquals(AttributionFigure.HEIGHT_PX, read.getHeight());
        int[] expected = pixels(rendered.image()).clone();
        // TYPE_INT_RGB ignores the top byte; Java2D fills may leave it set
        for (int i = 0; i < expected.length; i++) expected[i] &= 0xffffff;
        int[] actual = read.getRGB(0, 0, read.getWidth(), read.getHeight(), null, 0, read.getWidth());
        for (int i = 0; i < actual.length; i++) actual[i] &= 0xffffff;
        assertArrayEquals(expected, actual);
    }

    @Test
    void renderingTwiceGivesTheSameBytes(@TempDir Path dir) throws Exception {
        figure().writePng(dir.resolve("a.png"));
        figure().writePng(dir.resolve("b.png"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.png")), Files.readAllBytes(dir.resolve("b.png")));
    }
}

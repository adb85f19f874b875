package segshap.engine.figures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.title.Title;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MoRF / LeRF chart: both series from the curves, summary numbers in the titles, a PNG of the set size. */
class CurvePlotTest {
    static final double[] MORF = {0.9, 0.4, 0.1, 0.0};
    static final double[] LERF = {0.9, 0.85, 0.6, 0.0};

    static CurvePlotData curves(double nAopc) {
        return new CurvePlotData("Soft Dice", "organs units, exact, seed 0", MORF, LERF, 0.4125, 0.0875, 0.325,
                nAopc, 0.05, Double.NaN);
    }

    static List<String> titleTexts(JFreeChart chart) {
        List<String> texts = new ArrayList<>();
        texts.add(chart.getTitle().getText());
        for (int i = 0; i < chart.getSubtitleCount(); i++) {
            Title t = chart.getSubtitle(i);
            if (t instanceof TextTitle tt) texts.add(tt.getText());
        }
        return texts;
    }

    @Test
    void datasetHoldsMorfThenLerfAgainstUnitsRemoved() {
        XYSeriesCollection d = CurvePlot.createDataset(curves(0.9));
        assertEquals(2, d.getSeriesCount());
        assertEquals(CurvePlot.MORF_KEY, d.getSeriesKey(0));
        assertEquals(CurvePlot.LERF_KEY, d.getSeriesKey(1));
        for (int s = 0; s < 2; s++) {
            double[] expected = s == 0 ? MORF : LERF;
            assertEquals(expected.length, d.getItemCount(s));
            for (int k = 0; k < expected.length; k++) {
                assertEquals(k, d.getXValue(s, k));
                assertEquals(expected[k], d.getYValue(s, k));
            }
        }
    }

    @Test
    void titlesCarryAopcAbpcAndTheNormalisedValuesWhenGiven() {
        String all = String.join(" | ", titleTexts(CurvePlot.createChart(curves(0.9))));
        assertTrue(all.contains("Soft Dice"), all);
        assertTrue(all.contains("AOPC MoRF = 0.412"), all); // 0.4125 to 3 digits, half-even
        assertTrue(all.contains("AOPC LeRF = 0.0875"), all);
        assertTrue(all.contains("ABPC = 0.325"), all);
        assertTrue(all.contains("nAOPC MoRF = 0.9"), all);
        assertTrue(all.contains("nABPC = n/a"), all);
        assertTrue(all.contains("organs units, exact, seed 0"), all);
        String none = String.join(" | ", titleTexts(CurvePlot.createChart(new CurvePlotData("TP", "", MORF, LERF,
                1, 0, 1, Double.NaN, Double.NaN, Double.NaN))));
        assertFalse(none.contains("nAOPC"), none);
    }

    @Test
    void markersAreShownForShortCurvesOnly() {
        XYPlot plot = CurvePlot.createChart(curves(0.9)).getXYPlot();
        assertTrue(((XYLineAndShapeRenderer) plot.getRenderer()).getDefaultShapesVisible());
        assertTrue(CurvePlot.createChart(curves(0.9)).getLegend() != null, "legend");
        double[] longCurve = new double[CurvePlot.MAX_POINTS_WITH_MARKERS + 1];
        CurvePlotData many = new CurvePlotData("FP", "", longCurve, longCurve, 0, 0, 0, Double.NaN,
                Double.NaN, Double.NaN);
        assertFalse(((XYLineAndShapeRenderer) CurvePlot.createChart(many).getXYPlot().getRenderer())
                .getDefaultShapesVisible());
    }

    @Test
    void pngIsWrittenAtTheChartSize(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("curves_soft_dice.png");
        CurvePlot.writePng(curves(0.9), png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img);
        assertEquals(CurvePlot.WIDTH_PX, img.getWidth());
        assertEquals(CurvePlot.HEIGHT_PX, img.getHeight());
    }

    @Test
    void curvesOfDifferentLengthsAreRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> new CurvePlotData("Dice", "", MORF,
                new double[] {1, 0}, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN));
        assertTrue(e.getMessage().contains("4 and 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new CurvePlotData("Dice", "", MORF,
                new double[] {1, 0, Double.NaN, 0}, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN));
        assertTrue(e.getMessage().contains("lerfScores[2]"), e.getMessage());
    }
}

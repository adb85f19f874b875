package segshap.engine.figures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * MoRF / LeRF perturbation-curve plot of one value function, drawn with JFreeChart.
 *
 * <p>x = number of units masked (k = 0…K), y = value function; MoRF in red with circles, LeRF in blue
 * with squares (markers are left out above {@link #MAX_POINTS_WITH_MARKERS} points, where they would merge
 * into a band). The title names the value function; subtitles carry AOPC_MoRF, AOPC_LeRF and ABPC, the
 * normalised values when given, and the run label. A span-normalised curve ((v_k − v_K) / (v_0 − v_K)) is
 * not drawn: it is an affine rescaling of the same curve, so its shape adds nothing; its summary
 * (nAOPC, nABPC) is in the subtitle.
 *
 * <pre>{@code
 * CurvePlot.writePng(curves, outDir.resolve("curves_soft_dice.png"));
 * }</pre>
 */
public final class CurvePlot {
    static {
        // AWT must not look for a display on servers; respect an explicit choice by the caller
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    /** PNG width in pixels. */
    public static final int WIDTH_PX = 900;
    /** PNG height in pixels. */
    public static final int HEIGHT_PX = 600;
    /** Curves with more points than this are drawn as lines only. */
    public static final int MAX_POINTS_WITH_MARKERS = 100;
    /** Series key of the MoRF curve in {@link #createDataset}. */
    public static final String MORF_KEY = "MoRF (most relevant units first)";
    /** Series key of the LeRF curve in {@link #createDataset}. */
    public static final String LERF_KEY = "LeRF (least relevant units first)";

    private static final Color MORF_COLOUR = new Color(190, 20, 40);
    private static final Color LERF_COLOUR = new Color(40, 20, 190);

    private CurvePlot() {}

    /** The two series, MoRF first: (k, score) for k = 0…K. */
    public static XYSeriesCollection createDataset(CurvePlotData curves) {
        XYSeries morf = new XYSeries(MORF_KEY, false, false);
        XYSeries lerf = new XYSeries(LERF_KEY, false, false);
        double[] m = curves.morfScores();
        double[] l = curves.lerfScores();
        for (int k = 0; k < m.length; k++) {
            morf.add(k, m[k], false);
            lerf.add(k, l[k], false);
        }
        XYSeriesCollection dataset = new XYSeriesCollection();
        dataset.addSeries(morf);
        dataset.addSeries(lerf);
        return dataset;
    }

    /** The chart: two lines with markers, legend, axis labels, title with AOPC / ABPC. */
    public static JFreeChart createChart(CurvePlotData curves) {
        NumberAxis xAxis = new NumberAxis("units masked, k (in ranked order)");
        xAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        xAxis.setRange(-0.02 * Math.max(1, curves.steps()), curves.steps() * 1.02 + (curves.steps() == 0 ? 1 : 0));
        NumberAxis yAxis = new NumberAxis(curves.valueFunction() + " after masking");
        yAxis.setAutoRangeIncludesZero(false);

        boolean markers = curves.morfScores().length <= MAX_POINTS_WITH_MARKERS;
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, markers);
        Shape circle = new Ellipse2D.Double(-3.5, -3.5, 7, 7);
        Shape square = new Rectangle2D.Double(-3, -3, 6, 6);
        renderer.setSeriesPaint(0, MORF_COLOUR);
        renderer.setSeriesShape(0, circle);
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        renderer.setSeriesPaint(1, LERF_COLOUR);
        renderer.setSeriesShape(1, square);
        renderer.setSeriesStroke(1, new BasicStroke(2f));

        XYPlot plot = new XYPlot(createDataset(curves), xAxis, yAxis, renderer);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(210, 210, 210));
        plot.setRangeGridlinePaint(new Color(210, 210, 210));
        plot.setAxisOffset(new RectangleInsets(4, 4, 4, 4));

        JFreeChart chart = new JFreeChart(curves.valueFunction() + ": MoRF / LeRF perturbation curves",
                new Font(Font.SANS_SERIF, Font.BOLD, 18), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        Font subtitleFont = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
        chart.addSubtitle(new TextTitle("AOPC MoRF = " + Labels.sig3(curves.aopcMorf()) + "   ·   AOPC LeRF = "
                + Labels.sig3(curves.aopcLerf()) + "   ·   ABPC = " + Labels.sig3(curves.abpc()), subtitleFont));
        if (!Double.isNaN(curves.nAopcMorf()) || !Double.isNaN(curves.nAopcLerf()) || !Double.isNaN(curves.nAbpc())) {
            chart.addSubtitle(new TextTitle("nAOPC MoRF = " + Labels.sig3(curves.nAopcMorf()) + "   ·   nAOPC LeRF = "
                    + Labels.sig3(curves.nAopcLerf()) + "   ·   nABPC = " + Labels.sig3(curves.nAbpc()), subtitleFont));
        }
        if (!curves.runLabel().isEmpty()) {
            TextTitle run = new TextTitle(curves.runLabel(), new Font(Font.SANS_SERIF, Font.ITALIC, 13));
            run.setPaint(new Color(90, 90, 90));
            chart.addSubtitle(run);
        }
        return chart;
    }

    /**
     * Writes the chart as a {@link #WIDTH_PX} × {@link #HEIGHT_PX} PNG.
     *
     * @param curves the curves to plot
     * @param file   the PNG to write; its folder must exist
     * @throws IOException if the file cannot be written
     */
    public static void writePng(CurvePlotData curves, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            writePng(curves, out);
        }
    }

    /**
     * Writes the chart as a {@link #WIDTH_PX} × {@link #HEIGHT_PX} PNG into a stream the caller owns (flushed, left open).
     *
     * @throws IOException if {@code out} fails
     */
    public static void writePng(CurvePlotData curves, OutputStream out) throws IOException {
        ChartUtils.writeChartAsPNG(out, createChart(curves), WIDTH_PX, HEIGHT_PX);
        out.flush();
    }
}

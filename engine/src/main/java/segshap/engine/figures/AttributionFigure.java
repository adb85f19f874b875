package segshap.engine.figures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import segshap.kernels.tensor.FloatTensor;

/**
 * One PNG figure of an attribution map: axial, coronal and sagittal slices through the ROI centroid, the CT
 * in a soft-tissue window, φ as a diverging overlay and the ROI contour, with a colour bar and a title.
 *
 * <p>What is drawn, per panel: CT grey levels (window W 400 / L 40 HU, bilinear), φ / max|φ| through a
 * blue – white – red map whose opacity rises from 0 at φ = 0 ({@code max|φ|} over the whole volume, so the
 * three panels and other figures of the same map share the scale), optional unit boundaries (dark lines),
 * then the ROI contour (1-pixel yellow line on the inner edge of the ROI). φ, ROI and unit ids are sampled
 * nearest-neighbour so unit edges stay crisp. All panels share one scale in mm per pixel, so pixels are
 * square in millimetres. Orientation follows {@link PanelAxes}: radiological when the affine is given,
 * voxel-index directions otherwise. The figure is {@link #WIDTH_PX} × {@link #HEIGHT_PX} pixels.
 *
 * <p>Usage:
 * <pre>{@code
 * new AttributionFigure(ctHu, spacingZyxMm, phi, roiMask, "Soft Dice — organs units, exact, seed 0")
 *         .withVoxelToWorldRas(ct.affine())
 *         .writePng(outDir.resolve("phi_soft_dice.png"));
 * }</pre>
 * Rendering is deterministic (same inputs, same fonts → same bytes; PNGs carry no time stamp) and runs
 * headless ({@code java.awt.headless} is set to true unless the caller chose otherwise). A 60×192×192
 * volume renders in well under a second.
 *
 * @param ctHu            CT in Hounsfield units, shape (z, y, x), the file's voxel order (NIfTI array
 *                        transposed (2,1,0)); not mutated
 * @param spacingZyxMm    voxel size (z, y, x) in mm, each finite and &gt; 0
 * @param phi             attribution per voxel, shape (z, y, x) as ctHu, finite; 0 where no unit
 * @param roiMask         ROI, shape (z, y, x) as ctHu; nonzero = inside; at least one voxel inside
 * @param title           figure title, e.g. "Soft Dice — organs units, exact, seed 0"; not null
 * @param voxelToWorldRas 4×4 row-major affine from voxel (i, j, k) = tensor (x, y, z) to world RAS mm
 *                        (NIfTI / nibabel convention), or null: panels are then labelled by voxel axes
 * @param unitIds         unit id per voxel, shape (z, y, x) as ctHu, or null for no unit boundaries
 */
public record AttributionFigure(FloatTensor ctHu, double[] spacingZyxMm, FloatTensor phi, FloatTensor roiMask,
        String title, double[] voxelToWorldRas, FloatTensor unitIds) {

    static {
        // AWT must not look for a display on servers; respect an explicit choice by the caller
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    /** Soft-tissue window width in HU. */
    public static final float WINDOW_WIDTH_HU = 400f;
    /** Soft-tissue window level (centre) in HU. */
    public static final float WINDOW_LEVEL_HU = 40f;
    /** ROI contour colour, opaque yellow. */
    public static final Color CONTOUR_COLOUR = new Color(255, 255, 0);

    static final int CELL_PX = 480;
    static final int MARGIN_PX = 24;
    static final int GAP_PX = 20;
    static final int HEADER_PX = 70;
    static final int PANEL_TITLE_PX = 30;
    static final int COLOURBAR_REGION_PX = 132;
    static final int FOOTER_PX = 58;
    static final int CELL_TOP_PX = MARGIN_PX + HEADER_PX + PANEL_TITLE_PX;
    /** Figure width in pixels. */
    public static final int WIDTH_PX = MARGIN_PX + 3 * CELL_PX + 3 * GAP_PX + COLOURBAR_REGION_PX + MARGIN_PX;
    /** Figure height in pixels. */
    public static final int HEIGHT_PX = CELL_TOP_PX + CELL_PX + FOOTER_PX + MARGIN_PX / 2;

    private static final Color BACKGROUND = Color.BLACK;
    private static final Color TEXT = new Color(235, 235, 235);
    private static final Color DIM_TEXT = new Color(170, 170, 170);
    private static final Color FRAME = new Color(90, 90, 90);
    // unit boundaries keep 45 % of the pixel: visible on soft tissue and on the overlay, not dominant
    private static final float UNIT_BOUNDARY_KEEP = 0.45f;
    private static final int[] SCALE_BAR_MM = {10, 20, 50, 100, 200, 500};
    private static final int SCALE_BAR_MAX_PX = 150;

    public AttributionFigure {
        requireVolume("ctHu", ctHu);
        int[] shape = ctHu.shape();
        if (spacingZyxMm == null || spacingZyxMm.length != 3) {
            throw new IllegalArgumentException("spacingZyxMm must have 3 values (z, y, x) in mm, got "
                    + Arrays.toString(spacingZyxMm));
        }
        spacingZyxMm = spacingZyxMm.clone();
        for (double s : spacingZyxMm) {
            if (!(s > 0) || !Double.isFinite(s)) {
                throw new IllegalArgumentException("spacingZyxMm values must be finite and > 0, got "
                        + Arrays.toString(spacingZyxMm));
            }
        }
        requireSameGrid("phi", phi, shape);
        requireSameGrid("roiMask", roiMask, shape);
        if (unitIds != null) requireSameGrid("unitIds", unitIds, shape);
        if (title == null) throw new IllegalArgumentException("title must not be null (use \"\" for none)");
        float[] p = phi.data();
        for (int i = 0; i < p.length; i++) {
            if (!Float.isFinite(p[i])) {
                throw new IllegalArgumentException("phi has a non-finite value " + p[i] + " at (z, y, x) "
                        + Arrays.toString(zyxOf(i, shape)) + "; attribution maps must be finite");
            }
        }
        if (voxelToWorldRas != null) voxelToWorldRas = checkedAffine(voxelToWorldRas);
    }

    /** A figure without affine (voxel-axis labels) and without unit boundaries. */
    public AttributionFigure(FloatTensor ctHu, double[] spacingZyxMm, FloatTensor phi, FloatTensor roiMask, String title) {
        this(ctHu, spacingZyxMm, phi, roiMask, title, null, null);
    }

    /** This figure with radiological orientation and R/L/A/P/S/I labels from a voxel (i, j, k) → RAS affine. */
    public AttributionFigure withVoxelToWorldRas(double[] affine) {
        return new AttributionFigure(ctHu, spacingZyxMm, phi, roiMask, title, affine, unitIds);
    }

    /** This figure with boundaries between units drawn from a (z, y, x) unit id map. */
    public AttributionFigure withUnitBoundaries(FloatTensor ids) {
        return new AttributionFigure(ctHu, spacingZyxMm, phi, roiMask, title, voxelToWorldRas, ids);
    }

    /** Voxel size (z, y, x) in mm (a copy). */
    @Override
    public double[] spacingZyxMm() {
        return spacingZyxMm.clone();
    }

    /** The voxel → world RAS affine (a copy), or null. */
    @Override
    public double[] voxelToWorldRas() {
        return voxelToWorldRas == null ? null : voxelToWorldRas.clone();
    }

    /**
     * Writes the figure as PNG.
     *
     * @param file the PNG to write; its folder must exist
     * @return the rendered figure, for callers that want the panel geometry
     * @throws IOException if the file cannot be written
     */
    public RenderedFigure writePng(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            return writePng(out);
        }
    }

    /**
     * Writes the figure as PNG into a stream the caller owns (flushed, left open).
     *
     * @return the rendered figure, for callers that want the panel geometry
     * @throws IOException if {@code out} fails
     */
    public RenderedFigure writePng(OutputStream out) throws IOException {
        RenderedFigure figure = render();
        if (!ImageIO.write(figure.image(), "png", out)) {
            throw new IOException("no PNG writer available in this JDK's ImageIO");
        }
        out.flush();
        return figure;
    }

    /** Renders the figure into an RGB image of {@link #WIDTH_PX} × {@link #HEIGHT_PX}. */
    public RenderedFigure render() {
        int[] shape = ctHu.shape(); // (z, y, x)
        int[] centroid = roiCentroidZyx(roiMask);
        float phiMaxAbs = maxAbs(phi.data());
        List<PanelAxes> axesList = PanelAxes.radiological(voxelToWorldRas);

        double mmPerPixel = 0;
        for (PanelAxes a : axesList) {
            mmPerPixel = Math.max(mmPerPixel, shape[a.horizontalAxis()] * spacingZyxMm[a.horizontalAxis()] / CELL_PX);
            mmPerPixel = Math.max(mmPerPixel, shape[a.verticalAxis()] * spacingZyxMm[a.verticalAxis()] / CELL_PX);
        }
        List<SlicePanel> panels = new ArrayList<>(3);
        for (int p = 0; p < 3; p++) {
            PanelAxes a = axesList.get(p);
            int nh = shape[a.horizontalAxis()];
            int nv = shape[a.verticalAxis()];
            int w = clampPx(nh * spacingZyxMm[a.horizontalAxis()] / mmPerPixel);
            int h = clampPx(nv * spacingZyxMm[a.verticalAxis()] / mmPerPixel);
            int cellLeft = MARGIN_PX + p * (CELL_PX + GAP_PX);
            panels.add(new SlicePanel(a, centroid[a.fixedAxis()], nh, nv, cellLeft + (CELL_PX - w) / 2,
                    CELL_TOP_PX + (CELL_PX - h) / 2, w, h, mmPerPixel));
        }

        BufferedImage image = new BufferedImage(WIDTH_PX, HEIGHT_PX, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, WIDTH_PX, HEIGHT_PX);
            int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
            for (SlicePanel panel : panels) rasterPanel(pixels, panel, shape, phiMaxAbs);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            drawHeader(g, centroid, phiMaxAbs);
            for (SlicePanel panel : panels) drawPanelText(g, panel, shape);
            drawColourBar(g, phiMaxAbs);
            drawFooter(g, mmPerPixel);
        } finally {
            g.dispose();
        }
        return new RenderedFigure(image, panels, centroid, phiMaxAbs);
    }

    // ---------------------------------------------------------------- pixels

    /** Grey level 0…255 of a CT value in the soft-tissue window (linear, clamped). */
    static int windowGrey(float hu) {
        float lo = WINDOW_LEVEL_HU - WINDOW_WIDTH_HU / 2;
        float v = (hu - lo) / WINDOW_WIDTH_HU * 255f;
        return Math.round(Math.max(0f, Math.min(255f, v)));
    }

    private void rasterPanel(int[] pixels, SlicePanel panel, int[] shape, float phiMaxAbs) {
        PanelAxes a = panel.axes();
        int[] strides = {shape[1] * shape[2], shape[2], 1};
        int w = panel.widthPx();
        int h = panel.heightPx();
        int sh = strides[a.horizontalAxis()];
        int sv = strides[a.verticalAxis()];
        int base = panel.sliceIndex() * strides[a.fixedAxis()];
        // per column / row: nearest voxel, and the two voxels + weight of linear interpolation (as offsets)
        int[] hNear = new int[w], hLo = new int[w], hHi = new int[w];
        float[] hFrac = new float[w];
        sampling(panel.horizontalVoxels(), w, a.horizontalFlipped(), sh, hNear, hLo, hHi, hFrac);
        int[] vNear = new int[h], vLo = new int[h], vHi = new int[h];
        float[] vFrac = new float[h];
        sampling(panel.verticalVoxels(), h, a.verticalFlipped(), sv, vNear, vLo, vHi, vFrac);

        float[] ct = ctHu.data();
        float[] ph = phi.data();
        float[] roi = roiMask.data();
        float[] ids = unitIds == null ? null : unitIds.data();
        float invScale = phiMaxAbs > 0 ? 1f / phiMaxAbs : 0f;
        boolean[] inRoi = new boolean[w * h]; // (row, column) of the panel
        float[] unitOfPixel = ids == null ? null : new float[w * h];
        int[] rgb = new int[w * h];
        for (int r = 0; r < h; r++) {
            float fv = vFrac[r];
            int rowLo = base + vLo[r];
            int rowHi = base + vHi[r];
            int rowNear = base + vNear[r];
            for (int c = 0; c < w; c++) {
                float fh = hFrac[c];
                float top = (1 - fh) * ct[rowLo + hLo[c]] + fh * ct[rowLo + hHi[c]];
                float bottom = (1 - fh) * ct[rowHi + hLo[c]] + fh * ct[rowHi + hHi[c]];
                int near = rowNear + hNear[c];
                int k = r * w + c;
                rgb[k] = DivergingColourMap.blendOverGrey(windowGrey((1 - fv) * top + fv * bottom), ph[near] * invScale);
                inRoi[k] = roi[near] != 0f;
                if (unitOfPixel != null) unitOfPixel[k] = ids[near];
            }
        }
        for (int r = 0; r < h; r++) {
            int dst = (panel.yPx() + r) * WIDTH_PX + panel.xPx();
            for (int c = 0; c < w; c++) {
                int k = r * w + c;
                int out = rgb[k];
                if (unitOfPixel != null && isUnitBoundary(unitOfPixel, k, r, c, w, h)) out = darken(out);
                if (inRoi[k] && touchesOutside(inRoi, r, c, w, h)) out = CONTOUR_COLOUR.getRGB() & 0xffffff;
                pixels[dst + c] = out;
            }
        }
    }

    /**
     * Column (or row) → voxel offsets. Pixel p covers voxel-space [p·n/pixels, (p+1)·n/pixels); its centre
     * (p + 0.5)·n/pixels − 0.5 in voxel-centre coordinates is read nearest and linearly (clamped to the edge).
     */
    private static void sampling(int voxels, int pixels, boolean flipped, int stride, int[] near, int[] lo, int[] hi,
            float[] frac) {
        for (int p = 0; p < pixels; p++) {
            double u = (p + 0.5) * voxels / pixels;
            int n = Math.min(voxels - 1, (int) Math.floor(u));
            double centre = Math.max(0, Math.min(voxels - 1, u - 0.5));
            int d0 = Math.min(voxels - 1, (int) Math.floor(centre));
            int d1 = Math.min(voxels - 1, d0 + 1);
            near[p] = stride * (flipped ? voxels - 1 - n : n);
            lo[p] = stride * (flipped ? voxels - 1 - d0 : d0);
            hi[p] = stride * (flipped ? voxels - 1 - d1 : d1);
            frac[p] = (float) (centre - d0);
        }
    }

    private static boolean touchesOutside(boolean[] in, int r, int c, int w, int h) {
        int k = r * w + c;
        return c == 0 || c == w - 1 || r == 0 || r == h - 1 || !in[k - 1] || !in[k + 1] || !in[k - w] || !in[k + w];
    }

    private static boolean isUnitBoundary(float[] unit, int k, int r, int c, int w, int h) {
        return (c + 1 < w && unit[k] != unit[k + 1]) || (r + 1 < h && unit[k] != unit[k + w]);
    }

    private static int darken(int rgb) {
        int r = Math.round(((rgb >> 16) & 0xff) * UNIT_BOUNDARY_KEEP);
        int g = Math.round(((rgb >> 8) & 0xff) * UNIT_BOUNDARY_KEEP);
        int b = Math.round((rgb & 0xff) * UNIT_BOUNDARY_KEEP);
        return (r << 16) | (g << 8) | b;
    }

    // ---------------------------------------------------------------- text and decorations

    private void drawHeader(Graphics2D g, int[] centroid, float phiMaxAbs) {
        g.setColor(TEXT);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 22));
        g.drawString(title, MARGIN_PX, MARGIN_PX + 20);
        g.setColor(DIM_TEXT);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        String scale = phiMaxAbs > 0 ? "±" + Labels.sig3(phiMaxAbs) + " (max |φ| over the volume)" : "φ = 0 everywhere";
        g.drawString(String.format(Locale.ROOT,
                "Slices through the ROI centroid voxel (z, y, x) = (%d, %d, %d)  ·  CT soft-tissue window W %d / L %d HU"
                        + "  ·  φ colour scale %s", centroid[0], centroid[1], centroid[2],
                Math.round(WINDOW_WIDTH_HU), Math.round(WINDOW_LEVEL_HU), scale), MARGIN_PX, MARGIN_PX + 46);
    }

    private static void drawPanelText(Graphics2D g, SlicePanel panel, int[] shape) {
        PanelAxes a = panel.axes();
        int fixed = a.fixedAxis();
        String heading = a.plane().startsWith("Slice")
                ? a.plane() + " = " + panel.sliceIndex() + " of " + shape[fixed]
                : a.plane() + "  ·  " + PanelAxes.TENSOR_AXIS_NAMES[fixed] + " = " + panel.sliceIndex() + " of " + shape[fixed];
        int cellLeft = panel.xPx() + panel.widthPx() / 2 - CELL_PX / 2;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.setColor(TEXT);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(heading, cellLeft + (CELL_PX - fm.stringWidth(heading)) / 2, CELL_TOP_PX - 10);
        g.setColor(FRAME);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(panel.xPx() - 1, panel.yPx() - 1, panel.widthPx() + 1, panel.heightPx() + 1);

        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        fm = g.getFontMetrics();
        int midX = panel.xPx() + panel.widthPx() / 2;
        int midY = panel.yPx() + panel.heightPx() / 2 + fm.getAscent() / 2;
        outlinedText(g, a.leftLabel(), panel.xPx() + 4, midY);
        outlinedText(g, a.rightLabel(), panel.xPx() + panel.widthPx() - 4 - fm.stringWidth(a.rightLabel()), midY);
        outlinedText(g, a.topLabel(), midX - fm.stringWidth(a.topLabel()) / 2, panel.yPx() + 3 + fm.getAscent());
        outlinedText(g, a.bottomLabel(), midX - fm.stringWidth(a.bottomLabel()) / 2,
                panel.yPx() + panel.heightPx() - 4 - fm.getDescent());
    }

    /** White text with a black rim, readable on any CT grey or overlay colour. */
    private static void outlinedText(Graphics2D g, String s, int x, int y) {
        g.setColor(Color.BLACK);
        for (int dx = -1; dx <= 1; dx++) {
            for (int dy = -1; dy <= 1; dy++) {
                if (dx != 0 || dy != 0) g.drawString(s, x + dx, y + dy);
            }
        }
        g.setColor(Color.WHITE);
        g.drawString(s, x, y);
    }

    private static void drawColourBar(Graphics2D g, float phiMaxAbs) {
        int barX = MARGIN_PX + 3 * CELL_PX + 3 * GAP_PX + 6;
        int barW = 22;
        int barTop = CELL_TOP_PX + 40;
        int barH = CELL_PX - 130;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.setColor(TEXT);
        g.drawString("φ", barX, barTop - 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(DIM_TEXT);
        g.drawString("Shapley value", barX, barTop - 14);
        // the bar shows the overlay as it looks over soft tissue at the window level
        int levelGrey = windowGrey(WINDOW_LEVEL_HU);
        for (int r = 0; r < barH; r++) {
            float t = 1f - 2f * (r + 0.5f) / barH;
            g.setColor(new Color(DivergingColourMap.blendOverGrey(levelGrey, t)));
            g.fillRect(barX, barTop + r, barW, 1);
        }
        g.setColor(FRAME);
        g.drawRect(barX - 1, barTop - 1, barW + 1, barH + 1);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        FontMetrics fm = g.getFontMetrics();
        float[] ticks = phiMaxAbs > 0 ? new float[] {1f, 0.5f, 0f, -0.5f, -1f} : new float[] {0f};
        for (float t : ticks) {
            int y = barTop + Math.round((1f - t) / 2f * (barH - 1));
            g.setColor(TEXT);
            g.drawLine(barX + barW, y, barX + barW + 5, y);
            g.drawString(Labels.sig3(t * phiMaxAbs), barX + barW + 8, y + fm.getAscent() / 2 - 1);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(DIM_TEXT);
        int y = barTop + barH + 22;
        g.drawString("red: raises the score", barX - 4, y);
        g.drawString("blue: lowers it", barX - 4, y + 16);
        g.drawString("clear: φ ≈ 0", barX - 4, y + 32);
    }

    private void drawFooter(Graphics2D g, double mmPerPixel) {
        int y = CELL_TOP_PX + CELL_PX + 24;
        int x = MARGIN_PX;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        FontMetrics fm = g.getFontMetrics();
        g.setStroke(new BasicStroke(2f));
        g.setColor(CONTOUR_COLOUR);
        g.drawLine(x, y - 5, x + 28, y - 5);
        g.setColor(TEXT);
        g.drawString("ROI contour", x + 36, y);
        x += 36 + fm.stringWidth("ROI contour") + 28;
        if (unitIds != null) {
            g.setColor(new Color(60, 60, 60));
            g.fillRect(x, y - 12, 28, 12);
            g.setColor(new Color(15, 15, 15));
            g.drawLine(x + 14, y - 12, x + 14, y);
            g.setColor(TEXT);
            g.drawString("unit boundaries", x + 36, y);
            x += 36 + fm.stringWidth("unit boundaries") + 28;
        }
        int barMm = SCALE_BAR_MM[0];
        for (int mm : SCALE_BAR_MM) {
            if (mm / mmPerPixel <= SCALE_BAR_MAX_PX) barMm = mm;
        }
        int barPx = (int) Math.round(barMm / mmPerPixel);
        g.setColor(TEXT);
        g.drawLine(x, y - 5, x + barPx, y - 5);
        g.drawLine(x, y - 10, x, y);
        g.drawLine(x + barPx, y - 10, x + barPx, y);
        g.drawString(barMm + " mm", x + barPx + 8, y);
        x += barPx + 8 + fm.stringWidth(barMm + " mm") + 28;
        g.setColor(DIM_TEXT);
        g.drawString(String.format(Locale.ROOT, "square pixels in mm (spacing z, y, x = %s, %s, %s mm)",
                Labels.sig3(spacingZyxMm[0]), Labels.sig3(spacingZyxMm[1]), Labels.sig3(spacingZyxMm[2])), x, y);
        String orientation = voxelToWorldRas != null
                ? "Radiological view: patient's right on image left (axial, coronal), anterior on image left (sagittal);"
                        + " R/L/A/P/S/I from the image affine."
                : "No affine given: edges show voxel-index directions (+x = increasing x); patient sides are not known.";
        g.drawString(orientation, MARGIN_PX, y + 24);
    }

    // ---------------------------------------------------------------- checks and small helpers

    static int[] roiCentroidZyx(FloatTensor roi) {
        int[] shape = roi.shape();
        float[] m = roi.data();
        long count = 0;
        double sz = 0, sy = 0, sx = 0;
        int i = 0;
        for (int z = 0; z < shape[0]; z++) {
            for (int y = 0; y < shape[1]; y++) {
                for (int x = 0; x < shape[2]; x++, i++) {
                    if (m[i] != 0f) {
                        count++;
                        sz += z;
                        sy += y;
                        sx += x;
                    }
                }
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException("roiMask has no nonzero voxel (shape zyx " + Arrays.toString(shape)
                    + "); the figure's slices go through the ROI centroid, so pass the ROI the attribution was computed for");
        }
        // mean voxel index, rounded half up to a voxel
        return new int[] {(int) Math.round(sz / count), (int) Math.round(sy / count), (int) Math.round(sx / count)};
    }

    private static float maxAbs(float[] v) {
        float m = 0f;
        for (float f : v) m = Math.max(m, Math.abs(f));
        return m;
    }

    private static int clampPx(double px) {
        return (int) Math.max(1, Math.min(CELL_PX, Math.round(px)));
    }

    private static void requireVolume(String name, FloatTensor t) {
        if (t == null) throw new IllegalArgumentException(name + " must not be null");
        if (t.rank() != 3 || t.dim(0) < 1 || t.dim(1) < 1 || t.dim(2) < 1) {
            throw new IllegalArgumentException(name + " must be a (z, y, x) volume with every extent >= 1, got shape "
                    + Arrays.toString(t.shape()));
        }
    }

    private static void requireSameGrid(String name, FloatTensor t, int[] shape) {
        if (t == null) throw new IllegalArgumentException(name + " must not be null");
        if (!Arrays.equals(t.shape(), shape)) {
            throw new IllegalArgumentException(name + " is not on the CT grid: shape zyx " + Arrays.toString(t.shape())
                    + " vs " + Arrays.toString(shape) + " (ctHu); resample it to the CT grid (nearest neighbour) first");
        }
    }

    private static double[] checkedAffine(double[] a) {
        if (a.length != 16) {
            throw new IllegalArgumentException("voxelToWorldRas must have 16 values (4×4 row-major), got " + a.length);
        }
        for (double v : a) {
            if (!Double.isFinite(v)) throw new IllegalArgumentException("voxelToWorldRas has a non-finite value: " + Arrays.toString(a));
        }
        double det = a[0] * (a[5] * a[10] - a[6] * a[9]) - a[1] * (a[4] * a[10] - a[6] * a[8])
                + a[2] * (a[4] * a[9] - a[5] * a[8]);
        if (det == 0) {
            throw new IllegalArgumentException("voxelToWorldRas is singular (3×3 determinant 0): " + Arrays.toString(a));
        }
        return a.clone();
    }

    private static int[] zyxOf(int flat, int[] shape) {
        return new int[] {flat / (shape[1] * shape[2]), flat / shape[2] % shape[1], flat % shape[2]};
    }
}

package segshap.engine.demo;

import segshap.engine.units.TotalSegmentatorLabels;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import segshap.kernels.tensor.FloatTensor;

/**
 * Draws synthetic torso CTs for the built-in demo: deterministic per seed, any grid.
 *
 * <p>Each phantom is a torso from the lower chest to the pelvis (the whole trunk on tall grids) with body
 * outline, subcutaneous and visceral fat, muscle, lungs (five lobes), heart, liver with vessels, gallbladder,
 * spleen, kidneys, stomach, small bowel, colon, aorta, inferior vena cava, iliac vessels, vertebrae C1–L5,
 * sacrum, ribs 1–12, sternum, spinal cord, psoas and back muscles, and 8–16 lymph nodes (9–18 mm short axis)
 * in chains next to the aorta, the vena cava and the iliac arteries (about 7–10 of them inside the DEMO grid). Sizes, positions and intensities vary with the seed;
 * the spleen enhances like the liver (0–12 HU brighter), so telling them apart needs position and shape.
 *
 * <p>All transcendental functions go through {@link StrictMath}, so a seed gives the same bits on every
 * platform, not only on one machine.
 *
 * <p>How a volume is made: every slice is drawn three times at heights −⅓, 0, +⅓ of the slice thickness and
 * averaged (partial volume across the thick axis; labels come from the middle draw), then Gaussian noise is
 * added and each slice is blurred in-plane with a 1 mm Gaussian (scanner point-spread function), which also
 * gives the noise its fine texture. The final noise is 8–16 HU depending on the seed.
 *
 * <pre>
 * Phantom p = PhantomGenerator.generate(42, PhantomGrid.DEMO);   // 60×192×192, well under a second
 * </pre>
 */
public final class PhantomGenerator {
    private static final int SUBSLICES = 3;
    private static final double PSF_SIGMA_MM = 1.0;

    private PhantomGenerator() {}

    /**
     * Draws the phantom of a seed on a grid. The same seed gives bit-identical volumes on every run and every
     * machine (slices are drawn in parallel, each from its own pre-split random stream).
     *
     * @param seed any value; different seeds give different anatomy, intensities and noise
     * @param grid the voxel grid, e.g. {@link PhantomGrid#DEMO} or {@link PhantomGrid#PAPER} (the latter needs
     *     about 1 GB of heap)
     */
    public static Phantom generate(long seed, PhantomGrid grid) {
        Anatomy anatomy = Anatomy.of(seed);
        int[] shape = grid.shapeZyx();
        int nz = shape[0], ny = shape[1], nx = shape[2];
        int plane = ny * nx;
        float[] ct = new float[grid.voxelCount()]; // (z, y, x)
        float[] organs = new float[ct.length]; // (z, y, x)
        float[] truth = new float[ct.length]; // (z, y, x)
        SplittableRandom noiseRoot = new SplittableRandom(anatomy.noiseSeed);
        SplittableRandom[] sliceNoise = new SplittableRandom[nz];
        for (int z = 0; z < nz; z++) sliceNoise[z] = noiseRoot.split();
        double[] spacing = grid.spacingZyxMm();
        float[] kernelY = gaussianKernel(PSF_SIGMA_MM / spacing[1]);
        float[] kernelX = gaussianKernel(PSF_SIGMA_MM / spacing[2]);
        // White noise of std s leaves the separable blur with std s·‖k_y‖·‖k_x‖; pre-scale to hit the target.
        double noiseGain = Math.sqrt(sumOfSquares(kernelY) * sumOfSquares(kernelX));
        float preBlurSigma = (float) (anatomy.noiseSigmaHu / noiseGain);
        List<Anatomy.Solid> solids = anatomy.solids;
        IntStream.range(0, nz).parallel().forEach(z -> {
            SliceCanvas canvas = new SliceCanvas(plane);
            for (int s = 0; s < SUBSLICES; s++) {
                double w = grid.wOfZ(z) + (s - (SUBSLICES - 1) / 2.0) * spacing[0] / SUBSLICES;
                canvas.clear();
                for (Anatomy.Solid solid : solids) drawSolid(solid, w, grid, canvas);
                for (int i = 0; i < plane; i++) canvas.sumHu[i] += canvas.hu[i];
                if (s == SUBSLICES / 2) {
                    for (int i = 0; i < plane; i++) {
                        organs[z * plane + i] = canvas.label[i];
                        truth[z * plane + i] = canvas.label[i] == TotalSegmentatorLabels.SPLEEN.id() ? Phantom.GT_SPLEEN
                                : canvas.isNode[i] ? Phantom.GT_LYMPH_NODES : 0;
                    }
                }
            }
            SplittableRandom noise = sliceNoise[z];
            float[] slice = canvas.sumHu;
            for (int i = 0; i < plane; i++) slice[i] = slice[i] / SUBSLICES + preBlurSigma * (float) gaussian(noise);
            blurRows(slice, canvas.hu, ny, nx, kernelX);
            blurColumns(canvas.hu, slice, ny, nx, kernelY);
            System.arraycopy(slice, 0, ct, z * plane, plane);
        });
        return new Phantom(new FloatTensor(shape, ct), new FloatTensor(shape, organs), new FloatTensor(shape, truth),
                spacing, grid.affineVoxelToRasMm());
    }

    /** Per-slice buffers, owned by the thread drawing that slice. */
    private static final class SliceCanvas {
        final float[] hu; // (y, x) current sub-slice
        final short[] label; // (y, x)
        final boolean[] isNode; // (y, x)
        final float[] sumHu; // (y, x) sum over sub-slices
        final double[] bounds = new double[4];

        SliceCanvas(int plane) {
            hu = new float[plane];
            label = new short[plane];
            isNode = new boolean[plane];
            sumHu = new float[plane];
        }

        void clear() {
            java.util.Arrays.fill(hu, Anatomy.AIR_HU);
            java.util.Arrays.fill(label, (short) 0);
            java.util.Arrays.fill(isNode, false);
        }
    }

    private static void drawSolid(Anatomy.Solid solid, double w, PhantomGrid grid, SliceCanvas c) {
        Shape shape = solid.shape();
        if (w < shape.wMin() || w > shape.wMax()) return;
        shape.boundsUv(w, c.bounds);
        int[] shape3 = grid.shapeZyx();
        int ny = shape3[1], nx = shape3[2];
        double[] spacing = grid.spacingZyxMm();
        double u0 = grid.uOfX(0), v0 = grid.vOfY(0);
        int x0 = (int) Math.max(0, Math.ceil((c.bounds[0] - u0) / spacing[2]));
        int x1 = (int) Math.min(nx - 1, Math.floor((c.bounds[1] - u0) / spacing[2]));
        int y0 = (int) Math.max(0, Math.ceil((c.bounds[2] - v0) / spacing[1]));
        int y1 = (int) Math.min(ny - 1, Math.floor((c.bounds[3] - v0) / spacing[1]));
        boolean[] onlyOver = solid.onlyOverLabels();
        int label = solid.label();
        float hu = solid.hu();
        for (int y = y0; y <= y1; y++) {
            double v = v0 + y * spacing[1];
            int row = y * nx;
            for (int x = x0; x <= x1; x++) {
                int i = row + x;
                if (onlyOver != null && !onlyOver[c.label[i]]) continue;
                if (!shape.contains(u0 + x * spacing[2], v, w)) continue;
                c.hu[i] = hu;
                if (label != Anatomy.KEEP_LABEL) c.label[i] = (short) label;
                if (solid.isLymphNode()) c.isNode[i] = true;
            }
        }
    }

    /**
     * A standard normal draw by Marsaglia's polar method. Written out with StrictMath (instead of the JDK's
     * nextGaussian, whose tail uses Math) so the noise is bit-identical on every JVM and CPU.
     */
    static double gaussian(SplittableRandom r) {
        double a, b, s;
        do {
            a = 2 * r.nextDouble() - 1;
            b = 2 * r.nextDouble() - 1;
            s = a * a + b * b;
        } while (s >= 1 || s == 0);
        return a * StrictMath.sqrt(-2 * StrictMath.log(s) / s);
    }

    /** Normalised Gaussian taps for sigma in voxels, radius ⌈3σ⌉ (at least 1). */
    static float[] gaussianKernel(double sigmaVoxels) {
        int r = Math.max(1, (int) Math.ceil(3 * sigmaVoxels));
        float[] k = new float[2 * r + 1];
        double sum = 0;
        for (int t = -r; t <= r; t++) sum += StrictMath.exp(-0.5 * t * t / (sigmaVoxels * sigmaVoxels));
        for (int t = -r; t <= r; t++) k[t + r] = (float) (StrictMath.exp(-0.5 * t * t / (sigmaVoxels * sigmaVoxels)) / sum);
        return k;
    }

    private static double sumOfSquares(float[] k) {
        double s = 0;
        for (float f : k) s += (double) f * f;
        return s;
    }

    /** out = in convolved along x (edges replicated). */
    private static void blurRows(float[] in, float[] out, int ny, int nx, float[] k) {
        int r = k.length / 2;
        for (int y = 0; y < ny; y++) {
            int row = y * nx;
            for (int x = 0; x < nx; x++) {
                float acc = 0;
                for (int t = -r; t <= r; t++) acc += k[t + r] * in[row + Math.min(nx - 1, Math.max(0, x + t))];
                out[row + x] = acc;
            }
        }
    }

    /** out = in convolved along y (edges replicated). */
    private static void blurColumns(float[] in, float[] out, int ny, int nx, float[] k) {
        int r = k.length / 2;
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                float acc = 0;
                for (int t = -r; t <= r; t++) acc += k[t + r] * in[Math.min(ny - 1, Math.max(0, y + t)) * nx + x];
                out[y * nx + x] = acc;
            }
        }
    }
}

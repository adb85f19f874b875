package segshap.kernels.preprocess;

import java.util.Arrays;
import java.util.stream.IntStream;
import segshap.kernels.InputException;
import segshap.kernels.plans.ResamplingSpec;
import segshap.kernels.tensor.Float16;
import segshap.kernels.tensor.FloatTensor;

/**
 * nnU-Net's default resampling ({@code default_resampling.py}): {@code compute_new_shape},
 * {@code determine_do_sep_z_and_axis} and {@code resample_data_or_seg_to_shape}, reproduced to the bit.
 *
 * <p>Images are resized with scikit-image's {@code resize(x, new_shape, order, mode='edge', anti_aliasing=False)},
 * i.e. scipy's grid-mode zoom followed by clipping to the input's {@code [min, max]} (see {@link SplineInterpolation}).
 * If one spacing is more than 3× the smallest ("anisotropic"), nnU-Net resizes every slice orthogonal to that
 * thick axis in-plane, then moves along the thick axis with {@code order_z} (0 = nearest, ties rounding up).
 * Computation is in double; results are stored as float32 or, for nnU-Net's float16 logits at export, float16.
 *
 * <p>Example: a 7×9×11 CT at spacing (5.0, 1.17, 1.17) mm resampled to (2, 2, 2) mm gets the shape
 * {@code round(2.5·7)=18} (half to even), {@code round(0.585·9)=5}, {@code round(0.585·11)=6}; z is the thick
 * axis (5/1.17 = 4.3 > 3), so each of the 7 slices is resized to 5×6 with cubic splines, then the 7 slices are
 * stretched to 18 by nearest neighbour (source slices 0,0,0,1,1,2,…).
 */
public final class Resampling {
    /** The function nnU-Net uses by default for data, segmentations and probabilities. */
    public static final String RESAMPLE_TO_SHAPE = "resample_data_or_seg_to_shape";
    /** nnU-Net's identity "resampling" (returns the data unchanged). */
    public static final String NO_RESAMPLING = "no_resampling_hack";
    /** nnU-Net's {@code ANISO_THRESHOLD}: max/min spacing above this means anisotropic. */
    public static final double ANISOTROPY_THRESHOLD = 3.0;

    private Resampling() {}

    /** How results are stored: nnU-Net keeps the input dtype (float32 images, float16 logits at export). */
    public enum Storage {
        /** round the double result to float32 */
        FLOAT32,
        /** round the double result straight to IEEE binary16 (ties to even), kept as float32 values */
        FLOAT16
    }

    /**
     * The outcome of nnU-Net's {@code determine_do_sep_z_and_axis}.
     *
     * @param doSeparateZ whether to resample in-plane first, then along {@code axis}
     * @param axis        the thick axis 0..2 when {@code doSeparateZ}, else −1
     */
    public record SeparateZ(boolean doSeparateZ, int axis) {
        public SeparateZ {
            if (doSeparateZ ? axis < 0 || axis > 2 : axis != -1) {
                throw new IllegalArgumentException("separate-z " + doSeparateZ + " with axis " + axis);
            }
        }

        /** Separate-z off. */
        public static final SeparateZ OFF = new SeparateZ(false, -1);
    }

    /**
     * nnU-Net's {@code compute_new_shape}: {@code int(round(oldSpacing / newSpacing · oldShape))} per axis in
     * float64, rounding half to even (17.5 → 18, 12.5 → 12).
     */
    public static int[] computeNewShape(int[] oldShapeZyx, double[] oldSpacingZyxMm, double[] newSpacingZyxMm) {
        if (oldShapeZyx.length != oldSpacingZyxMm.length || oldShapeZyx.length != newSpacingZyxMm.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(oldShapeZyx) + ", old spacing "
                    + Arrays.toString(oldSpacingZyxMm) + " and new spacing " + Arrays.toString(newSpacingZyxMm)
                    + " must have the same length");
        }
        int[] out = new int[oldShapeZyx.length];
        for (int d = 0; d < out.length; d++) {
            out[d] = (int) Math.rint(oldSpacingZyxMm[d] / newSpacingZyxMm[d] * oldShapeZyx[d]);
        }
        return out;
    }

    /**
     * nnU-Net's {@code determine_do_sep_z_and_axis}.
     *
     * <p>Forced on: the thick axis comes from {@code currentSpacing}. Automatic: anisotropic current spacing
     * gives the axis, else anisotropic new spacing, else off. Anisotropic means max/min &gt; 3 (strictly); the
     * thick axes are those with {@code max / s == 1}; if two or three axes tie, separate-z is off.
     *
     * @param forceSeparateZ {@code null} = automatic, else forced on/off
     */
    public static SeparateZ determineDoSeparateZAndAxis(Boolean forceSeparateZ, double[] currentSpacingZyxMm,
                                                        double[] newSpacingZyxMm) {
        int[] axes;
        if (forceSeparateZ != null) {
            if (!forceSeparateZ) return SeparateZ.OFF;
            axes = lowResAxes(currentSpacingZyxMm);
        } else if (isAnisotropic(currentSpacingZyxMm)) {
            axes = lowResAxes(currentSpacingZyxMm);
        } else if (isAnisotropic(newSpacingZyxMm)) {
            axes = lowResAxes(newSpacingZyxMm);
        } else {
            return SeparateZ.OFF;
        }
        return axes.length == 1 ? new SeparateZ(true, axes[0]) : SeparateZ.OFF;
    }

    private static boolean isAnisotropic(double[] spacing) {
        double max = Arrays.stream(spacing).max().orElseThrow();
        double min = Arrays.stream(spacing).min().orElseThrow();
        return max / min > ANISOTROPY_THRESHOLD;
    }

    private static int[] lowResAxes(double[] spacing) {
        double max = Arrays.stream(spacing).max().orElseThrow();
        return IntStream.range(0, spacing.length).filter(d -> max / spacing[d] == 1.0).toArray();
    }

    /**
     * Checks that nnU-Net's resampling settings are ones this class implements.
     *
     * @param field where the spec came from, e.g. {@code plans.json configurations.3d_fullres.resampling_fn_data}
     * @throws InputException naming {@code field} for an unknown function or an order other than 0, 1, 3
     */
    public static void checkSupported(ResamplingSpec spec, String field) {
        if (spec == null) throw new InputException(field + " is missing; expected e.g. '" + RESAMPLE_TO_SHAPE + "'");
        String fn = spec.function();
        if (!RESAMPLE_TO_SHAPE.equals(fn) && !NO_RESAMPLING.equals(fn)) {
            throw new InputException(field + ": unsupported resampling function '" + fn + "'; supported: "
                    + RESAMPLE_TO_SHAPE + ", " + NO_RESAMPLING
                    + " (the torch-based resample_torch_* functions are not supported; re-plan with the default planner)");
        }
        if (!isSupportedOrder(spec.order())) {
            throw new InputException(field + "_kwargs.order is " + spec.order() + "; supported spline orders are 0, 1 and 3");
        }
        if (!isSupportedOrder(spec.orderZ())) {
            throw new InputException(field + "_kwargs.order_z is " + spec.orderZ() + "; supported spline orders are 0, 1 and 3");
        }
    }

    private static boolean isSupportedOrder(int order) {
        return order == 0 || order == 1 || order == 3;
    }

    /**
     * Applies a plans resampling function: {@code resample_data_or_seg_to_shape}, or {@code no_resampling_hack}
     * (returns {@code dataCzyx} unchanged).
     *
     * @throws InputException if the spec is not supported (see {@link #checkSupported})
     */
    public static FloatTensor resample(FloatTensor dataCzyx, int[] newShapeZyx, double[] currentSpacingZyxMm,
                                       double[] newSpacingZyxMm, ResamplingSpec spec, Storage storage) {
        checkSupported(spec, "resampling_fn");
        if (NO_RESAMPLING.equals(spec.function())) return dataCzyx;
        return resampleDataOrSegToShape(dataCzyx, newShapeZyx, currentSpacingZyxMm, newSpacingZyxMm, spec.isSeg(),
                spec.order(), spec.orderZ(), spec.forceSeparateZ(), storage);
    }

    /**
     * nnU-Net's {@code resample_data_or_seg_to_shape}: decides separate-z from the spacings, then
     * {@link #resampleDataOrSeg}. If the spatial shape already equals {@code newShapeZyx}, returns
     * {@code dataCzyx} itself (no copy, no rounding), as nnU-Net does.
     *
     * @param dataCzyx            {@code (c, z, y, x)} data
     * @param newShapeZyx         target spatial shape, each ≥ 1
     * @param currentSpacingZyxMm spacing of {@code dataCzyx}
     * @param newSpacingZyxMm     spacing of the result (decides separate-z only; the shape is given)
     * @param isSeg               label maps: nearest (order 0) or one-hot per label (order &gt; 0)
     * @param order               spline order in-plane / in 3D: 0, 1 or 3
     * @param orderZ              spline order along the thick axis: 0, 1 or 3
     * @param forceSeparateZ      {@code null} = automatic
     */
    public static FloatTensor resampleDataOrSegToShape(FloatTensor dataCzyx, int[] newShapeZyx,
                                                       double[] currentSpacingZyxMm, double[] newSpacingZyxMm,
                                                       boolean isSeg, int order, int orderZ, Boolean forceSeparateZ,
                                                       Storage storage) {
        SeparateZ sep = determineDoSeparateZAndAxis(forceSeparateZ, currentSpacingZyxMm, newSpacingZyxMm);
        return resampleDataOrSeg(dataCzyx, newShapeZyx, isSeg, sep, order, orderZ, storage);
    }

    /**
     * nnU-Net's {@code resample_data_or_seg} with the separate-z decision already made. Channels are resampled
     * independently; work is spread over threads, and the result does not depend on how many.
     */
    public static FloatTensor resampleDataOrSeg(FloatTensor dataCzyx, int[] newShapeZyx, boolean isSeg,
                                                SeparateZ separateZ, int order, int orderZ, Storage storage) {
        int[] s = dataCzyx.shape();
        if (s.length != 4) throw new IllegalArgumentException("expected (c, z, y, x) data, got " + Arrays.toString(s));
        if (newShapeZyx.length != 3 || newShapeZyx[0] < 1 || newShapeZyx[1] < 1 || newShapeZyx[2] < 1) {
            throw new IllegalArgumentException("new shape must be 3 extents ≥ 1, got " + Arrays.toString(newShapeZyx));
        }
        if (!isSupportedOrder(order) || !isSupportedOrder(orderZ)) {
            throw new IllegalArgumentException("spline orders must be 0, 1 or 3, got order " + order + ", order_z " + orderZ);
        }
        int[] shape = {s[1], s[2], s[3]};
        if (Arrays.equals(shape, newShapeZyx)) return dataCzyx;
        if (s[1] < 1 || s[2] < 1 || s[3] < 1) {
            throw new IllegalArgumentException("cannot resample an empty volume of shape " + Arrays.toString(s));
        }
        int channels = s[0];
        int volumeIn = shape[0] * shape[1] * shape[2];
        int volumeOut = newShapeZyx[0] * newShapeZyx[1] * newShapeZyx[2];
        float[] src = dataCzyx.data();
        float[] dst = new float[channels * volumeOut];
        for (int c = 0; c < channels; c++) {
            double[] channel = new double[volumeIn];
            for (int i = 0; i < volumeIn; i++) channel[i] = src[c * volumeIn + i];
            double[] result = separateZ.doSeparateZ()
                    ? resampleSeparateZ(channel, shape, newShapeZyx, isSeg, separateZ.axis(), order, orderZ)
                    : (isSeg ? resizeSegmentation(channel, shape, newShapeZyx, order, true)
                             : resize(channel, shape, newShapeZyx, order, true));
            store(result, dst, c * volumeOut, storage);
        }
        return new FloatTensor(new int[] {channels, newShapeZyx[0], newShapeZyx[1], newShapeZyx[2]}, dst);
    }

    /**
     * scikit-image {@code resize(image, newShape, order, mode='edge', anti_aliasing=False)} on a 2D or 3D double
     * array: grid-mode zoom, then clipping to the input's [min, max] (NaN ignored for the bounds).
     */
    public static double[] resize(double[] image, int[] shape, int[] newShape, int order) {
        return resize(image, shape, newShape, order, true);
    }

    static double[] resize(double[] image, int[] shape, int[] newShape, int order, boolean parallel) {
        double[] out = SplineInterpolation.zoom(image, shape, newShape, order, parallel);
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : image) {
            if (v < lo) lo = v;
            if (v > hi) hi = v;
        }
        for (int i = 0; i < out.length; i++) out[i] = Math.min(Math.max(out[i], lo), hi);
        return out;
    }

    // batchgenerators resize_segmentation: order 0 resizes the labels themselves; otherwise one-hot per label
    // (ascending), each resized and thresholded at ≥ 0.5, later labels overwriting earlier ones, zeros elsewhere
    static double[] resizeSegmentation(double[] seg, int[] shape, int[] newShape, int order, boolean parallel) {
        if (order == 0) return resize(seg, shape, newShape, 0, parallel);
        double[] out = new double[product(newShape)];
        for (double label : sortedUniqueValues(seg)) {
            double[] oneHot = new double[seg.length];
            for (int i = 0; i < seg.length; i++) oneHot[i] = seg[i] == label ? 1.0 : 0.0;
            double[] resized = resize(oneHot, shape, newShape, order, parallel);
            for (int i = 0; i < out.length; i++) if (resized[i] >= 0.5) out[i] = label;
        }
        return out;
    }

    private static double[] resampleSeparateZ(double[] channel, int[] shape, int[] newShape, boolean isSeg, int axis,
                                              int order, int orderZ) {
        int[] inPlane = dropAxis(shape, axis);
        int[] inPlaneNew = dropAxis(newShape, axis);
        int[] stackShape = newShape.clone();
        stackShape[axis] = shape[axis];
        double[] stack = new double[product(stackShape)];
        Parallel.forEach(shape[axis], slice -> {
            double[] plane = copySlice(channel, shape, axis, slice);
            double[] resized = isSeg ? resizeSegmentation(plane, inPlane, inPlaneNew, order, false)
                                     : resize(plane, inPlane, inPlaneNew, order, false);
            writeSlice(resized, stack, stackShape, axis, slice);
        });
        if (shape[axis] == newShape[axis]) return stack;
        // along the thick axis: map_coordinates(order_z, mode nearest) at scale·(o + 0.5) − 0.5, scale 1 in-plane
        if (!isSeg || orderZ == 0) return SplineInterpolation.zoom(stack, stackShape, newShape, orderZ, true);
        double[] out = new double[product(newShape)];
        for (double label : sortedUniqueValues(stack)) {
            double[] oneHot = new double[stack.length];
            for (int i = 0; i < stack.length; i++) oneHot[i] = stack[i] == label ? 1.0 : 0.0;
            double[] moved = SplineInterpolation.zoom(oneHot, stackShape, newShape, orderZ, true);
            for (int i = 0; i < out.length; i++) if (Math.rint(moved[i]) > 0.5) out[i] = label;
        }
        return out;
    }

    private static double[] copySlice(double[] v, int[] shape, int axis, int slice) {
        int[] index = sliceIndices(shape, axis, slice);
        double[] out = new double[index.length];
        for (int o = 0; o < index.length; o++) out[o] = v[index[o]];
        return out;
    }

    private static void writeSlice(double[] plane2d, double[] v, int[] shape, int axis, int slice) {
        int[] index = sliceIndices(shape, axis, slice);
        for (int o = 0; o < index.length; o++) v[index[o]] = plane2d[o];
    }

    /** Flat indices into a (z, y, x) volume of the 2D slice {@code slice} orthogonal to {@code axis}, in C order. */
    private static int[] sliceIndices(int[] shape, int axis, int slice) {
        int ny = shape[1], nx = shape[2];
        int[] plane = dropAxis(shape, axis);
        int[] index = new int[plane[0] * plane[1]];
        int o = 0;
        for (int a = 0; a < plane[0]; a++) {
            for (int b = 0; b < plane[1]; b++) {
                int z = axis == 0 ? slice : a;
                int y = axis == 1 ? slice : (axis == 0 ? a : b);
                int x = axis == 2 ? slice : b;
                index[o++] = (z * ny + y) * nx + x;
            }
        }
        return index;
    }

    private static void store(double[] result, float[] dst, int offset, Storage storage) {
        if (storage == Storage.FLOAT16) {
            for (int i = 0; i < result.length; i++) dst[offset + i] = Float16.roundDouble(result[i]);
        } else {
            for (int i = 0; i < result.length; i++) dst[offset + i] = (float) result[i];
        }
    }

    private static double[] sortedUniqueValues(double[] v) {
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        int n = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[n - 1]) sorted[n++] = sorted[i]; // 0.0 and -0.0 are one label, as in numpy
        }
        return Arrays.copyOf(sorted, n);
    }

    private static int[] dropAxis(int[] shape, int axis) {
        int[] out = new int[2];
        for (int d = 0, k = 0; d < 3; d++) if (d != axis) out[k++] = shape[d];
        return out;
    }

    private static int product(int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }
}

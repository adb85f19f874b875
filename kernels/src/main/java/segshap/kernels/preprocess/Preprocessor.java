package segshap.kernels.preprocess;

import java.util.Arrays;
import java.util.List;
import segshap.kernels.InputException;
import segshap.kernels.plans.ConfigurationPlan;
import segshap.kernels.plans.IntensityProperties;
import segshap.kernels.tensor.Box;
import segshap.kernels.tensor.FloatTensor;

/**
 * nnU-Net's {@code DefaultPreprocessor.run_case} at inference: transpose → crop to non-zero → compute the new
 * shape → normalise (before resampling) → resample to the configuration spacing.
 *
 * <p>Export ({@link Export}) undoes it in reverse order: resample back → revert the crop → revert the transpose.
 * Typical use:
 * <pre>{@code
 * Preprocessor pre = Preprocessor.of(configurationPlan);
 * PreprocessedCase c = pre.runCase(List.of(ctZyx), ctSpacingZyxMm);   // c.dataCzyx() goes to the sliding window
 * }</pre>
 */
public final class Preprocessor {
    private final PreprocessingPlan plan;
    private final ImageNormalization[] normalizers;

    /**
     * @throws InputException if the plan names an unsupported resampling function or order, or CT normalisation
     *                        lacks intensity properties
     */
    public Preprocessor(PreprocessingPlan plan) {
        Resampling.checkSupported(plan.resamplingData(), "plans.json resampling_fn_data");
        this.plan = plan;
        int channels = plan.channelCount();
        normalizers = new ImageNormalization[channels];
        for (int c = 0; c < channels; c++) {
            IntensityProperties p = c < plan.intensityProperties().size() ? plan.intensityProperties().get(c) : null;
            normalizers[c] = ImageNormalization.of(plan.normalization().get(c), plan.useMaskForNorm().get(c), p,
                    "plans.json foreground_intensity_properties_per_channel[\"" + c + "\"]");
        }
    }

    /** A preprocessor for a resolved plans configuration. */
    public static Preprocessor of(ConfigurationPlan configuration) {
        return new Preprocessor(PreprocessingPlan.of(configuration));
    }

    /** The plan this preprocessor runs. */
    public PreprocessingPlan plan() {
        return plan;
    }

    /**
     * Preprocesses one case.
     *
     * @param channelsZyx  one float32 volume per input channel ({@code _0000, _0001, …}), each {@code (z, y, x)} in
     *                     nnU-Net's axis order (NIfTI voxel array transposed (2,1,0)), all of one shape; not modified
     * @param spacingZyxMm voxel spacing of the case in the same axis order, untransposed (reversed NIfTI pixdim)
     * @throws InputException if the channel count, channel shapes or spacing do not fit the plan
     */
    public PreprocessedCase runCase(List<FloatTensor> channelsZyx, double[] spacingZyxMm) {
        int[] shape = checkCase(channelsZyx, spacingZyxMm);
        int channels = channelsZyx.size();
        int volume = shape[0] * shape[1] * shape[2];
        float[] stacked = new float[channels * volume]; // data.astype(float32): our own copy from here on
        for (int c = 0; c < channels; c++) System.arraycopy(channelsZyx.get(c).data(), 0, stacked, c * volume, volume);
        FloatTensor data = new FloatTensor(new int[] {channels, shape[0], shape[1], shape[2]}, stacked);

        int[] tf = plan.transposeForward();
        data = Transpose.transpose(data, tf);
        double[] spacingTransposed = Transpose.permuted(spacingZyxMm, tf);
        int[] shapeBeforeCropping = {data.dim(1), data.dim(2), data.dim(3)};

        CropToNonzero.Cropped cropped = CropToNonzero.cropToNonzero(data);
        data = cropped.dataCzyx();
        Box bbox = cropped.bbox();
        int[] shapeAfterCropping = bbox.sizeZyx();

        double[] target = plan.targetSpacingZyxMm();
        if (target.length == 2) target = new double[] {spacingTransposed[0], target[0], target[1]}; // 2D keeps the slice spacing
        int[] newShape = Resampling.computeNewShape(shapeAfterCropping, spacingTransposed, target);
        for (int d = 0; d < 3; d++) {
            if (newShape[d] < 1) {
                throw new InputException("case too small for the target spacing: axis " + d + " has "
                        + shapeAfterCropping[d] + " voxels at " + spacingTransposed[d] + " mm, which is "
                        + newShape[d] + " voxels at " + target[d] + " mm; the image needs more voxels along that axis");
            }
        }

        // normalisation must come before resampling: the non-zero mask fits the image only at this resolution
        normalize(data);

        FloatTensor resampled = Resampling.resample(data, newShape, spacingTransposed, target, plan.resamplingData(),
                Resampling.Storage.FLOAT32);
        return new PreprocessedCase(resampled, spacingZyxMm, spacingTransposed, shapeBeforeCropping, bbox,
                shapeAfterCropping, target);
    }

    /**
     * The network-grid shape {@link #runCase} would produce if cropping removed nothing (an upper bound), without
     * allocating anything: nnU-Net's {@code compute_new_shape} in {@code long}, so a spacing far from the plan's
     * gives the huge grid it means instead of an overflowed one.
     *
     * @param shapeZyx     the case's shape in NIfTI-transposed (z, y, x) order, untransposed
     * @param spacingZyxMm its spacing in the same order, mm, each &gt; 0
     * @return the resampled shape in the plan's transposed axis order
     */
    public long[] resampledShapeBound(int[] shapeZyx, double[] spacingZyxMm) {
        int[] tf = plan.transposeForward();
        double[] spacing = Transpose.permuted(spacingZyxMm, tf);
        double[] target = plan.targetSpacingZyxMm();
        if (target.length == 2) target = new double[] {spacing[0], target[0], target[1]};
        long[] out = new long[3];
        for (int d = 0; d < 3; d++) {
            double n = Math.rint(spacing[d] / target[d] * shapeZyx[tf[d]]);
            out[d] = n >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) n;
        }
        return out;
    }

    private void normalize(FloatTensor dataCzyx) {
        boolean needsMask = false;
        for (ImageNormalization n : normalizers) needsMask |= n.needsNonzeroMask();
        boolean[] mask = needsMask ? CropToNonzero.createNonzeroMask(dataCzyx) : null;
        int volume = dataCzyx.dim(1) * dataCzyx.dim(2) * dataCzyx.dim(3);
        float[] a = dataCzyx.data();
        for (int c = 0; c < normalizers.length; c++) {
            try {
                normalizers[c].run(a, c * volume, volume, mask);
            } catch (InputException e) {
                throw new InputException("input channel " + c + " (_" + String.format("%04d", c) + "): " + e.getMessage(), e);
            }
        }
    }

    private int[] checkCase(List<FloatTensor> channelsZyx, double[] spacingZyxMm) {
        if (channelsZyx.size() != plan.channelCount()) {
            throw new InputException("the case has " + channelsZyx.size() + " input channel(s) but plans.json "
                    + "normalization_schemes lists " + plan.channelCount() + "; give one image per channel (_0000, _0001, …)");
        }
        int[] shape = channelsZyx.get(0).shape();
        if (shape.length != 3) {
            throw new InputException("input channel 0 is not a 3D volume: shape " + Arrays.toString(shape));
        }
        for (int c = 1; c < channelsZyx.size(); c++) {
            if (!Arrays.equals(channelsZyx.get(c).shape(), shape)) {
                throw new InputException("input channel " + c + " has shape zyx " + Arrays.toString(channelsZyx.get(c).shape())
                        + " but channel 0 has " + Arrays.toString(shape) + "; all channels must be on one grid");
            }
        }
        if (shape[0] < 1 || shape[1] < 1 || shape[2] < 1) {
            throw new InputException("the input volume is empty: shape zyx " + Arrays.toString(shape));
        }
        if (spacingZyxMm.length != 3) {
            throw new InputException("spacing must have 3 entries (z, y, x), got " + Arrays.toString(spacingZyxMm));
        }
        for (double s : spacingZyxMm) {
            if (!(s > 0) || Double.isInfinite(s)) {
                throw new InputException("voxel spacing must be positive and finite, got zyx " + Arrays.toString(spacingZyxMm)
                        + " mm; check the pixdim of the image header");
            }
        }
        return shape;
    }
}

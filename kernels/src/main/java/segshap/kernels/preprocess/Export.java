package segshap.kernels.preprocess;

import java.util.Arrays;
import segshap.kernels.InputException;
import segshap.kernels.plans.ResamplingSpec;
import segshap.kernels.tensor.Float16;
import segshap.kernels.tensor.FloatTensor;

/**
 * nnU-Net's {@code convert_predicted_logits_to_segmentation_with_correct_shape}: logits on the network grid →
 * label map (and optionally softmax probabilities) in the case's original array order.
 *
 * <p>Steps, the reverse of {@link Preprocessor}: resample the logits to the cropped shape with
 * {@code resampling_fn_probabilities} (separate-z decided with current = configuration spacing, new = the case's
 * transposed spacing; the exact stored shape, no rounding); argmax over heads, first maximum winning ties; put
 * the result into zeros of the shape before cropping at the bbox; transpose back with {@code transpose_backward}.
 * Probabilities are the float32 softmax of the same resampled logits, background probability 1 outside the crop.
 *
 * <p>nnU-Net holds logits in float16 (its sliding-window accumulators) and stores the resampled logits as
 * float16, which makes ties between heads common. {@link Options#emulateFp16Storage} reproduces that: the input
 * logits are rounded to binary16 (a no-op for nnU-Net's own fp16 output) and the resampled logits are stored as
 * binary16 before the argmax.
 */
public final class Export {
    private Export() {}

    /**
     * @param emulateFp16Storage  round logits to binary16 where nnU-Net keeps them in float16 (for parity);
     *                            off = float32 throughout
     * @param returnProbabilities also compute softmax probabilities; the label map is then, as in nnU-Net, the
     *                            argmax of the probabilities rather than of the logits
     */
    public record Options(boolean emulateFp16Storage, boolean returnProbabilities) {
        /** float32, label map only. */
        public static final Options DEFAULT = new Options(false, false);
    }

    /**
     * Export results in the original array order (nnU-Net's {@code (z, y, x)} = NIfTI voxel array transposed (2,1,0)).
     *
     * @param segmentationZyx   label index per voxel (0 = background), as float32
     * @param probabilitiesCzyx {@code (heads, z, y, x)} softmax probabilities, or {@code null} if not requested
     */
    public record Prediction(FloatTensor segmentationZyx, FloatTensor probabilitiesCzyx) {}

    /**
     * Brings logits back to the original geometry.
     *
     * @param logitsCzyx              {@code (heads, z', y', x')} on the network grid of {@code preprocessed}
     * @param preprocessed            the case as {@link Preprocessor#runCase} returned it (its geometry is used)
     * @param resamplingProbabilities plans {@code resampling_fn_probabilities} and kwargs
     * @param transposeBackward       plans {@code transpose_backward}
     * @throws InputException if the resampling spec is not supported
     */
    public static Prediction convertPredictedLogitsToSegmentationWithCorrectShape(
            FloatTensor logitsCzyx, PreprocessedCase preprocessed, ResamplingSpec resamplingProbabilities,
            int[] transposeBackward, Options options) {
        Resampling.checkSupported(resamplingProbabilities, "plans.json resampling_fn_probabilities");
        Transpose.checkPermutation(transposeBackward);
        int[] grid = preprocessed.shapeZyx();
        int[] s = logitsCzyx.shape();
        if (s.length != 4 || s[0] < 1 || s[1] != grid[0] || s[2] != grid[1] || s[3] != grid[2]) {
            throw new IllegalArgumentException("logits must be (heads, " + grid[0] + ", " + grid[1] + ", " + grid[2]
                    + ") on the network grid of the case, got " + Arrays.toString(s));
        }
        FloatTensor logits = options.emulateFp16Storage() ? roundToHalf(logitsCzyx) : logitsCzyx;
        Resampling.Storage storage = options.emulateFp16Storage() ? Resampling.Storage.FLOAT16 : Resampling.Storage.FLOAT32;
        FloatTensor resampled = Resampling.resample(logits, preprocessed.shapeAfterCroppingBeforeResamplingZyx(),
                preprocessed.targetSpacingZyxMm(), preprocessed.spacingTransposedZyxMm(), resamplingProbabilities, storage);

        FloatTensor probabilities = options.returnProbabilities() ? softmax(resampled) : null;
        FloatTensor labels = argmax(probabilities != null ? probabilities : resampled);

        int[] shapeBeforeCropping = preprocessed.shapeBeforeCroppingZyx();
        FloatTensor segmentation = CropToNonzero.insertCropZyx(labels, preprocessed.bboxUsedForCropping(), shapeBeforeCropping, 0f);
        segmentation = Transpose.transposeZyx(segmentation, transposeBackward);
        if (probabilities != null) {
            float[] outside = new float[probabilities.dim(0)];
            outside[0] = 1f; // background everywhere outside the crop
            probabilities = CropToNonzero.insertCrop(probabilities, preprocessed.bboxUsedForCropping(), shapeBeforeCropping, outside);
            probabilities = Transpose.transpose(probabilities, transposeBackward);
        }
        return new Prediction(segmentation, probabilities);
    }

    /**
     * Index of the largest value over axis 0 of {@code (heads, z, y, x)} scores, first maximum winning ties and a
     * NaN counting as the maximum (numpy {@code argmax(0)}); result {@code (z, y, x)}.
     */
    public static FloatTensor argmax(FloatTensor scoresCzyx) {
        int[] s = scoresCzyx.shape();
        int heads = s[0];
        int volume = s[1] * s[2] * s[3];
        float[] a = scoresCzyx.data();
        float[] out = new float[volume];
        for (int i = 0; i < volume; i++) {
            int best = 0;
            float bestValue = a[i];
            if (!Float.isNaN(bestValue)) {
                for (int h = 1; h < heads; h++) {
                    float v = a[h * volume + i];
                    if (Float.isNaN(v)) {
                        best = h;
                        break;
                    }
                    if (v > bestValue) {
                        bestValue = v;
                        best = h;
                    }
                }
            }
            out[i] = best;
        }
        return new FloatTensor(new int[] {s[1], s[2], s[3]}, out);
    }

    /** Softmax over axis 0 in float32 as torch computes it: {@code exp(x − max) / Σ exp(x − max)}. */
    public static FloatTensor softmax(FloatTensor logitsCzyx) {
        int[] s = logitsCzyx.shape();
        int heads = s[0];
        int volume = s[1] * s[2] * s[3];
        float[] a = logitsCzyx.data();
        float[] out = new float[a.length];
        for (int i = 0; i < volume; i++) {
            float max = a[i];
            for (int h = 1; h < heads; h++) max = Math.max(max, a[h * volume + i]);
            float sum = 0f;
            for (int h = 0; h < heads; h++) {
                float e = (float) Math.exp(a[h * volume + i] - max);
                out[h * volume + i] = e;
                sum += e;
            }
            for (int h = 0; h < heads; h++) out[h * volume + i] /= sum;
        }
        return new FloatTensor(s, out);
    }

    private static FloatTensor roundToHalf(FloatTensor t) {
        float[] a = t.data();
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) out[i] = Float16.roundDouble(a[i]);
        return new FloatTensor(t.shape(), out);
    }
}

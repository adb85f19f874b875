package segshap.kernels.preprocess;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import segshap.kernels.plans.ConfigurationPlan;
import segshap.kernels.plans.IntensityProperties;
import segshap.kernels.plans.NormalizationScheme;
import segshap.kernels.plans.ResamplingSpec;

/**
 * The fields of one plans.json configuration that preprocessing reads (nnU-Net's {@code DefaultPreprocessor}).
 *
 * @param transposeForward      plans {@code transpose_forward}, a permutation of {0, 1, 2}
 * @param targetSpacingZyxMm    configuration {@code spacing}, already transposed; 2 entries for 2D
 *                              configurations (the slice spacing of the case is then kept)
 * @param normalization         {@code normalization_schemes}, one per input channel
 * @param useMaskForNorm        {@code use_mask_for_norm}, one per input channel
 * @param intensityProperties   {@code foreground_intensity_properties_per_channel["c"]} by channel index;
 *                              entries may be {@code null} for channels whose scheme does not read them
 * @param resamplingData        {@code resampling_fn_data} and its kwargs
 */
public record PreprocessingPlan(int[] transposeForward, double[] targetSpacingZyxMm,
                                List<NormalizationScheme> normalization, List<Boolean> useMaskForNorm,
                                List<IntensityProperties> intensityProperties, ResamplingSpec resamplingData) {

    public PreprocessingPlan {
        Transpose.checkPermutation(transposeForward);
        transposeForward = transposeForward.clone();
        if (targetSpacingZyxMm.length != 3 && targetSpacingZyxMm.length != 2) {
            throw new IllegalArgumentException("target spacing must have 3 (or, for 2D, 2) entries, got "
                    + Arrays.toString(targetSpacingZyxMm));
        }
        for (double s : targetSpacingZyxMm) {
            if (!(s > 0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException("target spacing must be positive and finite, got " + Arrays.toString(targetSpacingZyxMm));
            }
        }
        targetSpacingZyxMm = targetSpacingZyxMm.clone();
        normalization = List.copyOf(normalization);
        useMaskForNorm = List.copyOf(useMaskForNorm);
        if (normalization.isEmpty() || useMaskForNorm.size() != normalization.size()) {
            throw new IllegalArgumentException("need one normalization scheme and one use_mask_for_norm flag per channel, got "
                    + normalization.size() + " and " + useMaskForNorm.size());
        }
        intensityProperties = Collections.unmodifiableList(new ArrayList<>(intensityProperties)); // nulls allowed
        if (resamplingData == null) throw new IllegalArgumentException("resamplingData is required");
    }

    /** The preprocessing fields of a resolved configuration. */
    public static PreprocessingPlan of(ConfigurationPlan plan) {
        return new PreprocessingPlan(plan.transposeForward(), plan.spacingZyxMm(), plan.normalization(),
                plan.useMaskForNorm(), plan.intensityProperties(), plan.resamplingData());
    }

    /** Number of input channels the plan expects. */
    public int channelCount() {
        return normalization.size();
    }

    @Override public int[] transposeForward() { return transposeForward.clone(); }

    @Override public double[] targetSpacingZyxMm() { return targetSpacingZyxMm.clone(); }
}

package segshap.kernels.plans;

import java.util.List;
import segshap.kernels.backend.NetworkSpec;

/**
 * One resolved configuration of plans.json (e.g. {@code 3d_fullres}, {@code inherits_from} applied),
 * with everything inference needs. Triples are in the plans' transposed {@code (z, y, x)} order.
 *
 * @param name                   configuration name
 * @param patchSizeZyx           sliding-window tile size
 * @param spacingZyxMm           target spacing (already transposed)
 * @param transposeForward       axis permutation applied to the image before everything else
 * @param transposeBackward      its inverse, applied to outputs
 * @param normalization          one scheme per input channel
 * @param useMaskForNorm         per channel (only ZScore honours it)
 * @param intensityProperties    per channel statistics (CTNormalization)
 * @param resamplingData         how images are resampled to the target spacing
 * @param resamplingProbabilities how logits are resampled back at export
 * @param network                the network shape
 */
public record ConfigurationPlan(
        String name,
        int[] patchSizeZyx,
        double[] spacingZyxMm,
        int[] transposeForward,
        int[] transposeBackward,
        List<NormalizationScheme> normalization,
        List<Boolean> useMaskForNorm,
        List<IntensityProperties> intensityProperties,
        ResamplingSpec resamplingData,
        ResamplingSpec resamplingProbabilities,
        NetworkSpec network) {

    public ConfigurationPlan {
        patchSizeZyx = patchSizeZyx.clone();
        spacingZyxMm = spacingZyxMm.clone();
        transposeForward = transposeForward.clone();
        transposeBackward = transposeBackward.clone();
        normalization = List.copyOf(normalization);
        useMaskForNorm = List.copyOf(useMaskForNorm);
        intensityProperties = List.copyOf(intensityProperties);
    }

    @Override public int[] patchSizeZyx() { return patchSizeZyx.clone(); }

    @Override public double[] spacingZyxMm() { return spacingZyxMm.clone(); }

    @Override public int[] transposeForward() { return transposeForward.clone(); }

    @Override public int[] transposeBackward() { return transposeBackward.clone(); }
}

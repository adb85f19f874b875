package segshap.kernels.preprocess;

import segshap.kernels.InputException;
import segshap.kernels.plans.IntensityProperties;
import segshap.kernels.plans.NormalizationScheme;

/**
 * One of nnU-Net's per-channel intensity normalisation schemes ({@code default_normalization_schemes.py}),
 * applied in float32 exactly as nnU-Net does it, after cropping and <em>before</em> resampling.
 *
 * <p>Pick the scheme with {@link #of}, then call {@link #run} once per channel of the cropped case.
 */
public sealed interface ImageNormalization
        permits CtNormalization, ZScoreNormalization, NoNormalization, RescaleTo01Normalization, RgbTo01Normalization {

    /**
     * Normalises one channel in place.
     *
     * @param volumeZyx   float32 voxels of the channel, {@code (z, y, x)} C order, at {@code [offset, offset + length)}
     * @param offset      index of the channel's first voxel
     * @param length      number of voxels of the channel
     * @param nonzeroMask {@link CropToNonzero#createNonzeroMask} of the cropped case, element {@code i} belonging to
     *                    voxel {@code offset + i}; read only when {@link #needsNonzeroMask()}, may be {@code null} otherwise
     * @throws InputException if the values do not fit the scheme (RGB outside [0, 255])
     */
    void run(float[] volumeZyx, int offset, int length, boolean[] nonzeroMask);

    /** Whether {@link #run} reads the non-zero mask (ZScore with {@code use_mask_for_norm}). */
    default boolean needsNonzeroMask() {
        return false;
    }

    /**
     * The normaliser nnU-Net would build for one channel.
     *
     * @param scheme         from plans {@code normalization_schemes[c]}
     * @param useMaskForNorm from plans {@code use_mask_for_norm[c]} (only ZScore honours it)
     * @param properties     {@code foreground_intensity_properties_per_channel["c"]}; required for CT, else may be {@code null}
     * @param where          names the channel for error messages, e.g. {@code plans.json foreground_intensity_properties_per_channel["0"]}
     * @throws InputException if CT normalisation has no intensity properties
     */
    static ImageNormalization of(NormalizationScheme scheme, boolean useMaskForNorm, IntensityProperties properties,
                                 String where) {
        return switch (scheme) {
            case CT -> {
                if (properties == null) {
                    throw new InputException(where + ": CTNormalization needs the channel's foreground intensity "
                            + "properties (mean, std, percentile_00_5, percentile_99_5), but there are none; "
                            + "use plans.json as written by nnU-Net's planner");
                }
                yield CtNormalization.of(properties);
            }
            case ZSCORE -> new ZScoreNormalization(useMaskForNorm);
            case NONE -> new NoNormalization();
            case RESCALE_TO_01 -> new RescaleTo01Normalization();
            case RGB_TO_01 -> new RgbTo01Normalization();
        };
    }
}

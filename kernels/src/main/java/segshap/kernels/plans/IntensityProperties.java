package segshap.kernels.plans;

/**
 * Foreground intensity statistics of one input channel, from plans.json
 * {@code foreground_intensity_properties_per_channel["c"]}; CTNormalization uses them.
 */
public record IntensityProperties(double mean, double std, double percentile00_5, double percentile99_5,
                                  double min, double max) {}

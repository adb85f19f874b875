/**
 * nnU-Net's {@code plans.json} and {@code dataset.json}: {@link segshap.kernels.plans.NnunetPlansReader} resolves
 * one configuration into a {@link segshap.kernels.plans.ConfigurationPlan} (patch size, spacing, transposes,
 * per-channel {@link segshap.kernels.plans.NormalizationScheme} and
 * {@link segshap.kernels.plans.IntensityProperties}, {@link segshap.kernels.plans.ResamplingSpec}, and the
 * network as a {@link segshap.kernels.backend.NetworkSpec}); {@link segshap.kernels.plans.DatasetJson} gives
 * channels and labels. Per-axis triples are in the plans' transposed {@code (z, y, x)} order. Unsupported
 * values fail at load time naming file and field.
 */
package segshap.kernels.plans;

/**
 * nnU-Net v2 model folders: the torch checkpoint (a zip with a pickle, read by our strict unpickler),
 * safetensors weights, {@code plans.json} and {@code dataset.json} resolved into a
 * {@link segshap.kernels.plans.ConfigurationPlan} and {@link segshap.kernels.backend.NetworkSpec}, and the
 * {@link segshap.kernels.backend.ForwardBackend} seam every forward pass (CPU today, CUDA next) implements.
 * Unsupported architectures, normalisations or weight shapes fail at load time naming file and field.
 */
package segshap.kernels.model;

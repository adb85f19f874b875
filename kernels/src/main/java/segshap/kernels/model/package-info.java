/**
 * nnU-Net v2 model folders: the torch checkpoint (a zip with a pickle, read by our strict unpickler),
 * safetensors weights, {@code plans.json} and {@code dataset.json} resolved into a
 * {@link segshap.kernels.model.ConfigurationPlan} and {@link segshap.kernels.model.NetworkSpec}, and the
 * {@link segshap.kernels.model.ForwardBackend} seam every forward pass (CPU today, CUDA next) implements.
 * Unsupported architectures, normalisations or weight shapes fail at load time naming file and field.
 */
package segshap.kernels.model;

/**
 * Decoding nnU-Net weights into {@link segshap.kernels.backend.ModelWeights}: the torch checkpoint
 * ({@link segshap.kernels.checkpoint.TorchCheckpointReader}: a zip holding a pickle, read by a strict,
 * non-executing {@code Unpickler} whose globals map to a fixed table of known constructors, tensors
 * materialised from their storages) and {@code .safetensors} files
 * ({@link segshap.kernels.checkpoint.SafetensorsReader}). Names are canonicalised (wrapper prefixes and alias
 * keys removed); anything unexpected fails naming the file and the key.
 */
package segshap.kernels.checkpoint;

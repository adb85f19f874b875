/**
 * nnU-Net's sliding window on the preprocessed volume, split so that an explanation engine can forward only
 * some tiles and fuse over a box.
 *
 * <p>{@link segshap.kernels.window.TileGrid} is the pure geometry: zero padding to the patch size (extra
 * voxel on the high side), tile starts at step 0.5 rounded half to even, tiles in z→y→x order, and which
 * tiles meet a box. {@link segshap.kernels.window.GaussianImportanceMap} is the blending weight.
 * {@link segshap.kernels.window.TileExtractor} reads one tile's input with zero padding.
 * {@link segshap.kernels.window.FusionOverBox} fuses tile logits over a box B; the whole-volume
 * {@link segshap.kernels.window.SlidingWindowPredictor} uses it with B = the volume, so fusing over B equals
 * the full result restricted to B. {@link segshap.kernels.window.AccumulationMode} chooses float32 or the
 * bit-exact emulation of nnU-Net's float16 accumulators.
 *
 * <p>Frames: tiles are boxes in the padded frame; every box a caller passes or receives is in the unpadded
 * preprocessed frame {@code (z, y, x)}. The spec is {@code research/nnunet-inference.md} §8.
 */
package segshap.kernels.window;

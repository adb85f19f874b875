/**
 * nnU-Net v2 preprocessing and export, step by step and bit-exact where nnU-Net is deterministic.
 *
 * <p>Axis order: every volume is {@code (z, y, x)} (or {@code (c, z, y, x)}) in nnU-Net's order, i.e. the NIfTI
 * voxel array transposed (2,1,0). {@code transpose_forward} then permutes the three spatial axes; the crop box,
 * the shape before cropping and everything after are in that transposed frame, while
 * {@link segshap.kernels.preprocess.PreprocessedCase#spacingZyxMm()} keeps the case's own (untransposed) spacing.
 *
 * <p>The chain ({@link segshap.kernels.preprocess.Preprocessor}): {@link segshap.kernels.preprocess.Transpose} →
 * {@link segshap.kernels.preprocess.CropToNonzero} → {@link segshap.kernels.preprocess.Resampling#computeNewShape}
 * → {@link segshap.kernels.preprocess.ImageNormalization} (before resampling, as nnU-Net v2 does) →
 * {@link segshap.kernels.preprocess.Resampling}. {@link segshap.kernels.preprocess.Export} undoes it for the
 * network's logits. Numerics follow nnU-Net 2.8.1 with numpy 1.24, scipy 1.10 and scikit-image 0.19:
 * float32 normalisation, resampling computed in double and stored as float32 (float16 for exported logits).
 */
package segshap.kernels.preprocess;

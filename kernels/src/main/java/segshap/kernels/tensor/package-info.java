/**
 * Flat float32 tensors in C order ({@link segshap.kernels.tensor.FloatTensor}), half-open voxel boxes
 * ({@link segshap.kernels.tensor.Box}), {@code .npy} files, {@code .npz} archives and binary16 rounding. Shapes
 * of volumes follow nnU-Net's axis order {@code (c, z, y, x)}.
 */
package segshap.kernels.tensor;

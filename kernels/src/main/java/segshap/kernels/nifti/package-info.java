/**
 * NIfTI-1/NIfTI-2 volumes in and out: {@link segshap.kernels.nifti.NiftiReader} reads {@code .nii} and
 * {@code .nii.gz} into a {@link segshap.kernels.nifti.NiftiImage}, {@link segshap.kernels.nifti.NiftiWriter}
 * writes one back.
 *
 * <p>Concepts. NIfTI stores voxel (i, j, k) with i fastest; segshap keeps the same bytes as a C-order
 * (z, y, x) float32 tensor, which is nnU-Net's view of the array (NIfTI array transposed (2,1,0)), so no
 * data is moved on reading. The grid is a 4×4 affine from voxel (i, j, k) to world millimetres (RAS+),
 * chosen as nibabel does (sform, else qform, else a centred diagonal). Stored values are scaled by
 * scl_slope/scl_inter on reading; written files carry slope 1. Two images are on the same grid when their
 * shapes are equal and their affines agree within a tolerance ({@code NiftiImage.sameGridAs}).
 *
 * <p>Reference behaviour is nibabel 5.0's {@code nib.load(...).affine} and {@code get_fdata()}; the test
 * files come from {@code tools/make_nifti_refs.py}, which also checks with nibabel the files we write.
 */
package segshap.kernels.nifti;

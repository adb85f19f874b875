/**
 * Volumes, nnU-Net model loading, preprocessing, sliding window and forward passes; depends on the JDK and
 * Jackson only. {@link segshap.kernels.InputException} is the one exception for user mistakes.
 */
package segshap.kernels;

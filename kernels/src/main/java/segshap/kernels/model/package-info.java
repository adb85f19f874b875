/**
 * An nnU-Net v2 model folder as one {@link segshap.kernels.model.NnunetModel}:
 * {@link segshap.kernels.model.ModelFolderLoader} reads the plans and dataset ({@code kernels.plans}) and every
 * fold's weights ({@code kernels.checkpoint}), and checks the weights against the names and shapes
 * {@link segshap.kernels.model.WeightLayout} derives from the network. Running the network is
 * {@code kernels.backend}'s concern.
 */
package segshap.kernels.model;

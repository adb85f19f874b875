/**
 * The Java CPU forward backend: nnU-Net's PlainConvUNet and ResidualEncoderUNet in float32.
 *
 * <p>One class per op ({@link segshap.kernels.cpu.Conv3dForward}, {@code ConvTranspose3dForward},
 * {@code InstanceNormLeakyRelu}, {@code AvgPool3d}), all built on one multiply-accumulate kernel
 * ({@code GemmRows}) and one parallel loop ({@code ParallelFor}); {@code UNetForward} assembles the network
 * and {@link segshap.kernels.cpu.CpuBackend} is the public entry point. Activations are flat
 * {@code float[]} in {@code (C, Z, Y, X)} order held in a {@code Workspace} allocated once per tile shape.
 * Every output element is computed by one task in a fixed order, so results do not depend on the number
 * of threads.
 */
package segshap.kernels.cpu;

package segshap.kernels.backend;

/** The network classes of dynamic-network-architectures that segshap can run. */
public enum Architecture {
    /** {@code dynamic_network_architectures.architectures.unet.PlainConvUNet}. */
    PLAIN_CONV_UNET("dynamic_network_architectures.architectures.unet.PlainConvUNet"),
    /** {@code dynamic_network_architectures.architectures.unet.ResidualEncoderUNet} with BasicBlockD. */
    RESIDUAL_ENCODER_UNET("dynamic_network_architectures.architectures.unet.ResidualEncoderUNet");

    private final String className;

    Architecture(String className) {
        this.className = className;
    }

    /** The dotted class path as written in plans.json {@code architecture.network_class_name}. */
    public String className() {
        return className;
    }
}

package segshap.kernels.window;

/** Number format of the Gaussian map and of the fusion accumulators. */
public enum AccumulationMode {
    /**
     * float32 Gaussian and float32 accumulators: nnU-Net's code path with {@code float32} buffers.
     * Deterministic, the format the explanation engine uses.
     */
    FLOAT32,
    /**
     * nnU-Net's default: a float16 Gaussian and float16 accumulators (also on CPU), every update rounded to
     * binary16 as torch does. Reproduces nnU-Net's exported logits bit for bit given identical tile logits.
     */
    NNUNET_FLOAT16
}

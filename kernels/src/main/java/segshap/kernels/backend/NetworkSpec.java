package segshap.kernels.backend;

import java.util.Arrays;

/**
 * The shape of an nnU-Net network, read from plans.json {@code architecture.arch_kwargs}: everything
 * a forward backend needs besides the weights. All per-axis triples are in the plans' transposed
 * {@code (z, y, x)} order.
 *
 * @param architecture        PlainConvUNet or ResidualEncoderUNet
 * @param inputChannels       number of image channels (dataset.json {@code channel_names})
 * @param numHeads            output channels (label models: number of labels incl. background)
 * @param featuresPerStage    channels of each encoder stage, length {@code nStages}
 * @param kernelSizesZyx      conv kernel per stage, {@code [nStages][3]}
 * @param stridesZyx          stride of the first conv (block) of each stage, {@code [nStages][3]}
 * @param blocksPerStage      encoder convs (PlainConvUNet {@code n_conv_per_stage}) or residual blocks
 *                            (ResidualEncoderUNet {@code n_blocks_per_stage}) per stage
 * @param convsPerStageDecoder decoder convs per decoder stage, length {@code nStages - 1},
 *                            index 0 = lowest resolution
 * @param convBias            whether encoder/decoder convs carry a bias (seg layers always do)
 * @param normEps             InstanceNorm epsilon (nnU-Net: 1e-5)
 * @param leakySlope          LeakyReLU negative slope (torch default 0.01)
 */
public record NetworkSpec(
        Architecture architecture,
        int inputChannels,
        int numHeads,
        int[] featuresPerStage,
        int[][] kernelSizesZyx,
        int[][] stridesZyx,
        int[] blocksPerStage,
        int[] convsPerStageDecoder,
        boolean convBias,
        double normEps,
        double leakySlope) {

    public NetworkSpec {
        int n = featuresPerStage.length;
        if (n < 1) throw new IllegalArgumentException("featuresPerStage must not be empty");
        if (kernelSizesZyx.length != n || stridesZyx.length != n || blocksPerStage.length != n) {
            throw new IllegalArgumentException("kernel_sizes, strides and per-stage block counts must have "
                    + n + " entries (one per stage)");
        }
        if (convsPerStageDecoder.length != n - 1) {
            throw new IllegalArgumentException("n_conv_per_stage_decoder must have " + (n - 1)
                    + " entries, found " + convsPerStageDecoder.length);
        }
        if (inputChannels < 1 || numHeads < 1) {
            throw new IllegalArgumentException("inputChannels and numHeads must be ≥ 1");
        }
        featuresPerStage = featuresPerStage.clone();
        kernelSizesZyx = deepCopy(kernelSizesZyx);
        stridesZyx = deepCopy(stridesZyx);
        blocksPerStage = blocksPerStage.clone();
        convsPerStageDecoder = convsPerStageDecoder.clone();
    }

    /** Number of encoder stages. */
    public int stageCount() {
        return featuresPerStage.length;
    }

    /** Product of strides along each axis: tile sizes must be divisible by it. */
    public int[] totalStrideZyx() {
        int[] t = {1, 1, 1};
        for (int[] s : stridesZyx) {
            for (int a = 0; a < 3; a++) t[a] *= s[a];
        }
        return t;
    }

    @Override
    public int[] featuresPerStage() { return featuresPerStage.clone(); }

    @Override
    public int[][] kernelSizesZyx() { return deepCopy(kernelSizesZyx); }

    @Override
    public int[][] stridesZyx() { return deepCopy(stridesZyx); }

    @Override
    public int[] blocksPerStage() { return blocksPerStage.clone(); }

    @Override
    public int[] convsPerStageDecoder() { return convsPerStageDecoder.clone(); }

    private static int[][] deepCopy(int[][] a) {
        int[][] c = new int[a.length][];
        for (int i = 0; i < a.length; i++) {
            if (a[i].length != 3) throw new IllegalArgumentException("expected a zyx triple, got " + Arrays.toString(a[i]));
            c[i] = a[i].clone();
        }
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkSpec s && architecture == s.architecture && inputChannels == s.inputChannels
                && numHeads == s.numHeads && Arrays.equals(featuresPerStage, s.featuresPerStage)
                && Arrays.deepEquals(kernelSizesZyx, s.kernelSizesZyx) && Arrays.deepEquals(stridesZyx, s.stridesZyx)
                && Arrays.equals(blocksPerStage, s.blocksPerStage)
                && Arrays.equals(convsPerStageDecoder, s.convsPerStageDecoder) && convBias == s.convBias
                && normEps == s.normEps && leakySlope == s.leakySlope;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(featuresPerStage) * 31 + architecture.hashCode();
    }

    @Override
    public String toString() {
        return architecture + " features " + Arrays.toString(featuresPerStage) + " heads " + numHeads;
    }
}

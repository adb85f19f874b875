package segshap.kernels.cpu;

import segshap.kernels.backend.Architecture;
import segshap.kernels.backend.ModelWeights;
import segshap.kernels.backend.NetworkSpec;

/**
 * The two nnU-Net networks assembled from the ops of this package (spec §6.2–6.4):
 *
 * <pre>
 * PlainConvUNet:  x → E0 → E1 → … → E_{n−1}                 E_s = n_conv × (conv → norm → lrelu), stride on the first
 * ResEncUNet:     x → stem → E0 → … → E_{n−1}               E_s = blocks × BasicBlockD
 * decoder:        d = E_{n−1}; for s: d = D_s( cat[ TConv_s(d), E_{n−2−s} ] );  logits = Seg_{n−2}(d)
 * </pre>
 *
 * Weights are checked against the spec at construction (every canonical key, exact shape) and repacked
 * once; {@link #forward} allocates nothing beyond the {@link Workspace} it is given.
 */
final class UNetForward {
    /** One conv of a stage with its InstanceNorm (the activation is chosen by the caller). */
    record ConvNorm(Conv3dForward conv, InstanceNormLeakyRelu norm) {}

    /**
     * BasicBlockD: {@code lrelu( norm(conv2( lrelu(norm(conv1(x))) )) + skip(x) )}, skip = identity,
     * or AvgPool (stride ≠ 1) then 1×1 conv without bias + norm (channels change).
     */
    record ResBlock(ConvNorm conv1, ConvNorm conv2, AvgPool3d pool, ConvNorm projection) {}

    private final NetworkSpec spec;
    private final int stages;
    private final int[] features;
    private final ConvNorm[][] plainStages;   // PlainConvUNet: [stage][conv]
    private final ConvNorm stem;              // ResEnc
    private final ResBlock[][] resStages;     // ResEnc: [stage][block]
    private final ConvTranspose3dForward[] transpconvs; // [decoder stage]
    private final ConvNorm[][] decoderStages; // [decoder stage][conv]
    private final Conv3dForward segLayer;

    /** @throws segshap.kernels.InputException if a weight is missing or has the wrong shape */
    UNetForward(NetworkSpec spec, ModelWeights weights) {
        this.spec = spec;
        stages = spec.stageCount();
        features = spec.featuresPerStage();
        int[][] kernels = spec.kernelSizesZyx();
        int[][] strides = spec.stridesZyx();
        int[] blocks = spec.blocksPerStage();
        boolean bias = spec.convBias();
        for (int s = 0; s < stages; s++) {
            if (blocks[s] < 1) throw new IllegalArgumentException("stage " + s + " has " + blocks[s] + " convs/blocks; need >= 1");
        }
        if (spec.architecture() == Architecture.PLAIN_CONV_UNET) {
            plainStages = new ConvNorm[stages][];
            int in = spec.inputChannels();
            for (int s = 0; s < stages; s++) {
                plainStages[s] = new ConvNorm[blocks[s]];
                for (int j = 0; j < blocks[s]; j++) {
                    plainStages[s][j] = convNorm(weights, "encoder.stages." + s + ".0.convs." + j, j == 0 ? in : features[s],
                            features[s], kernels[s], j == 0 ? strides[s] : ONE, bias);
                }
                in = features[s];
            }
            stem = null;
            resStages = null;
        } else {
            plainStages = null;
            stem = convNorm(weights, "encoder.stem.convs.0", spec.inputChannels(), features[0], kernels[0], ONE, bias);
            resStages = new ResBlock[stages][];
            int in = features[0];
            for (int s = 0; s < stages; s++) {
                resStages[s] = new ResBlock[blocks[s]];
                for (int b = 0; b < blocks[s]; b++) {
                    String p = "encoder.stages." + s + ".blocks." + b;
                    int blockIn = b == 0 ? in : features[s];
                    int[] stride = b == 0 ? strides[s] : ONE;
                    boolean strided = stride[0] != 1 || stride[1] != 1 || stride[2] != 1;
                    ConvNorm conv1 = convNorm(weights, p + ".conv1", blockIn, features[s], kernels[s], stride, bias);
                    ConvNorm conv2 = convNorm(weights, p + ".conv2", features[s], features[s], kernels[s], ONE, bias);
                    AvgPool3d pool = strided ? new AvgPool3d(stride) : null;
                    // skip.0 is the parameter-less AvgPool when the block pools
                    ConvNorm projection = blockIn != features[s]
                            ? convNorm(weights, p + ".skip." + (strided ? 1 : 0), blockIn, features[s], ONE, ONE, false)
                            : null;
                    resStages[s][b] = new ResBlock(conv1, conv2, pool, projection);
                }
                in = features[s];
            }
        }
        int[] decoderConvs = spec.convsPerStageDecoder();
        transpconvs = new ConvTranspose3dForward[stages - 1];
        decoderStages = new ConvNorm[stages - 1][];
        for (int s = 0; s < stages - 1; s++) {
            int below = features[stages - 1 - s];
            int level = stages - 2 - s;
            int f = features[level];
            int[] st = strides[stages - 1 - s];
            String t = "decoder.transpconvs." + s;
            float[] tw = weights.require(t + ".weight", below, f, st[0], st[1], st[2]).data();
            float[] tb = bias ? weights.require(t + ".bias", f).data() : null;
            transpconvs[s] = new ConvTranspose3dForward(tw, tb, below, f, st);
            if (decoderConvs[s] < 1) {
                throw new IllegalArgumentException("decoder stage " + s + " has " + decoderConvs[s] + " convs; need >= 1");
            }
            decoderStages[s] = new ConvNorm[decoderConvs[s]];
            for (int j = 0; j < decoderConvs[s]; j++) {
                decoderStages[s][j] = convNorm(weights, "decoder.stages." + s + ".convs." + j, j == 0 ? 2 * f : f, f,
                        kernels[level], ONE, bias);
            }
        }
        // inference uses only the highest-resolution seg layer, index n_stages − 2 (trap 8)
        String seg = "decoder.seg_layers." + (stages - 2);
        segLayer = new Conv3dForward(weights.require(seg + ".weight", spec.numHeads(), features[0], 1, 1, 1).data(),
                weights.require(seg + ".bias", spec.numHeads()).data(), spec.numHeads(), features[0], ONE, ONE);
    }

    private static final int[] ONE = {1, 1, 1};

    private ConvNorm convNorm(ModelWeights weights, String prefix, int in, int out, int[] kernel, int[] stride,
                              boolean bias) {
        float[] w = weights.require(prefix + ".conv.weight", out, in, kernel[0], kernel[1], kernel[2]).data();
        float[] b = bias ? weights.require(prefix + ".conv.bias", out).data() : null;
        float[] gamma = weights.require(prefix + ".norm.weight", out).data();
        float[] beta = weights.require(prefix + ".norm.bias", out).data();
        return new ConvNorm(new Conv3dForward(w, b, out, in, kernel, stride),
                new InstanceNormLeakyRelu(gamma, beta, spec.normEps(), spec.leakySlope()));
    }

    /** Allocates the buffers for tiles of {@code tileZyx} (divisible by the total stride). */
    Workspace newWorkspace(int[] tileZyx, int threads) {
        return new Workspace(workspaceSizes(tileZyx, threads));
    }

    /** The buffer sizes {@link #newWorkspace} allocates for tiles of {@code tileZyx}, without allocating them. */
    Workspace.Sizes workspaceSizes(int[] tileZyx, int threads) {
        int[][] stageZyx = new int[stages][];
        long largest = 0;
        int accRows = segLayer.accRows();
        int colRows = Scratch.BLOCK_ROWS;
        int[] zyx = tileZyx.clone();
        if (stem != null) accRows = Math.max(accRows, stem.conv.accRows());
        for (int s = 0; s < stages; s++) {
            int inChannels = s == 0 ? (stem != null ? features[0] : spec.inputChannels()) : features[s - 1];
            int[] out = plainStages != null ? plainStages[s][0].conv.outputZyx(zyx) : resStages[s][0].conv1.conv.outputZyx(zyx);
            stageZyx[s] = out;
            long voxels = voxels(out);
            largest = Math.max(largest, features[s] * voxels);
            if (resStages != null) largest = Math.max(largest, inChannels * voxels); // pooled skip input
            accRows = Math.max(accRows, 3 * GemmRows.blocks(features[s]));
            zyx = out;
        }
        long concat = 0;
        for (int s = 0; s < stages - 1; s++) {
            int level = stages - 2 - s;
            int[] up = transpconvs[s].outputZyx(stageZyx[level + 1]);
            if (!java.util.Arrays.equals(up, stageZyx[level])) {
                throw new IllegalArgumentException("tile zyx " + java.util.Arrays.toString(tileZyx)
                        + " is not divisible by the total stride " + java.util.Arrays.toString(spec.totalStrideZyx())
                        + ": upsampled decoder stage " + s + " is " + java.util.Arrays.toString(up) + " but the skip is "
                        + java.util.Arrays.toString(stageZyx[level]));
            }
            concat = Math.max(concat, 2L * features[level] * voxels(stageZyx[level]));
            colRows = Math.max(colRows, transpconvs[s].colRows());
        }
        int bufferCount = resStages != null ? 4 : 2;
        return new Workspace.Sizes(tileZyx.clone(), stageZyx, features, stem != null, bufferCount, largest, concat,
                spec.numHeads(), threads, colRows, accRows);
    }

    /**
     * One tile: input {@code (inputChannels, tile)} from {@code inOffset} → {@code ws.logits (numHeads, tile)}.
     */
    void forward(float[] input, int inOffset, Workspace ws, ParallelFor par, ActivationListener listener, int tile) {
        float[] x = input;
        int xOffset = inOffset;
        int[] xZyx = ws.tileZyx;
        if (plainStages != null) {
            for (int s = 0; s < stages; s++) {
                ConvNorm[] convs = plainStages[s];
                for (int j = 0; j < convs.length; j++) {
                    float[] dst = j == convs.length - 1 ? ws.skips[s] : ws.buffers[j % 2];
                    int[] outZyx = convNormAct(convs[j], x, xOffset, xZyx, dst, ws, par);
                    x = dst;
                    xOffset = 0;
                    xZyx = outZyx;
                }
                emit(listener, "encoder_stage" + s, tile, ws.skips[s], features[s], ws.stageZyx[s]);
            }
        } else {
            convNormAct(stem, x, xOffset, xZyx, ws.stem, ws, par);
            emit(listener, "encoder_stem", tile, ws.stem, features[0], xZyx);
            x = ws.stem;
            for (int s = 0; s < stages; s++) {
                ResBlock[] blocks = resStages[s];
                for (int b = 0; b < blocks.length; b++) {
                    float[] dst = b == blocks.length - 1 ? ws.skips[s] : freeBuffer(ws, x, null, null);
                    xZyx = residualBlock(blocks[b], x, xZyx, dst, ws, par);
                    x = dst;
                }
                emit(listener, "encoder_stage" + s, tile, ws.skips[s], features[s], ws.stageZyx[s]);
            }
        }
        float[] d = ws.skips[stages - 1];
        int[] dZyx = ws.stageZyx[stages - 1];
        for (int s = 0; s < stages - 1; s++) {
            int level = stages - 2 - s;
            int f = features[level];
            int[] levelZyx = ws.stageZyx[level];
            int voxels = (int) voxels(levelZyx);
            transpconvs[s].forward(d, dZyx, ws.concat, par, ws.workers);
            emit(listener, "decoder_transpconv" + s, tile, ws.concat, f, levelZyx);
            // concat order is [upsampled, skip] (trap 4)
            System.arraycopy(ws.skips[level], 0, ws.concat, f * voxels, f * voxels);
            float[] in = ws.concat;
            ConvNorm[] convs = decoderStages[s];
            for (int j = 0; j < convs.length; j++) {
                float[] dst = ws.buffers[j % 2];
                convNormAct(convs[j], in, 0, levelZyx, dst, ws, par);
                in = dst;
            }
            d = in;
            dZyx = levelZyx;
            emit(listener, "decoder_stage" + s, tile, d, f, levelZyx);
        }
        segLayer.forward(d, 0, dZyx, ws.logits, par, ws.workers);
    }

    private static int[] convNormAct(ConvNorm cn, float[] in, int inOffset, int[] inZyx, float[] dst, Workspace ws,
                                     ParallelFor par) {
        int[] outZyx = cn.conv.outputZyx(inZyx);
        cn.conv.forward(in, inOffset, inZyx, dst, par, ws.workers);
        cn.norm.apply(dst, null, dst, (int) voxels(outZyx), true, par);
        return outZyx;
    }

    /** BasicBlockD of x into dst; returns the output extent. Uses up to two free workspace buffers. */
    private static int[] residualBlock(ResBlock block, float[] x, int[] xZyx, float[] dst, Workspace ws, ParallelFor par) {
        float[] t1 = freeBuffer(ws, x, dst, null);
        int[] outZyx = convNormAct(block.conv1, x, 0, xZyx, t1, ws, par);
        block.conv2.conv.forward(t1, 0, outZyx, dst, par, ws.workers);
        float[] residual = x;
        int[] residualZyx = xZyx;
        if (block.pool != null) { // t1 is free again once conv2 has read it
            block.pool.forward(x, block.conv1.conv.inChannels, xZyx, t1, par);
            residual = t1;
            residualZyx = block.pool.outputZyx(xZyx);
        }
        if (block.projection != null) {
            float[] ts = freeBuffer(ws, x, dst, t1);
            block.projection.conv.forward(residual, 0, residualZyx, ts, par, ws.workers);
            block.projection.norm.apply(ts, null, ts, (int) voxels(residualZyx), false, par);
            residual = ts;
        }
        // no activation after conv2's norm; LeakyReLU after the add (trap 9)
        block.conv2.norm.apply(dst, residual, dst, (int) voxels(outZyx), true, par);
        return outZyx;
    }

    private static float[] freeBuffer(Workspace ws, float[] a, float[] b, float[] c) {
        for (float[] buf : ws.buffers) {
            if (buf != a && buf != b && buf != c) return buf;
        }
        throw new AssertionError("no free workspace buffer");
    }

    private static void emit(ActivationListener listener, String name, int tile, float[] data, int channels, int[] zyx) {
        if (listener != null) listener.activation(name, tile, data, 0, new int[] {channels, zyx[0], zyx[1], zyx[2]});
    }

    private static long voxels(int[] zyx) {
        return (long) zyx[0] * zyx[1] * zyx[2];
    }

    NetworkSpec spec() {
        return spec;
    }
}

package segshap.kernels.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import segshap.kernels.InputException;
import segshap.kernels.backend.Architecture;
import segshap.kernels.backend.ModelWeights;
import segshap.kernels.backend.NetworkSpec;

/**
 * The canonical state-dict names and shapes an nnU-Net network has, derived from its {@link NetworkSpec}
 * exactly as dynamic-network-architectures 0.4 registers them (aliases {@code *.all_modules.*} and
 * {@code decoder.encoder.*} excluded). Forward backends look weights up by these names.
 *
 * <p>PlainConvUNet, stage {@code s}, conv {@code j} (F = features, k = kernel, st = stride):
 * <pre>
 * encoder.stages.{s}.0.convs.{j}.conv.weight   [F_s, j==0 ? F_in : F_s, kz, ky, kx]   F_in = channels (s=0) or F_{s-1}
 * encoder.stages.{s}.0.convs.{j}.conv.bias     [F_s]            (when conv_bias)
 * encoder.stages.{s}.0.convs.{j}.norm.weight / .norm.bias   [F_s]
 * </pre>
 * ResidualEncoderUNet: {@code encoder.stem.convs.0.{conv,norm}.*} (stem width F_0), then per block
 * {@code encoder.stages.{s}.blocks.{b}.conv1/conv2.{conv,norm}.*}; block 0 of a stage that changes width gets a
 * projection {@code skip.{i}.conv.weight [F_s, F_prev, 1, 1, 1]} (no bias) and {@code skip.{i}.norm.*}, with
 * {@code i = 1} when the block is strided ({@code skip.0} is the parameter-free AvgPool3d) else {@code i = 0}.
 * Decoder, both architectures, decoder stage {@code s} (0 = lowest resolution), {@code F = F_{n-2-s}}:
 * <pre>
 * decoder.transpconvs.{s}.weight   [F_{n-1-s}, F, st_{n-1-s}]    (ConvTranspose3d: [in, out, ...])
 * decoder.transpconvs.{s}.bias     [F]                            (when conv_bias)
 * decoder.stages.{s}.convs.{j}.conv.weight  [F, j==0 ? 2F : F, k_{n-2-s}]  (+ .conv.bias, .norm.weight, .norm.bias)
 * decoder.seg_layers.{s}.weight    [heads, F, 1, 1, 1],  .bias [heads]   (all stages; inference uses s = n-2)
 * </pre>
 */
public final class WeightLayout {
    private WeightLayout() {}

    /**
     * Every parameter the network has, canonical name → shape, in module registration order, i.e. the order of nnU-Net's
     * state dict (encoder; decoder stages, transposed convs, seg layers). Do not mutate the arrays.
     */
    public static Map<String, int[]> expectedWeightShapes(NetworkSpec spec) {
        Map<String, int[]> out = new LinkedHashMap<>();
        int n = spec.stageCount();
        int[] f = spec.featuresPerStage();
        int[][] k = spec.kernelSizesZyx();
        int[][] st = spec.stridesZyx();
        int[] blocks = spec.blocksPerStage();
        boolean bias = spec.convBias();
        if (spec.architecture() == Architecture.PLAIN_CONV_UNET) {
            int in = spec.inputChannels();
            for (int s = 0; s < n; s++) {
                for (int j = 0; j < blocks[s]; j++) {
                    convNorm(out, "encoder.stages." + s + ".0.convs." + j, f[s], j == 0 ? in : f[s], k[s], bias);
                }
                in = f[s];
            }
        } else {
            int stem = f[0]; // stem_channels default; other widths are rejected by NnunetPlansReader
            convNorm(out, "encoder.stem.convs.0", stem, spec.inputChannels(), k[0], bias);
            int in = stem;
            for (int s = 0; s < n; s++) {
                for (int b = 0; b < blocks[s]; b++) {
                    String p = "encoder.stages." + s + ".blocks." + b;
                    int blockIn = b == 0 ? in : f[s];
                    convNorm(out, p + ".conv1", f[s], blockIn, k[s], bias);
                    convNorm(out, p + ".conv2", f[s], f[s], k[s], bias);
                    if (b == 0 && blockIn != f[s]) {
                        boolean strided = st[s][0] != 1 || st[s][1] != 1 || st[s][2] != 1;
                        convNorm(out, p + ".skip." + (strided ? 1 : 0), f[s], blockIn, new int[] {1, 1, 1}, false);
                    }
                }
                in = f[s];
            }
        }
        int[] dec = spec.convsPerStageDecoder();
        for (int s = 0; s < n - 1; s++) {
            int width = f[n - 2 - s];
            for (int j = 0; j < dec[s]; j++) {
                convNorm(out, "decoder.stages." + s + ".convs." + j, width, j == 0 ? 2 * width : width, k[n - 2 - s], bias);
            }
        }
        for (int s = 0; s < n - 1; s++) {
            int below = f[n - 1 - s];
            int skip = f[n - 2 - s];
            int[] up = st[n - 1 - s];
            out.put("decoder.transpconvs." + s + ".weight", new int[] {below, skip, up[0], up[1], up[2]});
            if (bias) out.put("decoder.transpconvs." + s + ".bias", new int[] {skip});
        }
        for (int s = 0; s < n - 1; s++) {
            int width = f[n - 2 - s];
            out.put("decoder.seg_layers." + s + ".weight", new int[] {spec.numHeads(), width, 1, 1, 1});
            out.put("decoder.seg_layers." + s + ".bias", new int[] {spec.numHeads()}); // seg layers always have a bias
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Checks that {@code weights} holds exactly the parameters of {@code spec}: every expected name with its
     * shape, and nothing else (as torch's strict {@code load_state_dict}).
     *
     * @throws InputException naming the weights' source, the key, and the found vs expected shape, or the
     *                        unexpected keys
     */
    public static void checkWeights(ModelWeights weights, NetworkSpec spec) {
        Map<String, int[]> expected = expectedWeightShapes(spec);
        for (Map.Entry<String, int[]> e : expected.entrySet()) {
            weights.require(e.getKey(), e.getValue());
        }
        List<String> unexpected = new ArrayList<>();
        for (String name : weights.tensors().keySet()) {
            if (!expected.containsKey(name)) unexpected.add(name);
        }
        if (!unexpected.isEmpty()) {
            throw new InputException(weights.source() + ": " + unexpected.size() + " weight(s) that the " + spec.architecture()
                    + " in plans.json does not have, e.g. " + unexpected.subList(0, Math.min(5, unexpected.size()))
                    + "; the checkpoint was trained with another architecture or trainer");
        }
    }

    private static void convNorm(Map<String, int[]> out, String prefix, int outCh, int inCh, int[] kernel, boolean bias) {
        out.put(prefix + ".conv.weight", new int[] {outCh, inCh, kernel[0], kernel[1], kernel[2]});
        if (bias) out.put(prefix + ".conv.bias", new int[] {outCh});
        out.put(prefix + ".norm.weight", new int[] {outCh});
        out.put(prefix + ".norm.bias", new int[] {outCh});
    }
}

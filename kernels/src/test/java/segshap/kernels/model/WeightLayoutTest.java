package segshap.kernels.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import segshap.kernels.backend.NetworkSpec;
import segshap.kernels.checkpoint.TorchCheckpoint;
import segshap.kernels.checkpoint.TorchCheckpointReader;
import segshap.kernels.plans.DatasetJson;
import segshap.kernels.plans.NnunetPlansReader;
import segshap.kernels.tensor.FloatTensor;

/** Expected canonical names and shapes, against real state dicts (nnU-Net's PlainConvUNet, our ResEnc). */
class WeightLayoutTest {

    private static NetworkSpec spec(java.nio.file.Path model) {
        DatasetJson d = DatasetJson.read(model.resolve("dataset.json"));
        return NnunetPlansReader.read(model.resolve("plans.json"), "3d_fullres", d).network();
    }

    @Test
    void plainConvUNetLayoutEqualsTheNnunetCheckpointKeysInOrder() {
        Map<String, int[]> expected = WeightLayout.expectedWeightShapes(spec(ModelFixtures.TINY_CT));
        List<String> canonicalInSavedOrder = new ArrayList<>();
        TorchCheckpoint ckpt = TorchCheckpointReader.read(ModelFixtures.TINY_CT_CHECKPOINT);
        for (String k : ckpt.rawNetworkWeights().keySet()) {
            if (TorchCheckpointReader.canonicalName(k) != null) canonicalInSavedOrder.add(k);
        }
        assertEquals(canonicalInSavedOrder, new ArrayList<>(expected.keySet()));
        for (Map.Entry<String, int[]> e : expected.entrySet()) {
            assertArrayEquals(e.getValue(), ckpt.networkWeights().tensors().get(e.getKey()).shape(), e.getKey());
        }
    }

    @Test
    void resEncLayoutEqualsTheTorchStateDictKeysInOrder() throws IOException {
        Map<String, int[]> expected = WeightLayout.expectedWeightShapes(spec(ModelFixtures.RESENC));
        JsonNode manifest = new ObjectMapper().readTree(ModelFixtures.RESENC.resolve("checkpoint_manifest.json").toFile());
        List<String> names = new ArrayList<>();
        for (JsonNode e : manifest.get("canonical")) {
            names.add(e.get("key").asText());
            assertArrayEquals(new ObjectMapper().convertValue(e.get("shape"), int[].class), expected.get(e.get("key").asText()),
                    e.get("key").asText());
        }
        assertEquals(names, new ArrayList<>(expected.keySet()));
    }

    @Test
    void resEncFollowsTheSpecRulesForStemAndSkips() {
        Map<String, int[]> w = WeightLayout.expectedWeightShapes(spec(ModelFixtures.RESENC));
        // stem: 1 input channel → features[0] = 2, kernel of stage 0
        assertArrayEquals(new int[] {2, 1, 1, 3, 3}, w.get("encoder.stem.convs.0.conv.weight"));
        // stage 0: 2 → 2, stride 1: identity skip, no parameters
        assertFalse(w.keySet().stream().anyMatch(k -> k.startsWith("encoder.stages.0.blocks.0.skip")));
        // stage 1: 2 → 4, stride 1: projection only at skip.0, no bias
        assertArrayEquals(new int[] {4, 2, 1, 1, 1}, w.get("encoder.stages.1.blocks.0.skip.0.conv.weight"));
        assertFalse(w.containsKey("encoder.stages.1.blocks.0.skip.0.conv.bias"));
        assertArrayEquals(new int[] {4}, w.get("encoder.stages.1.blocks.0.skip.0.norm.weight"));
        // stage 2: 4 → 8, strided: AvgPool is skip.0, the projection skip.1
        assertArrayEquals(new int[] {8, 4, 1, 1, 1}, w.get("encoder.stages.2.blocks.0.skip.1.conv.weight"));
        assertFalse(w.containsKey("encoder.stages.2.blocks.0.skip.0.conv.weight"));
        // stage 3: 8 → 8, strided: pooling only, no parameters
        assertFalse(w.keySet().stream().anyMatch(k -> k.startsWith("encoder.stages.3.blocks.0.skip")));
        // later blocks keep the width and have no skip parameters
        assertArrayEquals(new int[] {4, 4, 3, 3, 3}, w.get("encoder.stages.1.blocks.1.conv1.conv.weight"));
        assertFalse(w.keySet().stream().anyMatch(k -> k.startsWith("encoder.stages.1.blocks.1.skip")));
        // decoder: transposed conv [in, out, stride], first decoder conv takes 2F
        assertArrayEquals(new int[] {8, 8, 2, 2, 2}, w.get("decoder.transpconvs.0.weight"));
        assertArrayEquals(new int[] {8, 4, 1, 2, 2}, w.get("decoder.transpconvs.1.weight"));
        assertArrayEquals(new int[] {4, 8, 3, 3, 3}, w.get("decoder.stages.1.convs.0.conv.weight"));
        assertArrayEquals(new int[] {3, 2, 1, 1, 1}, w.get("decoder.seg_layers.2.weight"));
    }

    @Test
    void convBiasOffRemovesConvAndTransposedConvBiasesButNotSegLayerBiases() {
        NetworkSpec s = spec(ModelFixtures.TINY_CT);
        NetworkSpec noBias = new NetworkSpec(s.architecture(), s.inputChannels(), s.numHeads(), s.featuresPerStage(),
                s.kernelSizesZyx(), s.stridesZyx(), s.blocksPerStage(), s.convsPerStageDecoder(), false, s.normEps(),
                s.leakySlope());
        Map<String, int[]> w = WeightLayout.expectedWeightShapes(noBias);
        assertFalse(w.containsKey("encoder.stages.0.0.convs.0.conv.bias"));
        assertFalse(w.containsKey("decoder.transpconvs.0.bias"));
        assertArrayEquals(new int[] {3}, w.get("decoder.seg_layers.2.bias"));
        // 8 encoder convs + 6 decoder convs + 3 transposed convs lose their bias
        assertEquals(WeightLayout.expectedWeightShapes(s).size() - (8 + 6 + 3), w.size());
    }

    @Test
    void theResEncCheckpointPassesTheStrictCheck() {
        TorchCheckpoint ckpt = TorchCheckpointReader.read(ModelFixtures.RESENC_CHECKPOINT);
        WeightLayout.checkWeights(ckpt.networkWeights(), spec(ModelFixtures.RESENC));
        FloatTensor stem = ckpt.networkWeights().tensors().get("encoder.stem.convs.0.conv.weight");
        assertEquals(18, stem.size());
    }
}

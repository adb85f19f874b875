package segshap.kernels.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import segshap.kernels.model.ModelFixtures;
import segshap.kernels.tensor.FloatTensor;

/** The genuine nnU-Net checkpoint of the fixture model, compared with the manifest written by torch. */
class NnunetCheckpointReadingTest {
    // float64 sums of float32 values: our summation order is C order as torch's; 1e-6 relative leaves room
    // for a different pairwise grouping in torch's double sum
    private static final double SUM_REL_TOL = 1e-6;

    private static TorchCheckpoint ckpt;
    private static JsonNode manifest;

    @BeforeAll
    static void read() throws IOException {
        ckpt = TorchCheckpointReader.read(ModelFixtures.TINY_CT_CHECKPOINT);
        manifest = new ObjectMapper().readTree(ModelFixtures.TINY_CT.resolve("checkpoint_manifest.json").toFile());
    }

    @Test
    void everyCanonicalTensorMatchesTheManifest() {
        Map<String, FloatTensor> tensors = ckpt.networkWeights().tensors();
        int canonical = 0;
        for (JsonNode e : manifest.get("network_weights")) {
            String key = e.get("key").asText();
            if (key.contains(".all_modules.") || key.startsWith("decoder.encoder.")) {
                assertTrue(!tensors.containsKey(key), "alias kept: " + key);
                continue;
            }
            canonical++;
            FloatTensor t = tensors.get(key);
            assertTrue(t != null, "missing " + key);
            int[] shape = new ObjectMapper().convertValue(e.get("shape"), int[].class);
            assertArrayEquals(shape, t.shape(), key);
            double sum = 0;
            for (float v : t.data()) sum += v;
            double expected = e.get("sum").asDouble();
            assertEquals(expected, sum, SUM_REL_TOL * Math.max(1, Math.abs(expected)), key + " sum");
            JsonNode first = e.get("first_values");
            for (int i = 0; i < first.size(); i++) {
                assertEquals((float) first.get(i).asDouble(), t.data()[i], 0f, key + "[" + i + "]");
            }
        }
        assertEquals(68, canonical);
        assertEquals(canonical, tensors.size());
    }

    @Test
    void rawStateDictHas188KeysOver68SharedStorages() {
        Map<String, TorchTensor> raw = ckpt.rawNetworkWeights();
        assertEquals(188, raw.size());
        Set<TorchStorage> storages = new HashSet<>();
        raw.values().forEach(t -> storages.add(t.storage()));
        assertEquals(68, storages.size());
        // aliases are one storage object, not equal copies
        assertSame(raw.get("encoder.stages.0.0.convs.0.conv.weight").storage(),
                raw.get("decoder.encoder.stages.0.0.convs.0.all_modules.0.weight").storage());
    }

    @Test
    void optimizerMomentumAddsTheRemainingStorageRecords() {
        Set<String> keys = new HashSet<>();
        collectStorageKeys(ckpt.topLevel(), keys);
        assertEquals(manifest.get("num_storage_records").asInt(), keys.size());
    }

    @Test
    void topLevelFieldsAreReadAsJavaValues() {
        assertEquals("nnUNetTrainer", ckpt.trainerName());
        assertEquals("3d_fullres", ckpt.configuration());
        assertArrayEquals(new int[] {0, 1, 2}, ckpt.inferenceAllowedMirroringAxes());
        assertEquals(40L, ckpt.topLevel().get("current_epoch"));
        assertNull(ckpt.topLevel().get("grad_scaler_state"));
        assertTrue(ckpt.topLevel().containsKey("grad_scaler_state"));
        // numpy float64 scalar pickled as numpy.core.multiarray.scalar(dtype('f8'), _codecs.encode(...))
        assertEquals(0.7083030265791477, (Double) ckpt.topLevel().get("_best_ema"), 0.0);
        Map<?, ?> logging = assertInstanceOf(Map.class, ckpt.topLevel().get("logging"));
        List<?> dice = assertInstanceOf(List.class, logging.get("mean_fg_dice"));
        assertEquals(40, dice.size());
        assertInstanceOf(Double.class, dice.get(0));
        Map<?, ?> initArgs = assertInstanceOf(Map.class, ckpt.topLevel().get("init_args"));
        assertEquals(0L, initArgs.get("fold"));
        PickleObject device = assertInstanceOf(PickleObject.class, initArgs.get("device"));
        assertEquals("torch.device", device.module() + "." + device.name());
        assertEquals(List.of("cpu"), device.args());
        Map<?, ?> plans = assertInstanceOf(Map.class, initArgs.get("plans"));
        assertEquals("Dataset901_TinyCT", plans.get("dataset_name"));
    }

    @Test
    void keyOrderFollowsTheStateDict() {
        assertEquals("encoder.stages.0.0.convs.0.conv.weight", ckpt.rawNetworkWeights().keySet().iterator().next());
        List<String> topKeys = List.copyOf(ckpt.topLevel().keySet());
        assertEquals(List.of("network_weights", "optimizer_state", "grad_scaler_state", "logging", "_best_ema",
                "current_epoch", "init_args", "trainer_name", "inference_allowed_mirroring_axes"), topKeys);
    }

    @Test
    void theResEncCheckpointMatchesItsManifestWithEncoderWeightsUnderFourNames() throws IOException {
        TorchCheckpoint resenc = TorchCheckpointReader.read(ModelFixtures.RESENC_CHECKPOINT);
        JsonNode m = new ObjectMapper().readTree(ModelFixtures.RESENC.resolve("checkpoint_manifest.json").toFile());
        Map<String, TorchTensor> raw = resenc.rawNetworkWeights();
        assertEquals(m.get("num_keys").asInt(), raw.size());
        Set<TorchStorage> storages = new HashSet<>(raw.values().stream().map(TorchTensor::storage).toList());
        assertEquals(m.get("num_storages").asInt(), storages.size());
        String stem = "encoder.stem.convs.0.";
        for (String alias : List.of(stem + "all_modules.0.weight", "decoder." + stem + "conv.weight",
                "decoder." + stem + "all_modules.0.weight")) {
            assertSame(raw.get(stem + "conv.weight").storage(), raw.get(alias).storage(), alias);
        }
        Map<String, FloatTensor> tensors = resenc.networkWeights().tensors();
        assertEquals(m.get("canonical").size(), tensors.size());
        for (JsonNode e : m.get("canonical")) {
            FloatTensor t = tensors.get(e.get("key").asText());
            double sum = 0;
            for (float v : t.data()) sum += v;
            assertEquals(e.get("sum").asDouble(), sum, SUM_REL_TOL * Math.max(1, Math.abs(e.get("sum").asDouble())));
            for (int i = 0; i < e.get("first_values").size(); i++) {
                assertEquals((float) e.get("first_values").get(i).asDouble(), t.data()[i], 0f);
            }
        }
    }

    private static void collectStorageKeys(Object o, Set<String> keys) {
        if (o instanceof TorchTensor t) {
            keys.add(t.storage().key());
        } else if (o instanceof Map<?, ?> m) {
            for (Object v : m.values()) collectStorageKeys(v, keys);
        } else if (o instanceof List<?> l) {
            for (Object v : l) collectStorageKeys(v, keys);
        }
    }
}

package segshap.kernels.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import segshap.kernels.model.ModelFixtures;
import segshap.kernels.tensor.FloatTensor;

/**
 * Every storage dtype, strided and offset views, wrapper prefixes and non-tensor pickle values, from a file
 * torch itself wrote (tools/make_torch_pickle_refs.py), in native (little) and big byte order.
 */
class CheckpointDtypesAndViewsTest {

    @ParameterizedTest
    @ValueSource(strings = {"dtypes_and_views.pth", "dtypes_and_views_bigendian.pth"})
    void weightsOfEveryDtypeAndViewConvertToTheFloat32ValuesTorchGives(String file) throws IOException {
        TorchCheckpoint ckpt = TorchCheckpointReader.read(ModelFixtures.PICKLE.resolve(file));
        JsonNode expected = new ObjectMapper().readTree(ModelFixtures.PICKLE.resolve("dtypes_and_views.json").toFile())
                .get("weights");
        Map<String, FloatTensor> got = ckpt.networkWeights().tensors();
        assertEquals(expected.size(), got.size(), "names " + got.keySet());
        Iterator<Map.Entry<String, JsonNode>> it = expected.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            FloatTensor t = got.get(e.getKey());
            assertTrue(t != null, "missing " + e.getKey());
            assertArrayEquals(new ObjectMapper().convertValue(e.getValue().get("shape"), int[].class), t.shape(), e.getKey());
            JsonNode values = e.getValue().get("values");
            float[] want = new float[values.size()];
            for (int i = 0; i < want.length; i++) want[i] = (float) values.get(i).asDouble();
            assertArrayEquals(want, t.data(), 0f, e.getKey() + " " + Arrays.toString(t.data()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dtypes_and_views.pth", "dtypes_and_views_bigendian.pth"})
    void nonTensorValuesMapToJavaTypes(String file) {
        Map<String, Object> top = TorchCheckpointReader.read(ModelFixtures.PICKLE.resolve(file)).topLevel();
        assertEquals(new BigInteger("1180591620717411303424"), top.get("big_int"));
        assertEquals(-5L, top.get("neg_int"));
        assertEquals(2147483648L, top.get("int32_edge"));
        assertEquals(1.5, top.get("float"));
        assertEquals("héllo ✓", top.get("text"));
        assertArrayEquals(new byte[] {0, (byte) 0xff}, (byte[]) top.get("bytes"));
        assertEquals(Set.of(3L), top.get("a_set"));
        assertEquals(Arrays.asList(1L, "a", null), top.get("a_tuple"));
        Map<?, ?> nested = assertInstanceOf(Map.class, top.get("nested"));
        assertEquals(List.of(true, false), nested.get(3L));
        assertEquals((double) 0.1f, top.get("np_f32"));
        assertEquals(-7L, top.get("np_i64"));
        PickleObject device = assertInstanceOf(PickleObject.class, top.get("device"));
        assertEquals(List.of("cuda", 0L), device.args());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dtypes_and_views.pth"})
    void viewsKeepTheirStridesAndOffsetsInTheRawStateDict(String file) {
        Map<String, TorchTensor> raw = TorchCheckpointReader.read(ModelFixtures.PICKLE.resolve(file)).rawNetworkWeights();
        TorchTensor transposed = raw.get("transposed");
        assertArrayEquals(new long[] {1, 3}, transposed.stride());
        assertFalse(transposed.isContiguous());
        TorchTensor slice = raw.get("slice");
        assertEquals(4, slice.storageOffset());
        assertEquals(raw.get("base").storage(), slice.storage());
        assertEquals(TorchDtype.BFLOAT16, raw.get("bf16").storage().dtype());
        assertEquals(TorchDtype.BOOL, raw.get("bool").storage().dtype());
    }

    @ParameterizedTest
    @ValueSource(strings = {"module.encoder.w", "_orig_mod.encoder.w", "module._orig_mod.encoder.w", "encoder.w"})
    void wrapperPrefixesAreStripped(String key) {
        assertEquals("encoder.w", TorchCheckpointReader.canonicalName(key));
    }

    @ParameterizedTest
    @ValueSource(strings = {"encoder.stages.0.0.convs.0.all_modules.0.weight", "decoder.encoder.stem.convs.0.conv.weight",
            "module.decoder.encoder.stages.0.0.convs.0.conv.bias"})
    void aliasesAreDropped(String key) {
        assertNull(TorchCheckpointReader.canonicalName(key));
    }

    @ParameterizedTest
    @ValueSource(strings = {"checkpoint_final.pth"})
    void theFixtureArchiveRootIsNotArchive(String name) {
        // torch.save(obj, path) names the root after the file; the reader must not assume "archive/"
        Path p = ModelFixtures.TINY_CT.resolve("fold_0").resolve(name);
        assertEquals("nnUNetTrainer", TorchCheckpointReader.read(p).trainerName());
    }
}

package segshap.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import segshap.kernels.InputException;
import segshap.kernels.backend.ModelWeights;
import segshap.kernels.checkpoint.SafetensorsReader;
import segshap.kernels.tensor.FloatTensor;

/** The backend checks every canonical weight against the spec before any forward. */
class CpuBackendWeightValidationTest {
    private static final ModelWeights WEIGHTS = SafetensorsReader.read(ForwardCases.FIXTURE_WEIGHTS);

    private static ModelWeights with(String key, FloatTensor replacement) {
        Map<String, FloatTensor> m = new LinkedHashMap<>(WEIGHTS.tensors());
        if (replacement == null) m.remove(key);
        else m.put(key, replacement);
        return new ModelWeights(WEIGHTS.source(), m);
    }

    @Test
    void missingWeightKeyIsNamedInTheError() {
        String key = "decoder.stages.1.convs.0.norm.bias";
        InputException e = assertThrows(InputException.class,
                () -> new CpuBackend(ForwardCases.fixtureSpec(), with(key, null), 1, CpuBackend.DEFAULT_MEMORY_BUDGET_BYTES).close());
        assertTrue(e.getMessage().contains("'" + key + "'") && e.getMessage().contains("missing"), e.getMessage());
        assertTrue(e.getMessage().contains("network_weights.safetensors"), e.getMessage());
    }

    @Test
    void wrongWeightShapeNamesTheKeyAndBothShapes() {
        String key = "encoder.stages.2.0.convs.0.conv.weight"; // really [16, 8, 3, 3, 3]
        InputException e = assertThrows(InputException.class,
                () -> new CpuBackend(ForwardCases.fixtureSpec(), with(key, FloatTensor.zeros(16, 8, 1, 3, 3)), 1, CpuBackend.DEFAULT_MEMORY_BUDGET_BYTES).close());
        String m = e.getMessage();
        assertTrue(m.contains("'" + key + "'") && m.contains("[16, 8, 1, 3, 3]") && m.contains("[16, 8, 3, 3, 3]"), m);
    }

    @Test
    void transposedConvWeightMustBeInputChannelsFirst() {
        // ConvTranspose3d stores [in, out, ...]; a [out, in, ...] tensor is rejected (trap 6)
        String key = "decoder.transpconvs.0.weight"; // really [32, 16, 2, 2, 2]
        InputException e = assertThrows(InputException.class,
                () -> new CpuBackend(ForwardCases.fixtureSpec(), with(key, FloatTensor.zeros(16, 32, 2, 2, 2)), 1, CpuBackend.DEFAULT_MEMORY_BUDGET_BYTES).close());
        assertTrue(e.getMessage().contains("[32, 16, 2, 2, 2]"), e.getMessage());
    }

    @Test
    void missingSegLayerOfTheHighestResolutionIsReported() {
        String key = "decoder.seg_layers.2.weight";
        InputException e = assertThrows(InputException.class,
                () -> new CpuBackend(ForwardCases.fixtureSpec(), with(key, null), 1, CpuBackend.DEFAULT_MEMORY_BUDGET_BYTES).close());
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }

    @Test
    void unusedLowerResolutionSegLayersMayBeAbsent() {
        new CpuBackend(ForwardCases.fixtureSpec(), with("decoder.seg_layers.0.weight", null), 1, CpuBackend.DEFAULT_MEMORY_BUDGET_BYTES).close();
    }
}

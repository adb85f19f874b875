package segshap.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static segshap.kernels.cpu.ForwardCases.assertClose;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import segshap.kernels.backend.NetworkSpec;
import segshap.kernels.backend.TileBatch;
import segshap.kernels.checkpoint.SafetensorsReader;
import segshap.kernels.tensor.Box;
import segshap.kernels.tensor.FloatTensor;
import segshap.kernels.tensor.Npy;

class CpuForwardMatchesReferenceTest {
    /** fp32 throughout; our summation order (im2col k ascending, fused multiply-add) differs from PyTorch's. */
    static final float ACTIVATION_ABS_TOL = 1e-4f;

    /** Every activation the listener saw during one forward, copied out. */
    private static final class Recorder implements ActivationListener {
        final Map<String, float[]> data = new TreeMap<>();
        final Map<String, int[]> shapes = new TreeMap<>();

        @Override
        public void activation(String name, int tile, float[] buffer, int offset, int[] shapeCzyx) {
            int n = shapeCzyx[0] * shapeCzyx[1] * shapeCzyx[2] * shapeCzyx[3];
            float[] copy = new float[n];
            System.arraycopy(buffer, offset, copy, 0, n);
            data.put(name, copy);
            shapes.put(name, shapeCzyx.clone());
        }
    }

    private static float[] runOnce(NetworkSpec spec, Path weights, FloatTensor input, Recorder recorder, int threads) {
        int[] tile = ForwardCases.tileZyx(input);
        float[] logits = new float[spec.numHeads() * tile[0] * tile[1] * tile[2]];
        try (CpuBackend cpu = new CpuBackend(spec, SafetensorsReader.read(weights), threads,
                CpuBackend.DEFAULT_MEMORY_BUDGET_BYTES)) {
            cpu.setActivationListener(recorder);
            cpu.forward(TileBatch.packed(tile, spec.numHeads(), input.data(), new Box[] {Box.ofShape(tile)}, logits));
        }
        return logits;
    }

    private static void assertMatches(Path dir, NetworkSpec spec, Path weights, List<String> activations) {
        FloatTensor input = Npy.read(dir.resolve(dir.endsWith("plain") ? "input_patch_bczyx.npy" : "input_bczyx.npy"));
        Recorder recorder = new Recorder();
        float[] logits = runOnce(spec, weights, input, recorder, 2);
        int[] tile = ForwardCases.tileZyx(input);
        for (String name : activations) {
            FloatTensor ref = Npy.read(dir.resolve("activations/" + name + ".npy"));
            assertClose(name, ref, recorder.data.get(name), 0, recorder.shapes.get(name), ACTIVATION_ABS_TOL);
        }
        assertClose("logits", Npy.read(dir.resolve("logits_bczyx.npy")), logits, 0,
                new int[] {spec.numHeads(), tile[0], tile[1], tile[2]}, ACTIVATION_ABS_TOL);
    }

    @Test
    void fixtureLogitsAndEveryStageActivationMatchNnunet() {
        assertMatches(ForwardCases.SINGLE_PATCH, ForwardCases.fixtureSpec(), ForwardCases.FIXTURE_WEIGHTS,
                List.of("encoder_stage0", "encoder_stage1", "encoder_stage2", "encoder_stage3",
                        "decoder_transpconv0", "decoder_transpconv1", "decoder_transpconv2",
                        "decoder_stage0", "decoder_stage1", "decoder_stage2"));
    }

    @Test
    void residualEncoderUNetMatchesTorchReference() {
        Path dir = ForwardCases.FORWARD.resolve("resenc_tiny");
        assertMatches(dir, ForwardCases.readSpec(dir.resolve("spec.json")), dir.resolve("weights.safetensors"),
                List.of("encoder_stem", "encoder_stage1", "encoder_stage2", "encoder_stage3", "decoder_transpconv0",
                        "decoder_stage2"));
    }

    @Test
    void plainUNetWithTwoInputChannelsOddFeaturesAndNoBiasMatchesTorchReference() {
        Path dir = ForwardCases.FORWARD.resolve("plain_2ch");
        assertMatches(dir, ForwardCases.readSpec(dir.resolve("spec.json")), dir.resolve("weights.safetensors"),
                List.of("encoder_stage0", "encoder_stage2", "decoder_transpconv1", "decoder_stage1"));
    }

    @Test
    void listenerSeesEveryFixtureStageWithNnunetShapes() {
        FloatTensor input = Npy.read(ForwardCases.SINGLE_PATCH.resolve("input_patch_bczyx.npy"));
        Recorder recorder = new Recorder();
        runOnce(ForwardCases.fixtureSpec(), ForwardCases.FIXTURE_WEIGHTS, input, recorder, 1);
        assertEquals(List.of("decoder_stage0", "decoder_stage1", "decoder_stage2", "decoder_transpconv0",
                "decoder_transpconv1", "decoder_transpconv2", "encoder_stage0", "encoder_stage1", "encoder_stage2",
                "encoder_stage3"), List.copyOf(recorder.data.keySet()));
        assertEquals("[32, 4, 4, 4]", java.util.Arrays.toString(recorder.shapes.get("encoder_stage3")));
        assertEquals("[16, 8, 8, 8]", java.util.Arrays.toString(recorder.shapes.get("decoder_transpconv0")));
    }
}

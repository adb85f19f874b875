package segshap.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import segshap.kernels.backend.ForwardBackend;
import segshap.kernels.backend.ForwardBackendContract;
import segshap.kernels.backend.ModelWeights;
import segshap.kernels.backend.NetworkSpec;
import segshap.kernels.backend.TileBatch;
import segshap.kernels.checkpoint.SafetensorsReader;
import segshap.kernels.tensor.Box;
import segshap.kernels.tensor.FloatTensor;
import segshap.kernels.tensor.Npy;

/**
 * {@link ForwardBackendContract} for {@link CpuBackend} on the fixture network, plus what only the CPU backend
 * promises: thread-count independence, workspace reuse across tile shapes, and a {@code batchBytes} that is
 * exactly the workspace it allocates.
 */
class CpuBackendContractTest extends ForwardBackendContract {
    private static final NetworkSpec SPEC = ForwardCases.fixtureSpec();
    private static final ModelWeights WEIGHTS = SafetensorsReader.read(ForwardCases.FIXTURE_WEIGHTS);
    private static final int[] TILE = {16, 32, 32};
    private static final int HEADS = 3;
    private static final long BUDGET = 64L << 20;

    @Override
    protected ForwardBackend open() {
        return new CpuBackend(SPEC, WEIGHTS, 2, BUDGET);
    }

    private static float[] fixtureInput() {
        return Npy.read(ForwardCases.SINGLE_PATCH.resolve("input_patch_bczyx.npy")).data();
    }

    private static float[] forward(CpuBackend cpu, float[] input, int[] tile) {
        Box[] whole = {Box.ofShape(tile)};
        float[] out = new float[(int) TileBatch.outputFloats(HEADS, whole)];
        cpu.forward(TileBatch.packed(tile, HEADS, input, whole, out));
        return out;
    }

    @Test
    void resultsAreBitIdenticalForOneAndThreeThreads() {
        // a larger tile than the fixture's, so convs span several position blocks and K blocks
        int[] tile = {16, 64, 48};
        SplittableRandom rng = new SplittableRandom(17);
        float[] input = new float[tile[0] * tile[1] * tile[2]];
        for (int i = 0; i < input.length; i++) input[i] = (float) rng.nextGaussian();
        float[] one;
        float[] three;
        try (CpuBackend cpu = new CpuBackend(SPEC, WEIGHTS, 1, BUDGET)) {
            one = forward(cpu, input, tile);
        }
        try (CpuBackend cpu = new CpuBackend(SPEC, WEIGHTS, 3, BUDGET)) {
            three = forward(cpu, input, tile);
        }
        assertArrayEquals(one, three);
        Path dir = ForwardCases.FORWARD.resolve("resenc_tiny");
        NetworkSpec resEnc = ForwardCases.readSpec(dir.resolve("spec.json"));
        ModelWeights resWeights = SafetensorsReader.read(dir.resolve("weights.safetensors"));
        FloatTensor resInput = Npy.read(dir.resolve("input_bczyx.npy"));
        int[] resTile = ForwardCases.tileZyx(resInput);
        float[] r1;
        float[] r3;
        try (CpuBackend cpu = new CpuBackend(resEnc, resWeights, 1, BUDGET)) {
            r1 = forward(cpu, resInput.data(), resTile);
        }
        try (CpuBackend cpu = new CpuBackend(resEnc, resWeights, 3, BUDGET)) {
            r3 = forward(cpu, resInput.data(), resTile);
        }
        assertArrayEquals(r1, r3);
    }

    @Test
    void workspaceIsReallocatedWhenTheTileShapeChanges() {
        float[] input = fixtureInput();
        int[] small = {4, 8, 8};
        float[] smallInput = new float[4 * 8 * 8];
        try (CpuBackend cpu = new CpuBackend(SPEC, WEIGHTS, 2, BUDGET)) {
            float[] before = forward(cpu, input, TILE);
            forward(cpu, smallInput, small);
            float[] after = forward(cpu, input, TILE);
            assertArrayEquals(before, after);
        }
    }

    @Test
    void batchBytesIsTheAllocatedWorkspacePlusEachTilesInputAndFullOutput() {
        for (int threads : new int[] {1, 3}) {
            Workspace ws = new UNetForward(SPEC, WEIGHTS).newWorkspace(TILE, threads);
            long allocated = ws.logits.length + ws.concat.length;
            for (float[] s : ws.skips) allocated += s.length;
            for (float[] b : ws.buffers) allocated += b.length;
            if (ws.stem != null) allocated += ws.stem.length;
            for (Scratch w : ws.workers) {
                for (float[] row : w.col) allocated += row.length;
                for (float[] row : w.acc) allocated += row.length;
            }
            long perTile = (1L + HEADS) * TILE[0] * TILE[1] * TILE[2];
            try (CpuBackend cpu = new CpuBackend(SPEC, WEIGHTS, threads, BUDGET)) {
                for (int n : new int[] {1, 5}) {
                    assertEquals(4 * (allocated + n * perTile), cpu.batchBytes(TILE, n), threads + " threads, " + n + " tiles");
                }
            }
        }
    }

    @Test
    void memoryBudgetIsTheOneGivenAndMustBePositive() {
        try (CpuBackend cpu = new CpuBackend(SPEC, WEIGHTS, 1, 12345)) {
            assertEquals(12345, cpu.memoryBudgetBytes());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CpuBackend(SPEC, WEIGHTS, 1, 0));
        assertTrue(e.getMessage().contains("memoryBudgetBytes"), e.getMessage());
    }

    @Test
    void describesItsThreadsAndSpec() {
        try (CpuBackend cpu = new CpuBackend(SPEC, WEIGHTS, 3, BUDGET)) {
            assertEquals("cpu(3 threads)", cpu.describe());
            assertEquals(SPEC, cpu.spec());
        }
    }
}

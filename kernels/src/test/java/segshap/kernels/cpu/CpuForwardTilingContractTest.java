package segshap.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import segshap.kernels.backend.ModelWeights;
import segshap.kernels.backend.NetworkSpec;
import segshap.kernels.checkpoint.SafetensorsReader;
import segshap.kernels.tensor.Box;
import segshap.kernels.tensor.FloatTensor;
import segshap.kernels.tensor.Npy;

/** Crop, batching, thread-count independence and argument checks of {@link CpuBackend#forwardTiles}. */
class CpuForwardTilingContractTest {
    private static final NetworkSpec SPEC = ForwardCases.fixtureSpec();
    private static final ModelWeights WEIGHTS = SafetensorsReader.read(ForwardCases.FIXTURE_WEIGHTS);
    private static final int[] TILE = {16, 32, 32};
    private static final int HEADS = 3;

    private static float[] fixtureInput() {
        return Npy.read(ForwardCases.SINGLE_PATCH.resolve("input_patch_bczyx.npy")).data();
    }

    private static float[] forward(CpuBackend cpu, float[] input, int[] tile, int count, Box crop) {
        float[] out = new float[(int) (count * HEADS * crop.voxelCount())];
        cpu.forwardTiles(input, 0, tile, count, crop, out, 0);
        return out;
    }

    @Test
    void cropReturnsExactlyTheSubBlockOfTheFullLogits() {
        float[] input = fixtureInput();
        Box crop = new Box(3, 5, 7, 11, 20, 30);
        try (CpuBackend cpu = new CpuBackend(SPEC, WEIGHTS, 2)) {
            float[] full = forward(cpu, input, TILE, 1, Box.ofShape(TILE));
            float[] cropped = forward(cpu, input, TILE, 1, crop);
            int i = 0;
            for (int h = 0; h < HEADS; h++) {
                for (int z = crop.z0(); z < crop.z1(); z++) {
                    for (int y = crop.y0(); y < crop.y1(); y++) {
                        for (int x = crop.x0(); x < crop.x1(); x++) {
                            assertEquals(full[((h * TILE[0] + z) * TILE[1] + y) * TILE[2] + x], cropped[i++],
                                    "logit (h,z,y,x) " + h + "," + z + "," + y + "," + x);
                        }
                    }
                }
            }
            assertEquals(cropped.length, i);
        }
    }

    @Test
    void batchOfTwoTilesEqualsTwoSingleCalls() {
        float[] a = fixtureInput();
        float[] b = a.clone();
        for (int i = 0; i < b.length; i += 7) b[i] = -b[i] + 0.25f; // a different second tile
        float[] both = new float[2 * a.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        Box crop = new Box(0, 4, 4, 16, 28, 28);
        try (CpuBackend cpu = new CpuBackend(SPEC, WEIGHTS, 2)) {
            float[] batched = forward(cpu, both, TILE, 2, crop);
            float[] first = forward(cpu, a, TILE, 1, crop);
            float[] second = forward(cpu, b, TILE, 1, crop);
            float[] expected = new float[batched.length];
            System.arraycopy(first, 0, expected, 0, first.length);
            System.arraycopy(second, 0, expected, first.length, second.length);
            assertArrayEquals(expected, batched);
        }
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
        try (CpuBackend cpu = new CpuBackend(SPEC, WEIGHTS, 1)) {
            one = forward(cpu, input, tile, 1, Box.ofShape(tile));
        }
        try (CpuBackend cpu = new CpuBackend(SPEC, WEIGHTS, 3)) {
            three = forward(cpu, input, tile, 1, Box.ofShape(tile));
        }
        assertArrayEquals(one, three);
        Path dir = ForwardCases.FORWARD.resolve("resenc_tiny");
        NetworkSpec resEnc = ForwardCases.readSpec(dir.resolve("spec.json"));
        ModelWeights resWeights = SafetensorsReader.read(dir.resolve("weights.safetensors"));
        FloatTensor resInput = Npy.read(dir.resolve("input_bczyx.npy"));
        int[] resTile = ForwardCases.tileZyx(resInput);
        float[] r1 = new float[3 * resInput.size()];
        float[] r3 = new float[3 * resInput.size()];
        try (CpuBackend cpu = new CpuBackend(resEnc, resWeights, 1)) {
            cpu.forwardTiles(resInput.data(), 0, resTile, 1, Box.ofShape(resTile), r1, 0);
        }
        try (CpuBackend cpu = new CpuBackend(resEnc, resWeights, 3)) {
            cpu.forwardTiles(resInput.data(), 0, resTile, 1, Box.ofShape(resTile), r3, 0);
        }
        assertArrayEquals(r1, r3);
    }

    @Test
    void workspaceIsReallocatedWhenTheTileShapeChanges() {
        float[] input = fixtureInput();
        int[] small = {4, 8, 8};
        float[] smallInput = new float[4 * 8 * 8];
        try (CpuBackend cpu = new CpuBackend(SPEC, WEIGHTS, 2)) {
            float[] before = forward(cpu, input, TILE, 1, Box.ofShape(TILE));
            forward(cpu, smallInput, small, 1, Box.ofShape(small));
            float[] after = forward(cpu, input, TILE, 1, Box.ofShape(TILE));
            assertArrayEquals(before, after);
        }
    }

    @Test
    void tileNotDivisibleByTheTotalStrideIsRejected() {
        try (CpuBackend cpu = new CpuBackend(SPEC, WEIGHTS, 1)) {
            int[] tile = {16, 30, 32};
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> cpu.forwardTiles(new float[16 * 30 * 32], 0, tile, 1, Box.ofShape(tile), new float[3 * 16 * 30 * 32], 0));
            assertTrue(e.getMessage().contains("[16, 30, 32]") && e.getMessage().contains("[4, 8, 8]"), e.getMessage());
        }
    }

    @Test
    void cropOutsideTheTileAndShortArraysAreRejected() {
        try (CpuBackend cpu = new CpuBackend(SPEC, WEIGHTS, 1)) {
            float[] input = fixtureInput();
            Box outside = new Box(0, 0, 0, 17, 32, 32);
            assertThrows(IllegalArgumentException.class,
                    () -> cpu.forwardTiles(input, 0, TILE, 1, outside, new float[3 * 17 * 32 * 32], 0));
            assertThrows(IllegalArgumentException.class,
                    () -> cpu.forwardTiles(input, 0, TILE, 2, Box.ofShape(TILE), new float[6 * 16 * 32 * 32], 0));
            assertThrows(IllegalArgumentException.class,
                    () -> cpu.forwardTiles(input, 0, TILE, 1, Box.ofShape(TILE), new float[16 * 32 * 32], 0));
        }
    }

    @Test
    void closedBackendRefusesWorkAndDescribesItsThreads() {
        CpuBackend cpu = new CpuBackend(SPEC, WEIGHTS, 3);
        assertEquals("cpu(3 threads)", cpu.describe());
        assertEquals(SPEC, cpu.spec());
        cpu.close();
        assertThrows(IllegalStateException.class,
                () -> cpu.forwardTiles(fixtureInput(), 0, TILE, 1, Box.ofShape(TILE), new float[3 * 16 * 32 * 32], 0));
    }
}

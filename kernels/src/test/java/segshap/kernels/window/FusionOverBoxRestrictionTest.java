package segshap.kernels.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import segshap.kernels.backend.TileBatch;
import segshap.kernels.tensor.Box;
import segshap.kernels.tensor.FloatTensor;

/** Fusing only over a box B, from tile logits cropped to tile ∩ B, equals the full prediction restricted to B. */
class FusionOverBoxRestrictionTest {
    static final int[] PATCH = {8, 16, 16};
    static final int[] SHAPE = {11, 20, 45};

    static LongStream seeds() {
        return LongStream.range(1, 13);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void fusionOverARandomBoxEqualsTheFullResultRestrictedBitForBit(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int[] shape : new int[][] {SHAPE, {6, 20, 13}}) {
            Box b = randomBox(r, shape);
            for (AccumulationMode mode : AccumulationMode.values()) {
                FloatTensor input = WindowTestData.randomVolume(seed, 1, shape[0], shape[1], shape[2]);
                FloatTensor full = new SlidingWindowPredictor(new FakeForwardBackend(FakeForwardBackend.Formula.RAMP),
                        new SlidingWindowPredictor.Options(5, new int[0], mode, 0.5))
                        .predictLogits(input, PATCH, TileProgress.NONE);
                FloatTensor boxed = fuseOverBox(input, shape, b, mode);
                WindowTestData.assertBitEqual(restrict(full, b), boxed, mode + " over " + b);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(AccumulationMode.class)
    void incrementalAccumulationEqualsFuse(AccumulationMode mode) {
        FloatTensor input = WindowTestData.randomVolume(42, 1, SHAPE[0], SHAPE[1], SHAPE[2]);
        TileGrid grid = TileGrid.of(SHAPE, PATCH);
        FusionOverBox fusion = new FusionOverBox(grid, GaussianImportanceMap.of(PATCH, mode), new Box(2, 3, 10, 9, 17, 33), 3);
        List<float[]> logits = croppedLogits(input, grid, fusion);
        float[] acc = new float[fusion.accumulatorLength()];
        float[] packed = new float[7 + logits.stream().mapToInt(a -> a.length).sum()];
        int off = 7;
        for (int i = 0; i < logits.size(); i++) {
            System.arraycopy(logits.get(i), 0, packed, off, logits.get(i).length);
            fusion.accumulateTile(fusion.tiles().get(i), packed, off, acc);
            off += logits.get(i).length;
        }
        fusion.divideByWeights(acc);
        assertEquals(fusion.fuse(logits), new FloatTensor(new int[] {3, 7, 14, 23}, acc));
    }

    @Test
    void weightSumIsTheSumOfGaussiansOfTheTilesMeetingTheBox() {
        TileGrid grid = TileGrid.of(SHAPE, PATCH);
        Box b = new Box(0, 0, 0, 11, 20, 45);
        float[] g = GaussianImportanceMap.float32(PATCH).values();
        FusionOverBox fusion = new FusionOverBox(grid, GaussianImportanceMap.float32(PATCH), b, 3);
        float[] w = fusion.weightSum();
        // voxel (5, 10, 20) lies in every tile of z starts {0,3}, y starts {0,4}, x starts {7,14}
        float expected = 0;
        for (int tz : new int[] {0, 3}) for (int ty : new int[] {0, 4}) for (int tx : new int[] {7, 14})
            expected += g[((5 - tz) * 16 + 10 - ty) * 16 + 20 - tx];
        assertEquals(expected, w[(5 * 20 + 10) * 45 + 20]);
    }

    @Test
    void boxOutsideTheVolumeAndMismatchedGaussianAreRejected() {
        TileGrid grid = TileGrid.of(SHAPE, PATCH);
        GaussianImportanceMap g = GaussianImportanceMap.float32(PATCH);
        assertThrows(IllegalArgumentException.class, () -> new FusionOverBox(grid, g, new Box(0, 0, 0, 12, 5, 5), 3));
        assertThrows(IllegalArgumentException.class, () -> new FusionOverBox(grid, g, new Box(1, 1, 1, 1, 5, 5), 3));
        assertThrows(IllegalArgumentException.class,
                () -> new FusionOverBox(grid, GaussianImportanceMap.float32(new int[] {8, 16, 8}), new Box(0, 0, 0, 2, 2, 2), 3));
        FusionOverBox f = new FusionOverBox(grid, g, new Box(0, 0, 0, 2, 2, 2), 3);
        Tile far = grid.tile(grid.tileCount() - 1);
        assertThrows(IllegalArgumentException.class, () -> f.accumulateTile(far, new float[3 * 8 * 16 * 16], 0,
                new float[f.accumulatorLength()]));
    }

    /** The engine's path: forward each tile with crop = tile ∩ B, fuse over B. */
    private static FloatTensor fuseOverBox(FloatTensor input, int[] shape, Box b, AccumulationMode mode) {
        TileGrid grid = TileGrid.of(shape, PATCH);
        FusionOverBox fusion = new FusionOverBox(grid, GaussianImportanceMap.of(PATCH, mode), b, 3);
        return fusion.fuse(croppedLogits(input, grid, fusion));
    }

    private static List<float[]> croppedLogits(FloatTensor input, TileGrid grid, FusionOverBox fusion) {
        FakeForwardBackend fake = new FakeForwardBackend(FakeForwardBackend.Formula.RAMP);
        float[] tileInput = new float[8 * 16 * 16];
        List<float[]> out = new ArrayList<>();
        for (Tile t : fusion.tiles()) {
            Box crop = fusion.cropInTile(t);
            TileExtractor.extractTile(input, grid, t, tileInput, 0);
            float[] logits = new float[Math.toIntExact(3 * crop.voxelCount())];
            fake.forward(TileBatch.packed(PATCH, 3, tileInput, new Box[] {crop}, logits));
            out.add(logits);
        }
        return out;
    }

    private static Box randomBox(SplittableRandom r, int[] shape) {
        int[] lo = new int[3], hi = new int[3];
        for (int a = 0; a < 3; a++) {
            lo[a] = r.nextInt(shape[a]);
            hi[a] = lo[a] + 1 + r.nextInt(shape[a] - lo[a]);
        }
        return new Box(lo[0], lo[1], lo[2], hi[0], hi[1], hi[2]);
    }

    private static FloatTensor restrict(FloatTensor full, Box b) {
        int[] s = full.shape();
        float[] out = new float[Math.toIntExact(s[0] * b.voxelCount())];
        int i = 0;
        for (int h = 0; h < s[0]; h++)
            for (int z = b.z0(); z < b.z1(); z++)
                for (int y = b.y0(); y < b.y1(); y++)
                    for (int x = b.x0(); x < b.x1(); x++) out[i++] = full.data()[((h * s[1] + z) * s[2] + y) * s[3] + x];
        return new FloatTensor(new int[] {s[0], b.sizeZ(), b.sizeY(), b.sizeX()}, out);
    }
}

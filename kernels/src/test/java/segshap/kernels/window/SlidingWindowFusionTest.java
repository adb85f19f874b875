package segshap.kernels.window;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import segshap.kernels.InputException;
import segshap.kernels.tensor.FloatTensor;

class SlidingWindowFusionTest {
    /** float32 products and sums vs a double reference: a few float32 roundings of values up to ~15. */
    static final double FUSION_ABS_TOL = 1e-6;
    static final double FUSION_REL_TOL = 1e-6;
    /** Mirroring a voxel-wise fake sums 8 equal float32 values and divides by 8: up to a few ulps. */
    static final double MIRROR_REL_TOL = 1e-6;

    static final int[] PATCH = {8, 16, 16};

    private static FloatTensor predict(FakeForwardBackend backend, FloatTensor input, int batch, int[] mirror,
                                       AccumulationMode mode) {
        return new SlidingWindowPredictor(backend, new SlidingWindowPredictor.Options(batch, mirror, mode, 0.5))
                .predictLogits(input, PATCH, TileProgress.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"11x20x45", "6x20x13", "8x16x16", "3x5x7", "19x37x33"})
    void float32FusionEqualsAStraightforwardDoubleAccumulation(String shapeText) {
        String[] s = shapeText.split("x");
        int[] shape = {Integer.parseInt(s[0]), Integer.parseInt(s[1]), Integer.parseInt(s[2])};
        FloatTensor input = WindowTestData.randomVolume(shapeText.hashCode(), 1, shape[0], shape[1], shape[2]);
        FakeForwardBackend fake = new FakeForwardBackend(FakeForwardBackend.Formula.RAMP);
        FloatTensor actual = predict(fake, input, 2, new int[0], AccumulationMode.FLOAT32);

        // reference: materialise the padded volume, visit every tile, accumulate g·z and g in double
        TileGrid g = TileGrid.of(shape, PATCH);
        int[] ps = g.paddedShapeZyx(), lo = g.padLoZyx();
        float[] gauss = GaussianImportanceMap.float32(PATCH).values();
        double[] acc = new double[3 * ps[0] * ps[1] * ps[2]];
        double[] w = new double[ps[0] * ps[1] * ps[2]];
        for (Tile t : g.tiles()) {
            int[] o = t.boxPadded().loZyx();
            for (int z = 0; z < PATCH[0]; z++)
                for (int y = 0; y < PATCH[1]; y++)
                    for (int x = 0; x < PATCH[2]; x++) {
                        int pz = o[0] + z - lo[0], py = o[1] + y - lo[1], px = o[2] + x - lo[2];
                        boolean inside = pz >= 0 && pz < shape[0] && py >= 0 && py < shape[1] && px >= 0 && px < shape[2];
                        float v = inside ? input.data()[(pz * shape[1] + py) * shape[2] + px] : 0f;
                        double gv = gauss[(z * PATCH[1] + y) * PATCH[2] + x];
                        int vi = ((o[0] + z) * ps[1] + o[1] + y) * ps[2] + o[2] + x;
                        w[vi] += gv;
                        for (int h = 0; h < 3; h++) acc[h * w.length + vi] += gv * fake.logit(h, v, z, y, x);
                    }
        }
        float[] expected = new float[3 * shape[0] * shape[1] * shape[2]];
        for (int h = 0; h < 3; h++)
            for (int z = 0; z < shape[0]; z++)
                for (int y = 0; y < shape[1]; y++)
                    for (int x = 0; x < shape[2]; x++) {
                        int vi = ((z + lo[0]) * ps[1] + y + lo[1]) * ps[2] + x + lo[2];
                        expected[((h * shape[0] + z) * shape[1] + y) * shape[2] + x] = (float) (acc[h * w.length + vi] / w[vi]);
                    }
        WindowTestData.assertClose(new FloatTensor(new int[] {3, shape[0], shape[1], shape[2]}, expected), actual,
                FUSION_ABS_TOL, FUSION_REL_TOL, "fp32 fusion " + shapeText);
    }

    @ParameterizedTest
    @EnumSource(AccumulationMode.class)
    void batchSizeDoesNotChangeTheResult(AccumulationMode mode) {
        FloatTensor input = WindowTestData.randomVolume(3, 1, 11, 20, 45); // 20 tiles
        FloatTensor one = predict(new FakeForwardBackend(FakeForwardBackend.Formula.RAMP), input, 1, new int[0], mode);
        for (int batch : new int[] {3, 7, 20, 64}) {
            FakeForwardBackend fake = new FakeForwardBackend(FakeForwardBackend.Formula.RAMP);
            FloatTensor b = predict(fake, input, batch, new int[0], mode);
            WindowTestData.assertBitEqual(one, b, "batch " + batch);
            assertEquals(20, fake.tileCountsPerCall.stream().mapToInt(Integer::intValue).sum());
            assertEquals(Math.min(batch, 20), fake.tileCountsPerCall.get(0));
        }
    }

    @Test
    void mirroringAFlipEquivariantNetworkChangesNothing() {
        FloatTensor input = WindowTestData.randomVolume(5, 1, 11, 20, 45);
        FloatTensor plain = predict(new FakeForwardBackend(FakeForwardBackend.Formula.VOXELWISE), input, 4, new int[0],
                AccumulationMode.FLOAT32);
        FakeForwardBackend fake = new FakeForwardBackend(FakeForwardBackend.Formula.VOXELWISE);
        FloatTensor mirrored = predict(fake, input, 4, new int[] {0, 1, 2}, AccumulationMode.FLOAT32);
        WindowTestData.assertClose(plain, mirrored, 0, MIRROR_REL_TOL, "mirrored voxel-wise fake");
        assertEquals(8 * 20, fake.tileCountsPerCall.stream().mapToInt(Integer::intValue).sum(), "8 runs per tile");
    }

    @Test
    void mirroringAPositionDependentNetworkChangesTheResult() {
        FloatTensor input = WindowTestData.randomVolume(5, 1, 11, 20, 45);
        FloatTensor plain = predict(new FakeForwardBackend(FakeForwardBackend.Formula.RAMP), input, 4, new int[0],
                AccumulationMode.FLOAT32);
        FloatTensor mirrored = predict(new FakeForwardBackend(FakeForwardBackend.Formula.RAMP), input, 4, new int[] {2},
                AccumulationMode.FLOAT32);
        assertNotEquals(plain, mirrored);
    }

    @Test
    void progressCountsEveryTileOnceUpToTheTotal() {
        FloatTensor input = WindowTestData.randomVolume(9, 1, 11, 20, 45);
        List<int[]> calls = new ArrayList<>();
        new SlidingWindowPredictor(new FakeForwardBackend(FakeForwardBackend.Formula.RAMP),
                new SlidingWindowPredictor.Options(6, new int[0], AccumulationMode.FLOAT32, 0.5))
                .predictLogits(input, PATCH, (done, total) -> calls.add(new int[] {done, total}));
        assertEquals(4, calls.size());
        assertArrayEquals(new int[] {6, 20}, calls.get(0));
        assertArrayEquals(new int[] {20, 20}, calls.get(3));
        for (int i = 1; i < calls.size(); i++) assertTrue(calls.get(i)[0] > calls.get(i - 1)[0]);
    }

    @Test
    void wrongChannelCountOrPatchIsRejectedBeforeAnyForward() {
        FakeForwardBackend fake = new FakeForwardBackend(FakeForwardBackend.Formula.RAMP);
        var predictor = new SlidingWindowPredictor(fake,
                new SlidingWindowPredictor.Options(1, new int[0], AccumulationMode.FLOAT32, 0.5));
        assertThrows(IllegalArgumentException.class,
                () -> predictor.predictLogits(FloatTensor.zeros(2, 8, 16, 16), PATCH, TileProgress.NONE));
        assertThrows(InputException.class, // the fake's total stride is (1, 2, 2)
                () -> predictor.predictLogits(FloatTensor.zeros(1, 8, 16, 16), new int[] {8, 15, 16}, TileProgress.NONE));
        assertTrue(fake.tileCountsPerCall.isEmpty());
    }

    @Test
    void invalidOptionsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new SlidingWindowPredictor.Options(0, new int[0], AccumulationMode.FLOAT32, 0.5));
        assertThrows(IllegalArgumentException.class,
                () -> new SlidingWindowPredictor.Options(1, new int[] {1, 1}, AccumulationMode.FLOAT32, 0.5));
        assertThrows(IllegalArgumentException.class,
                () -> new SlidingWindowPredictor.Options(1, new int[] {3}, AccumulationMode.FLOAT32, 0.5));
    }
}

package segshap.engine.coalition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import segshap.engine.grid.GridGeometry;
import segshap.engine.grid.LabelMap;
import segshap.engine.roi.ReceptiveFieldSupport;
import segshap.engine.roi.Roi;
import segshap.engine.units.UnitPartition;
import segshap.engine.units.UnitPartitioner;
import segshap.engine.value.ScoringRegion;
import segshap.kernels.tensor.Box;
import segshap.kernels.tensor.FloatTensor;
import segshap.kernels.window.Tile;
import segshap.kernels.window.TileGrid;

class CachedEvaluatorMatchesReferenceTest {
    static final int[] SHAPE = {12, 22, 20};
    static final int[] PATCH = {8, 8, 8};
    static final float MASK = -1.5f;

    static LongStream seeds() {
        return LongStream.of(1, 2, 3);
    }

    /** A random volume with four box "organs" of raised intensity; organ 2 is the target-like structure. */
    static Fixture fixture(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = SHAPE[0] * SHAPE[1] * SHAPE[2];
        float[] vol = new float[n];
        int[] labels = new int[n];
        Box[] organs = {new Box(2, 3, 3, 7, 9, 9), new Box(4, 8, 8, 9, 15, 14), new Box(1, 12, 2, 6, 20, 8),
                new Box(7, 2, 12, 11, 10, 19)};
        for (int z = 0; z < SHAPE[0]; z++) {
            for (int y = 0; y < SHAPE[1]; y++) {
                for (int x = 0; x < SHAPE[2]; x++) {
                    int i = (z * SHAPE[1] + y) * SHAPE[2] + x;
                    vol[i] = (float) (rnd.nextDouble() * 0.4 - 0.2);
                    for (int k = 0; k < organs.length; k++) {
                        if (organs[k].contains(z, y, x)) {
                            labels[i] = k + 1;
                            vol[i] += 0.6f + 0.1f * k;
                        }
                    }
                }
            }
        }
        FloatTensor volume = new FloatTensor(new int[] {1, SHAPE[0], SHAPE[1], SHAPE[2]}, vol);
        TileGrid grid = TileGrid.of(SHAPE, PATCH);
        List<Box> tiles = new ArrayList<>();
        for (Tile t : grid.tiles()) tiles.add(grid.boxUnpadded(t));
        Box roiBox = new Box(4, 9, 9, 8, 14, 13);
        float[] roiMask = new float[n];
        for (int z = roiBox.z0(); z < roiBox.z1(); z++)
            for (int y = roiBox.y0(); y < roiBox.y1(); y++)
                for (int x = roiBox.x0(); x < roiBox.x1(); x++) roiMask[(z * SHAPE[1] + y) * SHAPE[2] + x] = 1;
        Roi roi = Roi.fromMask(new FloatTensor(SHAPE, roiMask), SHAPE, "roi");
        ReceptiveFieldSupport support = ReceptiveFieldSupport.of(SHAPE, roi.box(), tiles);
        GridGeometry geometry = GridGeometry.ofSpacingAndOrigin(SHAPE, new double[] {2, 1, 1}, new double[] {0, 0, 0});
        UnitPartition partition = new UnitPartitioner(geometry, support, vol, MASK)
                .organs(new LabelMap(SHAPE, labels), Map.of(1, "a", 2, "b", 3, "c", 4, "d"));
        return new Fixture(volume, grid, partition, roi);
    }

    record Fixture(FloatTensor volume, TileGrid grid, UnitPartition partition, Roi roi) {
        ExplanationGrid problem(TileMeanBackend backend) {
            return new ExplanationGrid(volume, grid, partition, roi.box(), 1, ScoringRegion.BOX.maskOverBox(roi),
                    backend, 3);
        }
    }

    static List<BitSet> allCoalitions(int units) {
        List<BitSet> out = new ArrayList<>();
        for (int m = 0; m < (1 << units); m++) out.add(BitSet.valueOf(new long[] {m}));
        return out;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void cachedScoresEqualReferenceScoresBitForBit(long seed) {
        Fixture f = fixture(seed);
        TileMeanBackend backend = new TileMeanBackend();
        ExplanationGrid problem = f.problem(backend);
        List<BitSet> coalitions = allCoalitions(f.partition().unitCount());
        double[][] reference = new ReferenceCoalitionEvaluator(problem, backend, 2).evaluate(coalitions);
        CachedCoalitionEvaluator cached = new CachedCoalitionEvaluator(problem, backend, 4, Long.MAX_VALUE);
        // in two batches, so hits across batches are exercised too
        double[][] first = cached.evaluate(coalitions.subList(0, 5));
        double[][] rest = cached.evaluate(coalitions.subList(5, coalitions.size()));
        for (int c = 0; c < coalitions.size(); c++) {
            double[] got = c < 5 ? first[c] : rest[c - 5];
            assertArrayEquals(reference[c], got, 0.0, "coalition " + coalitions.get(c));
        }
        EvaluationStats s = cached.stats();
        assertEquals(coalitions.size(), s.coalitions());
        assertEquals(s.tileRequests(), s.cleanTiles() + s.cacheHits() + s.tileForwards(),
                "every request is clean, a hit or a forward");
        assertTrue(s.tileForwards() < coalitions.size() * problem.relevantTiles().size(),
                "the m|U_s cache must save forwards");
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void fullCoalitionReproducesTheBaselinePrediction(long seed) {
        Fixture f = fixture(seed);
        TileMeanBackend backend = new TileMeanBackend();
        ExplanationGrid problem = f.problem(backend);
        BitSet all = new BitSet();
        all.set(0, f.partition().unitCount());
        double[] s = new CachedCoalitionEvaluator(problem, backend, 4, Long.MAX_VALUE).evaluate(List.of(all))[0];
        assertEquals(0.0, s[1], 0.0, "FP of the baseline itself");
        boolean anyPositive = false;
        for (byte b : problem.baselineP0OverB()) anyPositive |= b != 0;
        assertEquals(anyPositive ? 2.0 / (2.0 + 1e-8 / countPositives(problem)) : 0.0, s[2], 1e-12, "Dice of P0 with itself");
    }

    private static double countPositives(ExplanationGrid p) {
        int n = 0;
        for (byte b : p.baselineP0OverB()) if (b != 0) n++;
        return n;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aFullCacheStopsAdmittingButStaysCorrect(long seed) {
        Fixture f = fixture(seed);
        TileMeanBackend backend = new TileMeanBackend();
        ExplanationGrid problem = f.problem(backend);
        List<BitSet> coalitions = allCoalitions(f.partition().unitCount());
        double[][] reference = new ReferenceCoalitionEvaluator(problem, backend, 2).evaluate(coalitions);
        long oneEntry = 4L * problem.numHeads() * problem.box().voxelCount();
        CachedCoalitionEvaluator tiny = new CachedCoalitionEvaluator(problem, backend, 4, oneEntry);
        for (int c = 0; c < coalitions.size(); c++) {
            assertArrayEquals(reference[c], tiny.evaluate(List.of(coalitions.get(c)))[0], 0.0);
        }
        assertTrue(tiny.stats().cachedBytes() <= oneEntry);
    }
}

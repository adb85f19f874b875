package segshap.engine.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import segshap.engine.coalition.Baseline;
import segshap.engine.coalition.Coalition;
import segshap.engine.coalition.CoalitionFixtures;
import segshap.engine.cache.HeapTileCache;
import segshap.engine.coalition.ReferenceCoalitionEvaluator;
import segshap.engine.coalition.TileMeanBackend;
import segshap.engine.coalition.TilePlan;
import segshap.engine.device.DeviceWorker;
import segshap.protocol.EngineReport;

/**
 * The streaming pipeline's values equal the plain reference evaluator's bit for bit, for every batch size and
 * memory budget, with the cache full or not; and its counters add up.
 */
class PipelineMatchesReferenceTest {
    static final PipelineTestKit KIT = new PipelineTestKit();

    @AfterAll
    static void stop() {
        KIT.close();
    }

    /** (seed, tiles per batch, device budget in tiles' worth, open coalitions' budget in coalitions' worth). */
    static Stream<Arguments> runs() {
        return Stream.of(Arguments.of(1L, 1, 1, 1), Arguments.of(1L, 3, 2, 4), Arguments.of(2L, 16, 64, 64),
                Arguments.of(3L, 3, 64, 2), Arguments.of(3L, 16, 3, 64));
    }

    @ParameterizedTest(name = "seed {0}, {1} tiles per batch, device budget {2} tiles, {3} open coalitions")
    @MethodSource("runs")
    void pipelineValuesEqualTheReferenceBitForBit(long seed, int tilesPerBatch, int deviceTiles, int openCoalitions) {
        CoalitionFixtures.Fixture f = CoalitionFixtures.fixture(seed);
        TilePlan plan = f.plan();
        List<Coalition> coalitions = CoalitionFixtures.allCoalitions(f.partition().unitCount());
        ReferenceCoalitionEvaluator reference = new ReferenceCoalitionEvaluator(plan, new TileMeanBackend(), 2);
        double[][] expected = reference.evaluate(coalitions);

        TileMeanBackend fake = new TileMeanBackend();
        fake.budgetBytes = fake.batchBytes(plan.patchZyx(), deviceTiles);
        EngineMetrics metrics = new EngineMetrics();
        try (DeviceWorker device = KIT.worker(fake)) {
            CoalitionPipeline pipeline = new CoalitionPipeline(KIT.materializer, plan, new HeapTileCache(Long.MAX_VALUE), device,
                    PipelineSettings.of(tilesPerBatch, openCoalitions * bytesPerCoalition(plan)), metrics);
            Baseline baseline = pipeline.baseline();
            assertArrayEquals(reference.baseline().fusedOverB(), baseline.fusedOverB(), "baseline fused over B");
            // in two runs, so hits across runs are exercised too
            double[][] first = CoalitionPipeline.join(pipeline.evaluate(coalitions.subList(0, 5), baseline, c -> { }));
            double[][] rest = CoalitionPipeline.join(pipeline.evaluate(coalitions.subList(5, coalitions.size()), baseline, c -> { }));
            for (int c = 0; c < coalitions.size(); c++) {
                assertArrayEquals(expected[c], c < 5 ? first[c] : rest[c - 5], 0.0, "coalition " + coalitions.get(c));
            }
            assertTrue(pipeline.maxTilesPerBatch() <= tilesPerBatch, "batches stay within --tiles-per-batch");
            assertTrue(device.memory().peakBytes() <= device.memory().capacityBytes(), "device budget kept");
            assertTrue(pipeline.openCoalitions().peakBytes() <= pipeline.openCoalitions().capacityBytes(), "host budget kept");
            assertEquals(0, device.memory().inUseBytes(), "every device byte returned");
            assertEquals(0, pipeline.openCoalitions().inUseBytes(), "every open-coalition byte returned");
        }
        EngineMetrics.Snapshot s = metrics.snapshot();
        long requests = s.counter(EngineReport.REQUESTS);
        assertEquals((coalitions.size() + 1L) * plan.relevantTileCount(), requests, "one request per tile per coalition and the baseline");
        assertEquals(requests, s.counter(EngineReport.CLEAN) + s.counter(EngineReport.HITS) + s.counter(EngineReport.DEDUP_JOINS)
                + s.counter(EngineReport.FORWARDS), "every request is clean, a hit, a join or a forward");
        assertEquals(coalitions.size(), s.counter(EngineReport.COALITIONS));
        assertTrue(s.counter(EngineReport.FORWARDS) < coalitions.size() * (long) plan.relevantTileCount(),
                "the m|U_s cache must save forwards");
    }

    @Test
    void eachDistinctTileInputIsForwardedExactlyOnceWhenTheCacheHoldsEverything() {
        CoalitionFixtures.Fixture f = CoalitionFixtures.fixture(1);
        TilePlan plan = f.plan();
        List<Coalition> coalitions = CoalitionFixtures.allCoalitions(f.partition().unitCount());
        java.util.Set<segshap.engine.coalition.TileKey> distinct = new java.util.HashSet<>();
        for (int i = 0; i < plan.relevantTileCount(); i++) distinct.add(plan.keyOf(i, Coalition.full(f.partition().unitCount())));
        for (Coalition c : coalitions) for (int i = 0; i < plan.relevantTileCount(); i++) distinct.add(plan.keyOf(i, c));
        EngineMetrics metrics = new EngineMetrics();
        try (DeviceWorker device = KIT.worker(new TileMeanBackend())) {
            CoalitionPipeline pipeline = new CoalitionPipeline(KIT.materializer, plan, new HeapTileCache(Long.MAX_VALUE), device,
                    PipelineSettings.of(4, 1L << 30), metrics);
            CoalitionPipeline.join(pipeline.evaluate(coalitions, pipeline.baseline(), c -> { }));
        }
        assertEquals(distinct.size(), metrics.snapshot().counter(EngineReport.FORWARDS), "one forward per distinct key");
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("segshap.engine.coalition.CoalitionFixtures#seeds")
    void aFullCacheStopsAdmittingButStaysCorrect(long seed) {
        CoalitionFixtures.Fixture f = CoalitionFixtures.fixture(seed);
        TilePlan plan = f.plan();
        List<Coalition> coalitions = CoalitionFixtures.allCoalitions(f.partition().unitCount());
        double[][] expected = new ReferenceCoalitionEvaluator(plan, new TileMeanBackend(), 2).evaluate(coalitions);
        long oneEntry = 4L * plan.numHeads() * plan.box().voxelCount();
        HeapTileCache tiny = new HeapTileCache(oneEntry);
        try (DeviceWorker device = KIT.worker(new TileMeanBackend())) {
            CoalitionPipeline pipeline = new CoalitionPipeline(KIT.materializer, plan, tiny, device, PipelineSettings.of(3, 1L << 30),
                    new EngineMetrics());
            Baseline baseline = pipeline.baseline();
            for (int c = 0; c < coalitions.size(); c++) {
                assertArrayEquals(expected[c], CoalitionPipeline.join(pipeline.evaluate(List.of(coalitions.get(c)), baseline, x -> { }))[0], 0.0);
            }
        }
        assertTrue(tiny.stats().bytes() <= oneEntry, "the cache holds no more than its capacity");
        assertTrue(tiny.stats().refused() > 0, "a full cache refuses new entries");
    }

    static long bytesPerCoalition(TilePlan plan) {
        long n = 4L * plan.fusedFloats();
        for (int i = 0; i < plan.relevantTileCount(); i++) n += 4L * plan.cropFloats(i);
        return n;
    }
}

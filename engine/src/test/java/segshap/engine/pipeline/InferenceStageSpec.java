package segshap.engine.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.testkit.javadsl.TestSink;
import org.apache.pekko.stream.testkit.javadsl.TestSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import segshap.engine.coalition.ReferenceCoalitionEvaluator;
import segshap.engine.coalition.TileMeanBackend;
import segshap.engine.device.DeviceWorker;

class InferenceStageSpec {
    static final PipelineTestKit KIT = new PipelineTestKit();

    @AfterAll
    static void stop() {
        KIT.close();
    }

    private static TileRequest toForward(long seq, int tile) {
        return StageFixture.unresolved(seq, tile, StageFixture.none()).with(TileRequest.Origin.FORWARD, null, new CompletableFuture<>());
    }

    @Test
    void itForwardsWhatNeedsItAndPassesTheRestThroughInOrder() {
        try (DeviceWorker device = KIT.worker(new TileMeanBackend())) {
            var probes = TestSource.<List<TileRequest>>probe(KIT.system)
                    .via(new InferenceStage(device, 2, new EngineMetrics()))
                    .toMat(TestSink.probe(KIT.system), Keep.both()).run(KIT.materializer);
            TileRequest hit = StageFixture.unresolved(0, 1, StageFixture.none()).with(TileRequest.Origin.HIT, new float[1], null);
            probes.second().request(2);
            probes.first().sendNext(List.of(toForward(0, 0), hit, toForward(1, 2)));
            probes.first().sendNext(List.of(hit));
            List<TileRequest> first = probes.second().expectNext(Duration.ofSeconds(10));
            assertEquals(3, first.size());
            float[][] reference = new ReferenceCoalitionEvaluator(StageFixture.PLAN, new TileMeanBackend(), 1).tileLogits(StageFixture.none());
            assertArrayEquals(reference[0], first.get(0).logits(), "tile 0 as the reference forwards it");
            assertSame(hit, first.get(1));
            assertArrayEquals(reference[2], first.get(2).logits(), "tile 2, its own crop in the same batch");
            assertSame(hit, probes.second().expectNext(Duration.ofSeconds(10)).get(0));
        }
    }

    @Test
    void itEmitsNothingWhileTheDeviceBudgetIsExhaustedAndResumesAfterRelease() {
        try (DeviceWorker device = KIT.worker(new TileMeanBackend())) {
            var probes = TestSource.<List<TileRequest>>probe(KIT.system)
                    .via(new InferenceStage(device, 2, new EngineMetrics()))
                    .toMat(TestSink.probe(KIT.system), Keep.both()).run(KIT.materializer);
            long all = device.memory().capacityBytes();
            assertTrue(device.memory().tryAcquire(all), "the test holds the whole device budget");
            probes.second().request(1);
            probes.first().sendNext(List.of(toForward(0, 0)));
            probes.second().expectNoMessage(Duration.ofMillis(300));
            device.memory().release(all);
            assertNotNull(probes.second().expectNext(Duration.ofSeconds(10)).get(0).logits());
            assertEquals(0, device.memory().inUseBytes(), "the batch's bytes are back once its outputs are out");
        }
    }

    @Test
    void itHoldsAtMostItsBatchesInFlightAndSoBackpressures() {
        try (DeviceWorker device = KIT.worker(new TileMeanBackend())) {
            // an input buffer of 1, so the demand the source sees is the stage's own
            var probes = TestSource.<List<TileRequest>>probe(KIT.system)
                    .via(Flow.fromGraph(new InferenceStage(device, 2, new EngineMetrics())).withAttributes(Attributes.inputBuffer(1, 1)))
                    .toMat(TestSink.probe(KIT.system), Keep.both()).run(KIT.materializer);
            assertEquals(1, probes.first().expectRequest(), "asks for one batch at a time");
            probes.first().sendNext(List.of(toForward(0, 0)));
            assertEquals(1, probes.first().expectRequest(), "a second slot");
            probes.first().sendNext(List.of(toForward(1, 0)));
            assertEquals(1, probes.first().expectRequest(), "the one-element input buffer in front of the stage");
            probes.first().sendNext(List.of(toForward(2, 0)));
            probes.first().expectNoMessage(Duration.ofMillis(300)); // both slots and the buffer held: no more demand
            probes.second().request(3);
            for (int i = 0; i < 3; i++) assertEquals(i, probes.second().expectNext(Duration.ofSeconds(10)).get(0).coalition());
        }
    }

    @Test
    void aFailingForwardFailsTheStageWithItsException() {
        TileMeanBackend broken = new TileMeanBackend();
        broken.failWith = new IllegalStateException("device lost");
        try (DeviceWorker device = KIT.worker(broken)) {
            var probes = TestSource.<List<TileRequest>>probe(KIT.system)
                    .via(new InferenceStage(device, 2, new EngineMetrics()))
                    .toMat(TestSink.probe(KIT.system), Keep.both()).run(KIT.materializer);
            probes.second().request(1);
            probes.first().sendNext(List.of(toForward(0, 0)));
            assertEquals("device lost", probes.second().expectError().getMessage());
            assertEquals(0, device.memory().inUseBytes(), "a failed batch gives its bytes back too");
        }
    }

    @Test
    void itCompletesWhenUpstreamCompletesAndEveryBatchIsOut() {
        try (DeviceWorker device = KIT.worker(new TileMeanBackend())) {
            var probes = TestSource.<List<TileRequest>>probe(KIT.system)
                    .via(new InferenceStage(device, 2, new EngineMetrics()))
                    .toMat(TestSink.probe(KIT.system), Keep.both()).run(KIT.materializer);
            probes.second().request(2);
            probes.first().sendNext(List.of(toForward(0, 0)));
            probes.first().sendComplete();
            probes.second().expectNext(Duration.ofSeconds(10));
            probes.second().expectComplete();
        }
    }
}

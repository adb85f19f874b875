package segshap.engine.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class BatcherSpec {
    static final PipelineTestKit KIT = new PipelineTestKit();

    @AfterAll
    static void stop() {
        KIT.close();
    }

    private static TileRequest toForward(long seq) {
        return StageFixture.unresolved(seq, 0, StageFixture.none()).with(TileRequest.Origin.FORWARD, null, new CompletableFuture<>());
    }

    private static TileRequest hit(long seq) {
        return StageFixture.unresolved(seq, 0, StageFixture.none()).with(TileRequest.Origin.HIT, new float[1], null);
    }

    @Test
    void aBatchNeverWeighsMoreThanItsByteLimit() {
        List<List<TileRequest>> batches = CoalitionPipeline.join(Source.range(0, 99).map(i -> i % 3 == 0 ? hit(i) : toForward(i))
                .via(Batcher.flow(350, 100, 4096, Duration.ofSeconds(5)))
                .runWith(Sink.seq(), KIT.materializer));
        int requests = 0;
        for (List<TileRequest> b : batches) {
            long forwards = b.stream().filter(TileRequest::needsForward).count();
            assertTrue(forwards * 100 <= 350, "a batch of " + forwards + " forwards weighs " + forwards * 100 + " > 350 bytes");
            requests += b.size();
        }
        assertEquals(100, requests, "every request leaves, in some batch");
        assertTrue(batches.stream().anyMatch(b -> b.stream().filter(TileRequest::needsForward).count() == 3), "batches fill up");
    }

    @Test
    void requestsThatNeedNoForwardWeighNothingAndKeepTheirOrder() {
        List<List<TileRequest>> batches = CoalitionPipeline.join(Source.range(0, 9).map(i -> hit(i))
                .via(Batcher.flow(100, 100, 4096, Duration.ofMillis(50)))
                .runWith(Sink.seq(), KIT.materializer));
        long next = 0;
        for (List<TileRequest> b : batches) for (TileRequest r : b) assertEquals(next++, r.coalition());
        assertEquals(10, next);
    }

    @Test
    void aBatchLeavesAfterItsLingerEvenWhenNotFull() {
        var probes = org.apache.pekko.stream.testkit.javadsl.TestSource.<TileRequest>probe(KIT.system)
                .via(Batcher.flow(1000, 100, 4096, Duration.ofMillis(50)))
                .toMat(org.apache.pekko.stream.testkit.javadsl.TestSink.probe(KIT.system), org.apache.pekko.stream.javadsl.Keep.both())
                .run(KIT.materializer);
        probes.second().request(1);
        probes.first().sendNext(toForward(0));
        assertEquals(1, probes.second().expectNext(Duration.ofSeconds(3)).size());
    }
}

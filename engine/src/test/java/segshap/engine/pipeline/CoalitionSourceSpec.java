package segshap.engine.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.pekko.stream.testkit.TestSubscriber;
import org.apache.pekko.stream.testkit.javadsl.TestSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import segshap.engine.coalition.Coalition;

class CoalitionSourceSpec {
    static final PipelineTestKit KIT = new PipelineTestKit();

    @AfterAll
    static void stop() {
        KIT.close();
    }

    @Test
    void itEmitsTheCoalitionsNumberedInListOrderOnDemandAndThenCompletes() {
        List<Coalition> design = List.of(Coalition.empty(3), Coalition.of(3, 1), Coalition.full(3));
        TestSubscriber.Probe<CoalitionSource.Item> probe = CoalitionSource.of(design).runWith(TestSink.probe(KIT.system), KIT.materializer);
        probe.request(1);
        assertEquals(new CoalitionSource.Item(0, design.get(0)), probe.expectNext());
        probe.expectNoMessage(java.time.Duration.ofMillis(100)); // nothing without demand
        probe.request(5);
        assertEquals(1, probe.expectNext().coalition());
        assertEquals(2, probe.expectNext().coalition());
        probe.expectComplete();
    }
}

package segshap.engine.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import segshap.engine.pipeline.EngineMetrics;
import segshap.protocol.Progress;

class ProgressReporterTest {

    @Test
    void eventsCarryTheRunningPhiOfTheUnitsWithTheLargestMagnitudeOnceADesignIsSolved() {
        List<Progress> events = new ArrayList<>();
        ProgressReporter r = new ProgressReporter("coalitions", new EngineMetrics(), events::add, System.nanoTime())
                .withTopUnits(new ProgressReporter.TopUnits(1, "fp", new int[] {10, 11, 12}, new String[] {"liver", null, "spleen"}, 2));
        r.batchStarted(4);
        assertTrue(events.get(0).topUnits().isEmpty(), "nothing is known before the first solve");
        r.onEstimate(new double[][] {{9, 9, 9}, {0.1, -0.7, 0.3}});
        Progress p = events.get(events.size() - 1);
        assertEquals("fp", p.topUnitsValue());
        assertEquals(List.of(new Progress.UnitPhi(11, null, -0.7), new Progress.UnitPhi(12, "spleen", 0.3)), p.topUnits());
    }

    @Test
    void theEndOfEveryBatchIsReportedAndDoneNeverExceedsPlanned() {
        List<Progress> events = new ArrayList<>();
        ProgressReporter r = new ProgressReporter("curves", new EngineMetrics(), events::add, System.nanoTime());
        r.batchStarted(3);
        for (long c = 0; c < 3; c++) r.accept(c);
        Progress last = events.get(events.size() - 1);
        assertEquals(3, last.coalitionsDone());
        assertEquals(3, last.coalitionsPlanned());
        for (Progress e : events) assertTrue(e.coalitionsDone() <= e.coalitionsPlanned());
    }
}

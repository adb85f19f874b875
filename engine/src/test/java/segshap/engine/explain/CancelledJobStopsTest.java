package segshap.engine.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.kernels.tensor.Box;
import segshap.protocol.EngineReport;
import segshap.protocol.ExplanationReport;
import segshap.protocol.job.JobSpec;

/**
 * {@link ExplanationJob#cancel}: a running explanation stops with a {@link CancellationException} within the batch
 * in flight, later calls fail at once, and another job on the same engine (same device worker, same cache) is
 * unaffected and gives the numbers of an engine that never saw a cancellation.
 */
class CancelledJobStopsTest {
    @TempDir static Path tmp;
    static JobSpec job;

    @BeforeAll
    static void inputs() throws IOException {
        Path organs = FixtureCase.writeOrgans(tmp);
        Path roi = FixtureCase.writeRoiMask(tmp, new Box(14, 26, 18, 22, 36, 28));
        job = FixtureCase.job(organs).roiMask(roi).units("hybrid", 160.0).budgetFixed(400).seed(5).build();
    }

    @Test
    void aCancelledExplanationStopsWithinABatchAndTheEngineGoesOn() {
        JobSpec small = job.toBuilder().units("organs", null).budgetFixed(8).build();
        ExplanationReport alone;
        try (Explainer e = FixtureCase.explainer(); ExplanationJob j = e.prepare(small, p -> { })) {
            alone = j.explain().report();
        }
        try (Explainer e = FixtureCase.explainer()) {
            AtomicReference<ExplanationJob> running = new AtomicReference<>();
            long[] coalitionsAtCancel = {-1};
            try (ExplanationJob j = e.prepare(job, p -> {
                if (p.phase().equals("coalitions") && p.coalitionsDone() > 0 && coalitionsAtCancel[0] < 0) {
                    coalitionsAtCancel[0] = p.coalitionsDone();
                    running.get().cancel();
                }
            })) {
                running.set(j);
                assertThrows(CancellationException.class, j::explain);
                long evaluated = j.metrics().counter(EngineReport.COALITIONS);
                assertTrue(coalitionsAtCancel[0] > 0 && evaluated < 400, evaluated + " coalitions of 400 evaluated");
                assertThrows(CancellationException.class, j::explain, "later calls fail at once");
            }
            try (ExplanationJob other = e.prepare(small, p -> { })) {
                ExplanationReport r = other.explain().report();
                for (String v : alone.values().keySet()) assertArrayEquals(alone.values().get(v).phi(), r.values().get(v).phi(), 0.0, v);
            }
        }
    }
}

package segshap.engine.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.protocol.Progress;
import segshap.protocol.job.JobRuntime;
import segshap.protocol.job.JobSpec;

/** The README's library example, compiled and run on the fixture model, so it cannot rot. */
class LibraryExampleTest {
    @TempDir Path tmp;

    @Test
    void theReadmeExampleExplainsEvaluatesAndWritesAnRoi() throws IOException {
        Path modelDir = FixtureCase.MODEL, ct = FixtureCase.CT, organs = FixtureCase.writeOrgans(tmp), outDir = tmp.resolve("expl");
        // --- README "As a library" begins
        List<Progress> events = new ArrayList<>();
        JobSpec job = JobSpec.builder()
                .model(modelDir).ct(ct).organs(organs)
                .roiComponent(1)                 // largest predicted component of label 1
                .target(1).units("organs").budgetExact()
                .build();
        try (Explainer explainer = Explainer.start(JobRuntime.defaults())) {
            ExplanationJob run = explainer.prepare(job, events::add);   // inputs checked, baseline computed
            Explanation e = run.evaluate(run.explain());                   // φ of TP/FP/Dice/Soft Dice, then curves
            ExplanationWriter.write(e, outDir);                            // maps, figures, curves, report.json last
        }
        // --- README example ends

        assertTrue(Files.isRegularFile(outDir.resolve("report.json")));
        assertTrue(Files.isRegularFile(outDir.resolve("shap_dice.nii.gz")));
        assertTrue(Files.isRegularFile(outDir.resolve("curves_dice.png")));
        assertTrue(events.stream().anyMatch(p -> p.phase().equals("coalitions")), "progress events of the coalitions");
        Progress last = events.get(events.size() - 1);
        assertEquals("curves", last.phase());
        assertEquals(last.coalitionsPlanned(), last.coalitionsDone(), "the last event is complete");
        assertNotNull(segshap.protocol.ReportJson.read(outDir.resolve("report.json")).engine(), "report.json has the engine object");
    }
}

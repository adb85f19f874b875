package segshap.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.engine.explain.FixtureCase;
import segshap.kernels.tensor.Box;
import segshap.protocol.ExplanationReport;
import segshap.protocol.FaithfulnessMetrics;
import segshap.protocol.ReportJson;

/**
 * Issue 9, class 6: a result that is computed correctly but says nothing is flagged, on stderr and in
 * {@code report.json}'s {@code warnings[]}: an ROI in air (the model predicts nothing there, every value function
 * has v(all) = v(none), every φ is 0) names no "strongest" unit, and a value function whose curve ends agree
 * gets nAOPC = nABPC = null with the reason instead of a sum divided by ε.
 */
class DegenerateResultsAreFlaggedTest {
    @TempDir Path tmp;

    private CliRun explain(Path roi, Path out, String values) throws IOException {
        Path organs = FixtureCase.writeOrgans(tmp);
        return CliRun.of("explain", "-m", FixtureCase.MODEL.toString(), "--ct", FixtureCase.CT.toString(),
                "--organs", organs.toString(), "--roi", roi.toString(), "--target", "1", "--values", values,
                "--out", out.toString(), "--threads", "2");
    }

    @Test
    void anRoiInAirIsFlaggedAndNamesNoStrongestUnit() throws IOException {
        Path roi = FixtureCase.writeRoiMask(tmp, new Box(0, 0, 0, 3, 5, 5)); // a corner of the scan: air (< −970 HU)
        Path out = tmp.resolve("air");
        CliRun run = explain(roi, out, "tp,dice");
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        ExplanationReport report = ReportJson.read(out.resolve("report.json"));
        List<String> warnings = report.warnings();
        assertTrue(warnings.stream().anyMatch(w -> w.contains("baseline Dice 0")), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("dice: v(all) = v(none) = 0") && w.contains("are all 0")),
                warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("tp: v(all) = v(none) = 0")), warnings.toString());
        for (String w : warnings) assertTrue(run.err().contains("segshap: warning: " + w), "on stderr too: " + w + "\n" + run.err());
        assertFalse(run.err().contains("strongest:"), run.err());
        assertTrue(run.err().contains("all φ = 0"), run.err());
    }

    @Test
    void aValueFunctionWithEqualCurveEndsHasNullNormalisedMetricsAndAWarning() throws IOException {
        Path out = tmp.resolve("expl");
        Path roi = FixtureCase.writeRoiMask(tmp, new Box(14, 24, 20, 26, 46, 40));
        CliRun explained = explain(roi, out, "fp,dice");
        assertEquals(ExitCode.OK, explained.exitCode(), explained.err());
        CliRun run = CliRun.of("evaluate", "--explanation", out.toString(), "--threads", "2");
        assertEquals(ExitCode.OK, run.exitCode(), run.err());

        ExplanationReport report = ReportJson.read(out.resolve("report.json"));
        FaithfulnessMetrics fp = report.metrics().get("fp");
        assertEquals(fp.morf()[0], fp.morf()[fp.morf().length - 1], "precondition: FP is 0 with all and with no units");
        assertNull(fp.naopc());
        assertNull(fp.nabpc());
        assertEquals("undefined: s_max = s_min", fp.normalisedUndefined());
        FaithfulnessMetrics dice = report.metrics().get("dice");
        assertNotNull(dice.naopc(), "a value function that moves keeps its normalised metrics");
        assertNull(dice.normalisedUndefined());
        String warning = report.warnings().stream().filter(w -> w.startsWith("fp: nAOPC and nABPC are undefined")).findFirst()
                .orElseThrow(() -> new AssertionError(report.warnings().toString()));
        assertTrue(run.err().contains("segshap: warning: " + warning), run.err());
        assertTrue(run.err().contains("nAOPC, nABPC undefined: s_max = s_min"), run.err());
        assertEquals(1, report.warnings().stream().filter(w -> w.startsWith("fp: v(all) = v(none)")).count(),
                "the explanation's warnings are kept once: " + report.warnings());
        assertTrue(Files.isRegularFile(out.resolve("curves_fp.png")), "the curves of the flat value function are still drawn");
    }
}

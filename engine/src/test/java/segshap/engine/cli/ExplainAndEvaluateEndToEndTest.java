package segshap.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.protocol.ExplanationReport;
import segshap.protocol.ReportJson;

/**
 * A successful {@code explain} and {@code evaluate} on the fixture, end to end through the real command line: the
 * files each prints on stdout are exactly the files in the folder, {@code report.json} last; a second
 * {@code explain} into the same folder replaces the whole earlier result (issue 9, class 2: never merged).
 */
class ExplainAndEvaluateEndToEndTest {
    @TempDir Path tmp;

    @Test
    void explainAndEvaluateWriteTheirFilesAndASecondExplainReplacesTheWholeResult() throws IOException {
        Path organs = CliFixture.writeOrgans(tmp.resolve("in/organs.nii.gz"));
        Path out = tmp.resolve("expl");

        CliRun explain = CliRun.of(CliFixture.explainArgs(organs, out).toArray(String[]::new));
        assertEquals(ExitCode.OK, explain.exitCode(), explain.both());
        List<String> maps = new ArrayList<>(List.of("units.nii.gz", "roi.nii.gz"));
        for (String v : List.of("tp", "fp", "dice", "softdice")) maps.addAll(List.of("shap_" + v + ".nii.gz", "shap_" + v + ".png"));
        assertEquals(paths(out, maps, "report.json"), explain.out().lines().toList(), "stdout lists the result, report last");
        assertEquals(sorted(maps, "report.json"), List.copyOf(CliFixture.snapshot(out).keySet()), "exactly those files, no temporaries");
        ExplanationReport report = ReportJson.read(out.resolve("report.json"));
        assertEquals(List.of("tp", "fp", "dice", "softdice"), List.copyOf(report.values().keySet()));
        assertTrue(report.sampling().exact(), "organ units on the fixture are enumerated exactly");
        assertNull(report.metrics());

        CliRun evaluate = CliRun.of("evaluate", "--explanation", out.toString(), "--threads", "2");
        assertEquals(ExitCode.OK, evaluate.exitCode(), evaluate.both());
        List<String> curves = List.of("curves_tp.png", "curves_fp.png", "curves_dice.png", "curves_softdice.png");
        assertEquals(paths(out, curves, "report.json"), evaluate.out().lines().toList());
        List<String> all = new ArrayList<>(maps);
        all.addAll(curves);
        assertEquals(sorted(all, "report.json"), List.copyOf(CliFixture.snapshot(out).keySet()));
        ExplanationReport evaluated = ReportJson.read(out.resolve("report.json"));
        assertNotNull(evaluated.metrics());
        assertEquals(report.values().keySet(), evaluated.metrics().keySet());

        List<String> again = new ArrayList<>(CliFixture.explainArgs(organs, out));
        again.addAll(List.of("--values", "dice"));
        CliRun replace = CliRun.of(again.toArray(String[]::new));
        assertEquals(ExitCode.OK, replace.exitCode(), replace.both());
        assertTrue(replace.err().contains("replaced the earlier result in " + out), replace.err());
        Map<String, String> after = CliFixture.snapshot(out);
        assertEquals(List.of("report.json", "roi.nii.gz", "shap_dice.nii.gz", "shap_dice.png", "units.nii.gz"), List.copyOf(after.keySet()),
                "the earlier run's other maps and its curves are gone");
        assertNull(ReportJson.read(out.resolve("report.json")).metrics(), "the new report is the new run's");
    }

    private static List<String> paths(Path dir, List<String> names, String last) {
        List<String> p = new ArrayList<>();
        for (String n : names) p.add(dir.resolve(n).toString());
        p.add(dir.resolve(last).toString());
        return p;
    }

    private static List<String> sorted(List<String> names, String more) {
        List<String> all = new ArrayList<>(names);
        all.add(more);
        all.sort(null);
        return all;
    }
}

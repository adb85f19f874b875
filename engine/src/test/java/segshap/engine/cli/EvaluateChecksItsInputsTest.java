package segshap.engine.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.engine.explain.FixtureCase;
import segshap.kernels.nifti.NiftiImage;
import segshap.kernels.nifti.NiftiReader;
import segshap.kernels.nifti.NiftiWriter;
import segshap.kernels.tensor.FloatTensor;
import segshap.protocol.ExplanationReport;
import segshap.protocol.ReportJson;

/**
 * Issue 9, class 3: {@code evaluate} trusts nothing in {@code report.json}. The report records the SHA-256 of
 * every input; a file replaced at the same path, or φ that does not match the units, is refused (exit 2, the
 * file named) before anything is computed or written: the report stays byte for byte, no curve is drawn.
 */
class EvaluateChecksItsInputsTest {
    @TempDir static Path tmp;
    static Path ct, organs, explanation;
    static byte[] ctBytes, organsBytes, reportBytes;

    @BeforeAll
    static void explainTheFixtureOnce() throws IOException {
        ct = Files.copy(Path.of(PredictCommandTest.CT), tmp.resolve("ct.nii.gz"));
        organs = FixtureCase.writeOrgans(tmp);
        explanation = tmp.resolve("expl");
        CliRun run = CliRun.of("explain", "-m", PredictCommandTest.MODEL, "--ct", ct.toString(), "--organs", organs.toString(),
                "--roi-component", "1", "--target", "1", "--values", "dice", "--out", explanation.toString(), "--threads", "2");
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        ctBytes = Files.readAllBytes(ct);
        organsBytes = Files.readAllBytes(organs);
        reportBytes = Files.readAllBytes(report());
    }

    @BeforeEach
    void restoreTheInputsAndTheReport() throws IOException {
        Files.write(ct, ctBytes);
        Files.write(organs, organsBytes);
        Files.write(report(), reportBytes);
    }

    private static Path report() {
        return explanation.resolve("report.json");
    }

    private void assertRefusedAndNothingWritten(CliRun run, String... fragments) throws IOException {
        assertRefusedAndNothingWritten(reportBytes, run, fragments);
    }

    private void assertRefusedAndNothingWritten(byte[] reportBefore, CliRun run, String... fragments) throws IOException {
        assertEquals(ExitCode.INVALID_INPUT, run.exitCode(), run.err());
        for (String f : fragments) assertTrue(run.err().contains(f), "'" + f + "' missing in: " + run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
        assertArrayEquals(reportBefore, Files.readAllBytes(report()), "report.json must be left as it was");
        try (Stream<Path> files = Files.list(explanation)) {
            assertEquals(List.of(), files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("curves_")).toList(),
                    "no curves drawn");
        }
    }

    private CliRun evaluate() {
        return CliRun.of("evaluate", "--explanation", explanation.toString(), "--threads", "2");
    }

    @Test
    void theReportRecordsTheDigestOfEveryInput() throws IOException {
        ExplanationReport r = ReportJson.read(report());
        assertEquals(List.of("ct", "model/dataset.json", "model/fold_0/checkpoint_final.pth", "model/plans.json", "organs"),
                List.copyOf(r.inputDigests().keySet()));
        assertEquals(ct.toAbsolutePath().normalize().toString(), r.inputDigests().get("ct").file());
        assertEquals(ctBytes.length, r.inputDigests().get("ct").bytes());
    }

    @Test
    void aCtReplacedAtTheSamePathIsRefusedNamingIt() throws IOException {
        NiftiImage image = NiftiReader.read(ct);
        float[] v = image.dataZyx().data().clone();
        v[v.length / 2] += 100; // another image with the same name, grid and header
        NiftiWriter.write(ct, image.withData(new FloatTensor(image.shapeZyx(), v), image.dataType()));
        assertRefusedAndNothingWritten(evaluate(), ct.toAbsolutePath().normalize().toString(), "(ct) changed", "segshap explain");
    }

    @Test
    void aChangedOrganMapIsRefusedNamingIt() throws IOException {
        Files.copy(ct, organs, StandardCopyOption.REPLACE_EXISTING);
        assertRefusedAndNothingWritten(evaluate(), organs.toAbsolutePath().normalize().toString(), "(organs) changed");
    }

    @Test
    void aMissingInputIsRefusedNamingIt() throws IOException {
        Files.delete(organs);
        assertRefusedAndNothingWritten(evaluate(), organs.toAbsolutePath().normalize().toString(), "(organs) is missing");
    }

    @Test
    void aReportWhosePhiDoesNotMatchItsUnitsIsRefusedAsCorrupt() throws IOException {
        int units = ReportJson.read(report()).units().size();
        ObjectMapper json = new ObjectMapper();
        ObjectNode tree = (ObjectNode) json.readTree(report().toFile());
        ((ArrayNode) tree.at("/values/dice/phi")).add(0.25);
        json.writerWithDefaultPrettyPrinter().writeValue(report().toFile(), tree);
        assertRefusedAndNothingWritten(Files.readAllBytes(report()), evaluate(), report().toString(), "corrupt report",
                "values.dice", (units + 1) + " φ", units + " units");
    }
}

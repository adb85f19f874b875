package segshap.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/** Reads and writes {@code report.json} (pretty-printed, stable field order). */
public final class ReportJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ReportJson() {}

    /** Writes a report (overwrites). */
    public static void write(Path file, ExplanationReport report) throws IOException {
        MAPPER.writeValue(file.toFile(), report);
    }

    /** Writes a report into a stream the caller owns: flushed, left open (e.g. a temporary file renamed into place later). */
    public static void write(OutputStream out, ExplanationReport report) throws IOException {
        MAPPER.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, report);
        out.flush();
    }

    /**
     * Reads a report of this {@link ExplanationReport#FORMAT_VERSION} or a newer one (newer fields are ignored).
     *
     * @throws IOException if the file is missing, not a report, of an older format version, which lacks the
     *                     {@code job} needed to re-run it, or corrupt (attributions not aligned with its units)
     */
    public static ExplanationReport read(Path file) throws IOException {
        // The version is checked on the tree first: an old report fails with a hint instead of a null job.
        JsonNode tree = MAPPER.readTree(file.toFile());
        JsonNode version = tree == null ? null : tree.get("formatVersion");
        if (version == null || !version.canConvertToInt()) {
            throw new IOException(file + ": not a report.json (no integer formatVersion)");
        }
        if (version.intValue() < ExplanationReport.FORMAT_VERSION) {
            throw new IOException(file + ": report formatVersion " + version.intValue() + " is older than "
                    + ExplanationReport.FORMAT_VERSION + ", which this segshap reads; run segshap explain again to "
                    + "write a current report");
        }
        try {
            return MAPPER.treeToValue(tree, ExplanationReport.class);
        } catch (ValueInstantiationException e) {
            // a record refused its fields (e.g. φ not aligned with the units): say so without Jackson's wrapping
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IOException(file + ": corrupt report: " + cause.getMessage(), e);
        }
    }
}

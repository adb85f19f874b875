package segshap.protocol;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;

/** Reads and writes {@code report.json} (pretty-printed, stable field order). */
public final class ReportJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ReportJson() {}

    public static void write(Path file, ExplanationReport report) throws IOException {
        MAPPER.writeValue(file.toFile(), report);
    }

    /** @throws IOException if the file is missing or not a report */
    public static ExplanationReport read(Path file) throws IOException {
        return MAPPER.readValue(file.toFile(), ExplanationReport.class);
    }
}

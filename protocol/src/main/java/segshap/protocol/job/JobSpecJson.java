package segshap.protocol.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads and writes job files ({@link JobSpec} as JSON): pretty-printed, {@code null} fields omitted, unknown
 * fields ignored (so an older segshap reads a newer job file).
 *
 * <p>Errors name the file and the place: a malformed file gives Jackson's message with line and column, an
 * invalid one the field's JSON path, its value and the fix:
 * <pre>
 * job.json: sampling.coalitions 1: a fixed budget needs at least 2 coalitions; use budget exact for full
 *     enumeration (line L, column C)
 * </pre>
 */
public final class JobSpecJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private JobSpecJson() {}

    /**
     * Reads a job file as written; relative paths stay relative (see {@link #readResolved}).
     *
     * @throws IOException              if the file cannot be read or is not JSON of a job's shape
     * @throws IllegalArgumentException if a field is invalid; the message starts with the file name
     */
    public static JobSpec read(Path file) throws IOException {
        try {
            return MAPPER.readValue(file.toFile(), JobSpec.class);
        } catch (JsonProcessingException e) {
            throw describe(file.toString(), e);
        }
    }

    /**
     * Reads a job file and resolves its relative paths against the file's folder.
     *
     * @throws IOException              if the file cannot be read or is not JSON of a job's shape
     * @throws IllegalArgumentException if a field is invalid; the message starts with the file name
     */
    public static JobSpec readResolved(Path file) throws IOException {
        return read(file).resolvedAgainst(file.toAbsolutePath().getParent());
    }

    /**
     * Parses a job from JSON text (an HTTP body, a test).
     *
     * @param source name for messages, e.g. {@code "request body"}
     * @throws IOException              if the text is not JSON of a job's shape
     * @throws IllegalArgumentException if a field is invalid; the message starts with {@code source}
     */
    public static JobSpec fromJson(String json, String source) throws IOException {
        try {
            return MAPPER.readValue(json, JobSpec.class);
        } catch (JsonProcessingException e) {
            throw describe(source, e);
        }
    }

    /** Writes a job file (overwrites). */
    public static void write(Path file, JobSpec job) throws IOException {
        MAPPER.writeValue(file.toFile(), job);
    }

    /** The job as pretty-printed JSON text. */
    public static String toJson(JobSpec job) {
        try {
            return MAPPER.writeValueAsString(job);
        } catch (JsonProcessingException e) {
            // Every component is a string, number, boolean, list or record of those: writing cannot fail.
            throw new AssertionError("cannot serialise a JobSpec", e);
        }
    }

    // Jackson wraps a compact constructor's IllegalArgumentException; unwrap it so the caller sees our message
    // (with the JSON path) as the same exception type the builder throws.
    private static IOException describe(String source, JsonProcessingException e) {
        String where = location(e.getLocation());
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException iae) {
                throw new IllegalArgumentException(source + ": " + iae.getMessage() + where, iae);
            }
        }
        // Databind wraps a syntax error met inside an object; report the syntax error itself.
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonParseException p) {
                return new IOException(source + ": not valid JSON: " + p.getOriginalMessage() + location(p.getLocation()), e);
            }
        }
        String path = e instanceof JsonMappingException m ? jsonPath(m) : "";
        return new IOException(source + ": " + (path.isEmpty() ? "" : path + ": ") + "not a job spec: " + e.getOriginalMessage() + where, e);
    }

    private static String location(JsonLocation at) {
        if (at == null || at.getLineNr() < 0) return "";
        return " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    private static String jsonPath(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
            else if (r.getIndex() >= 0) b.append('[').append(r.getIndex()).append(']');
        }
        return b.toString();
    }
}

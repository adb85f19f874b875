package segshap.protocol.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads and writes the HTTP API's bodies ({@link JobStatus}, {@link JobList}, {@link JobFiles},
 * {@link ApiError}, {@link segshap.protocol.Progress}) as compact JSON. {@code null} fields are written (a
 * status always has {@code progress} and {@code error}); unknown fields are ignored when reading, so an older
 * client reads a newer server's answers.
 */
public final class ApiJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Class-path resource of the API's OpenAPI 3 description. */
    public static final String OPENAPI_RESOURCE = "/segshap/protocol/api/openapi.yaml";

    private ApiJson() {}

    /** The API's OpenAPI 3 description (YAML, UTF-8), as served at {@code /v1/openapi.yaml}. */
    public static byte[] openApiYaml() {
        try (java.io.InputStream in = ApiJson.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) throw new IllegalStateException(OPENAPI_RESOURCE + " is missing from the protocol jar");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + OPENAPI_RESOURCE, e);
        }
    }

    /** {@code value} (one of the API's records) as one line of JSON. */
    public static String toJson(Record value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // every component is a string, number, enum, list or record of those: writing cannot fail
            throw new AssertionError("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * Parses one of the API's records.
     *
     * @param source name for messages, e.g. {@code "GET /v1/jobs/j000001"}
     * @throws IOException naming {@code source} when the text is not JSON of that shape or a field is invalid
     */
    public static <T extends Record> T fromJson(String json, Class<T> type, String source) throws IOException {
        try {
            return MAPPER.readValue(json, type);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IOException(source + ": invalid " + type.getSimpleName() + ": " + cause.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IOException(source + ": not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads a record from a file (the daemon's {@code state.json}).
     *
     * @throws IOException naming the file when it cannot be read or is not JSON of that shape
     */
    public static <T extends Record> T read(Path file, Class<T> type) throws IOException {
        return fromJson(java.nio.file.Files.readString(file), type, file.toString());
    }
}

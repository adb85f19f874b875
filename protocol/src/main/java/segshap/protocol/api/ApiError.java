package segshap.protocol.api;

/**
 * The body of every error response of the daemon (4xx and 5xx), e.g. {@code {"error": "inputs.ct /etc/passwd:
 * outside every --allow root of this server (/data/ct)"}}.
 *
 * @param error what went wrong and what to do; for an invalid job the same message the CLI prints
 */
public record ApiError(String error) {
    public ApiError {
        if (error == null || error.isBlank()) throw new IllegalArgumentException("error: must be a non-empty message");
    }
}

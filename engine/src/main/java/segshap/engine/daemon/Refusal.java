package segshap.engine.daemon;

/**
 * A request the daemon refuses, with the HTTP status that says why: 400 (invalid job), 403 (a path outside
 * every {@code --allow} root), 404 (no such job or file), 409 (the job's state does not allow it), 429 (queue
 * full; {@link #retryAfterSeconds}), 500 (the server could not record or list what it should). The message is the response's {@code error}.
 */
final class Refusal extends RuntimeException {
    private final int status;
    private final int retryAfterSeconds;

    Refusal(int status, String message) {
        this(status, message, 0);
    }

    Refusal(int status, String message, int retryAfterSeconds) {
        super(message);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    int status() { return status; }

    /** Seconds for a {@code Retry-After} header, or 0 for none. */
    int retryAfterSeconds() { return retryAfterSeconds; }
}

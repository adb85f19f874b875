package segshap.engine.client;

import java.io.IOException;

/** The daemon answered with an error: its HTTP status and its message ({@code ApiError.error}). */
public final class ClientException extends IOException {
    private final int status;

    /**
     * @param status  the HTTP status code, 400–599
     * @param message the server's message
     */
    public ClientException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status code (401 no or wrong token, 403 path not allowed, 404 unknown, 429 queue full, …). */
    public int status() {
        return status;
    }
}

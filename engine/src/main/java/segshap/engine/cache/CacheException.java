package segshap.engine.cache;

/**
 * The persisted tile cache is in a state segshap cannot repair by itself (a broken file set that cannot be moved
 * aside, a folder it may not write). The message names the path and what to do; the CLI exits with 3.
 */
public final class CacheException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CacheException(String message, Throwable cause) {
        super(message, cause);
    }
}

package segshap.engine.cli;

/** The exit statuses of every segshap command (STYLE.md §7.9). */
public final class ExitCode {
    /** Success. */
    public static final int OK = 0;
    /** The computation failed (I/O error while writing results, numerical failure). */
    public static final int COMPUTATION_FAILED = 1;
    /** Invalid usage or input: the message says what to fix. */
    public static final int INVALID_INPUT = 2;
    /** Unexpected state (cache full or corrupt, device lost). */
    public static final int UNEXPECTED_STATE = 3;
    /** A bug in segshap. */
    public static final int INTERNAL_ERROR = 4;

    private ExitCode() {}
}

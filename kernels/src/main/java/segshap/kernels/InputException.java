package segshap.kernels;

/**
 * A problem with user input (a file, a field, an option value) that the user can fix.
 *
 * <p>The message says what is wrong, where (file and field), the offending value and, where possible,
 * the fix. The CLI prints it without a stack trace and exits with status 2.
 */
public class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what, where, the value, what was expected and the fix */
    public InputException(String message) {
        super(message);
    }

    /**
     * @param message what, where, the value, what was expected and the fix
     * @param cause the low-level error, kept for {@code --verbose}
     */
    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}

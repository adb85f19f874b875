package segshap.engine.output;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * A result file could not be written, renamed into place or removed. The message is
 * {@code cannot write <path>: <reason>}, with the path the user asked for (never the temporary name) and the
 * operating system's reason, e.g. {@code cannot write expl/shap_dice.nii.gz: No space left on device}.
 */
public final class OutputException extends IOException {
    private final transient Path file;
    private final String reason;

    /**
     * @param verb   what failed: {@code write} or {@code remove}
     * @param file   the final path of the file
     * @param reason the operating system's reason
     * @param cause  the underlying exception
     */
    OutputException(String verb, Path file, String reason, Throwable cause) {
        super("cannot " + verb + " " + file + ": " + reason, cause);
        this.file = file;
        this.reason = reason;
    }

    /** The final path of the file that could not be written. */
    public Path file() {
        return file;
    }

    /** The operating system's reason, e.g. {@code No space left on device}. */
    public String reason() {
        return reason;
    }

    /**
     * The OS reason of an I/O failure: the JDK puts it in the message of a plain {@link IOException} (ENOSPC from a
     * write is {@code IOException("No space left on device")}) and in {@link FileSystemException#getReason()}, or
     * only in the exception's type, for file operations. Wrappers (ImageIO's {@code I/O error writing PNG file!})
     * are looked through to the innermost I/O exception, which holds the OS's words.
     */
    static String reasonOf(IOException e) {
        while (e.getCause() instanceof IOException inner) e = inner;
        if (e instanceof FileSystemException f) {
            if (f.getReason() != null) return f.getReason();
            if (f instanceof NoSuchFileException) return "No such file or directory";
            if (f instanceof AccessDeniedException) return "Permission denied";
            if (f instanceof FileAlreadyExistsException) return "File exists";
            if (f instanceof DirectoryNotEmptyException) return "Directory not empty";
            if (f instanceof NotDirectoryException) return "Not a directory";
            return f.getClass().getSimpleName();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}

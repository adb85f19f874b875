package segshap.engine.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import segshap.engine.cache.CacheException;
import segshap.kernels.HeapCheck;
import segshap.engine.output.OutputException;
import segshap.kernels.InputException;

/**
 * Turns exceptions into one {@code segshap: error: …} line on stderr and an exit code; stack traces only
 * with {@code --verbose}. As the execution strategy it also speaks for the user's defaults file before a command
 * runs (unknown keys: warnings; unusable values: exit 2 unless only help was asked for) and maps an
 * {@link OutOfMemoryError}, which picocli does not catch, to exit 1 with the way out. A result that cannot be
 * written (full disk, no permission) is {@code segshap: error: cannot write <path>: <OS reason>}, exit 1; a
 * persisted tile cache segshap cannot repair is exit 3.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler, IExecutionStrategy {
    /** An option name at the start of a message: every option check names its option first ({@code --threads: …}). */
    private static final Pattern LEADING_OPTION = Pattern.compile("^(--[a-z][a-z0-9-]*)");

    private final UserDefaults defaults;

    ErrorReporter(UserDefaults defaults) {
        this.defaults = defaults;
    }

    @Override
    public int execute(ParseResult parseResult) {
        CommandLine cmd = parseResult.commandSpec().commandLine();
        PrintWriter err = cmd.getErr();
        for (String w : defaults.unknownKeyWarnings(parseResult.commandSpec().root())) err.println("segshap: warning: " + w);
        List<String> problems = defaults.problems();
        if (!problems.isEmpty()) {
            if (isHelpRequested(parseResult)) {
                problems.forEach(p -> err.println("segshap: warning: " + p));
            } else {
                problems.forEach(p -> err.println("segshap: error: " + p));
                err.flush();
                return ExitCode.INVALID_INPUT;
            }
        }
        err.flush();
        try {
            return new CommandLine.RunLast().execute(parseResult);
        } catch (OutOfMemoryError e) {
            return outOfMemory(e, cmd, isVerbose(parseResult));
        }
    }

    private static boolean isHelpRequested(ParseResult r) {
        for (ParseResult p = r; p != null; p = p.subcommand()) {
            if (p.isUsageHelpRequested() || p.isVersionHelpRequested()) return true;
        }
        return false;
    }

    private static boolean isVerbose(ParseResult r) {
        for (ParseResult p = r; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) return true;
        }
        return false;
    }

    /** One line with the heap size and the way out; the stack trace only with {@code --verbose}. */
    static int outOfMemory(OutOfMemoryError e, CommandLine cmd, boolean verbose) {
        PrintWriter err = cmd.getErr();
        err.println(String.format(Locale.ROOT, "segshap: error: out of memory (%s) with a Java heap of %s; give Java more heap "
                        + "(SEGSHAP_JAVA_OPTS=-Xmx%dg with the segshap launcher, java -Xmx… otherwise) or use fewer --threads, "
                        + "a smaller --tiles-per-batch or --memory-budget", e.getMessage(), HeapCheck.size(HeapCheck.maxHeapBytes()),
                HeapCheck.suggestedHeapGiB(2 * HeapCheck.maxHeapBytes())));
        if (verbose) e.printStackTrace(err);
        else err.println("segshap: run again with --verbose for the stack trace");
        err.flush();
        return ExitCode.COMPUTATION_FAILED;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        boolean verbose = isVerbose(parseResult);
        int code;
        Throwable cause = ex instanceof UncheckedIOException && ex.getCause() != null ? ex.getCause() : ex;
        if (cause instanceof OutputException) {
            // "cannot write <path>: <OS reason>" is the whole story (full disk, permissions); a stack trace adds nothing
            err.println("segshap: error: " + cause.getMessage());
            code = ExitCode.COMPUTATION_FAILED;
        } else if (ex instanceof InputException) {
            err.println("segshap: error: " + fromDefaultsFile(ex.getMessage(), cmd, parseResult));
            code = ExitCode.INVALID_INPUT;
        } else if (ex instanceof CacheException) {
            err.println("segshap: error: " + ex.getMessage());
            code = ExitCode.UNEXPECTED_STATE;
        } else if (ex instanceof IOException || ex instanceof UncheckedIOException) {
            err.println("segshap: error: " + ex.getMessage());
            code = ExitCode.COMPUTATION_FAILED;
        } else {
            err.println("segshap: internal error: " + ex);
            code = ExitCode.INTERNAL_ERROR;
        }
        if (verbose) {
            ex.printStackTrace(err);
        } else if (code != ExitCode.INVALID_INPUT && !(cause instanceof OutputException)) {
            err.println("segshap: run again with --verbose for the stack trace");
        }
        err.flush();
        return code;
    }

    /**
     * The message, prefixed with the defaults file and key when it is about an option the command line did not set
     * but the file did: {@code ~/.segshap.properties: key 'threads' = '0': --threads: 0 must be ≥ 1}.
     */
    private String fromDefaultsFile(String message, CommandLine cmd, ParseResult parseResult) {
        Matcher m = LEADING_OPTION.matcher(message == null ? "" : message);
        if (!m.find()) return message;
        String option = m.group(1);
        for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(option)) return message;
        }
        String source = defaults.sourceOf(cmd.getCommandSpec(), option);
        return source == null ? message : source + ": " + message;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("segshap: error: " + ex.getMessage());
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ExitCode.INVALID_INPUT;
    }
}

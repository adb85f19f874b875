package segshap.engine.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import segshap.engine.output.OutputException;
import segshap.kernels.InputException;

/**
 * Turns exceptions into one {@code segshap: error: …} line on stderr and an exit code; stack traces only
 * with {@code --verbose}. A result that cannot be written (full disk, no permission) is
 * {@code segshap: error: cannot write <path>: <OS reason>}, exit 1.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        boolean verbose = parseResult.hasMatchedOption("--verbose")
                || (parseResult.subcommand() != null && parseResult.subcommand().hasMatchedOption("--verbose"));
        int code;
        Throwable cause = ex instanceof UncheckedIOException && ex.getCause() != null ? ex.getCause() : ex;
        if (cause instanceof OutputException) {
            // "cannot write <path>: <OS reason>" is the whole story (full disk, permissions); a stack trace adds nothing
            err.println("segshap: error: " + cause.getMessage());
            code = ExitCode.COMPUTATION_FAILED;
        } else if (ex instanceof InputException) {
            err.println("segshap: error: " + ex.getMessage());
            code = ExitCode.INVALID_INPUT;
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

package segshap.engine.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import segshap.engine.output.OutputTransaction;

/** Runs the real command line and captures its exit code, stdout (the results) and stderr (the conversation). */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(String... args) {
        return withDisk(OutputTransaction.FILES, args);
    }

    /** The command line writing its results through {@code opener} (e.g. a {@link FaultyDisk}). */
    static CliRun withDisk(OutputTransaction.Opener opener, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = SegshapCommand.commandLine(opener);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Both streams, for assertion messages. */
    String both() {
        return "stdout:\n" + out + "\nstderr:\n" + err;
    }
}

package segshap.engine.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import segshap.engine.output.OutputTransaction;

/**
 * Runs the real command line and captures its exit code, stdout (the results) and stderr (the conversation:
 * picocli's error writer and what the commands and the engine print on {@code System.err}: progress, summaries,
 * warnings).
 */
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
        PrintStream saved = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
            code = cmd.execute(args);
        } finally {
            System.setErr(saved);
        }
        return new CliRun(code, out.toString(), printed.toString(StandardCharsets.UTF_8) + err);
    }

    /** Both streams, for assertion messages. */
    String both() {
        return "stdout:\n" + out + "\nstderr:\n" + err;
    }
}

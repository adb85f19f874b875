package segshap.engine.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the real command line and captures its exit code and stderr. */
record CliRun(int exitCode, String err) {
    static CliRun of(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cmd = SegshapCommand.commandLine();
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new CliRun(code, err.toString());
    }
}

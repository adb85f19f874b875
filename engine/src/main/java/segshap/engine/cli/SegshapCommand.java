package segshap.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import segshap.engine.output.OutputTransaction;

/** The {@code segshap} root command: lists the subcommands and routes errors to exit codes. */
@Command(name = "segshap", mixinStandardHelpOptions = true, version = "segshap 0.1.0",
        description = {"Explains nnU-Net v2 CT segmentations with KernelSHAP.", "",
                "Typical invocations:",
                "  segshap demo --out demo                       (phantom CT, embedded model, prediction + explanation)",
                "  segshap predict -m MODEL -i ct.nii.gz -o seg.nii.gz   (nnU-Net inference on the CPU)",
                "  segshap explain -m MODEL --ct ct.nii.gz --organs organs.nii.gz --roi-component 1 --target 1 --out expl",
                "  segshap serve --data /srv/segshap --allow /data   (the daemon; then segshap submit, segshap jobs)",
                ""},
        subcommands = {DemoCommand.class, PredictCommand.class, ExplainCommand.class, EvaluateCommand.class, ServeCommand.class,
                SubmitCommand.class, JobsCommand.class, CommandLine.HelpCommand.class})
public final class SegshapCommand implements Runnable {
    private final OutputTransaction.Opener opener;

    private SegshapCommand(OutputTransaction.Opener opener) {
        this.opener = opener;
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.err);
    }

    /**
     * The command line with segshap's error handling. Option defaults are those shown in {@code --help};
     * a user may override any of them in {@code ~/.segshap.properties} (or the file named by the system
     * property {@code picocli.defaults.segshap.path}), one {@code option-name=value} line each, e.g.
     * {@code threads=8} or {@code budget=auto}, or {@code command.option-name=value} for one command
     * ({@code explain.budget=auto}). Errors in that file name the file and the key; unknown keys are warned about.
     */
    public static CommandLine commandLine() {
        return commandLine(OutputTransaction.FILES);
    }

    /** The command line writing its results through {@code opener} (tests inject a failing disk). */
    static CommandLine commandLine(OutputTransaction.Opener opener) {
        return withErrorHandling(new CommandLine(new SegshapCommand(opener))).setUsageHelpWidth(120);
    }

    /** {@code cmd} with segshap's error reporter, execution strategy and the user's defaults file. */
    static CommandLine withErrorHandling(CommandLine cmd) {
        UserDefaults defaults = UserDefaults.load();
        ErrorReporter errors = new ErrorReporter(defaults);
        return cmd.setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors)
                .setExecutionStrategy(errors)
                .setDefaultValueProvider(defaults);
    }

    /** How the subcommands open the temporaries of their results. */
    OutputTransaction.Opener opener() {
        return opener;
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(commandLine().execute(args));
    }
}

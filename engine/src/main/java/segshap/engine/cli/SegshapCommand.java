package segshap.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code segshap} root command: lists the subcommands and routes errors to exit codes. */
@Command(name = "segshap", mixinStandardHelpOptions = true, version = "segshap 0.1.0",
        description = "Explains nnU-Net v2 CT segmentations with KernelSHAP.",
        subcommands = {CommandLine.HelpCommand.class})
public final class SegshapCommand implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.err);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SegshapCommand()).execute(args));
    }
}

package segshap.engine.cli;

import java.util.Arrays;

/**
 * Runs segshap with the given arguments (after the first) in this JVM, stalling at the first write of the result
 * file named by the first argument; {@link InterruptedWriteTest} starts it in a child JVM and kills it there.
 */
public final class StalledWriteMain {
    private StalledWriteMain() {}

    public static void main(String[] args) {
        System.exit(SegshapCommand.commandLine(FaultyDisk.stallAt(args[0], System.out)).execute(Arrays.copyOfRange(args, 1, args.length)));
    }
}

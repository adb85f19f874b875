package segshap.engine.cli;

import java.util.Locale;
import picocli.CommandLine.Option;
import segshap.kernels.InputException;
import segshap.protocol.job.JobRuntime;

/** CPU threads, batching, memory and verbosity, shared by the commands that run a model. */
final class RuntimeOptions {
    @Option(names = "--threads", paramLabel = "N",
            description = "CPU threads for the forward pass. (default: all available cores)")
    Integer threads;

    @Option(names = "--tiles-per-batch", paramLabel = "N", defaultValue = "" + JobRuntime.DEFAULT_TILES_PER_BATCH,
            description = "Most tiles per forward call; the memory budget may allow fewer. (default: ${DEFAULT-VALUE})")
    int tilesPerBatch;

    @Option(names = "--memory-budget", paramLabel = "SIZE", defaultValue = "1g",
            description = "Memory the explanation pipeline may hold in flight (e.g. 512m, 4g), once for batches on the device and "
                    + "once for open coalitions (their fusion buffers and tile outputs). The tile cache is not part of it. "
                    + "(default: ${DEFAULT-VALUE})")
    String memoryBudget;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    int threads() {
        return threads == null ? Runtime.getRuntime().availableProcessors() : OptionChecks.atLeast("--threads", threads, 1, "thread");
    }

    int tilesPerBatch() {
        return OptionChecks.atLeast("--tiles-per-batch", tilesPerBatch, 1, "tile");
    }

    /** The runtime section of a job spec. */
    JobRuntime jobRuntime() {
        return new JobRuntime(threads(), tilesPerBatch(), bytes(memoryBudget, "--memory-budget"), "cpu");
    }

    /**
     * Parses a size: a number of bytes, or a number followed by k, m or g (binary: 1k = 1024 bytes).
     *
     * @throws InputException naming the option and the accepted forms
     */
    static long bytes(String text, String option) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("k") || t.endsWith("m") || t.endsWith("g")) {
            unit = switch (t.charAt(t.length() - 1)) {
                case 'k' -> 1L << 10;
                case 'm' -> 1L << 20;
                default -> 1L << 30;
            };
            t = t.substring(0, t.length() - 1);
        }
        double v;
        try {
            v = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new InputException(option + " '" + text + "': expected a size such as 512m, 4g or a number of bytes");
        }
        if (!(v >= 1) || Double.isInfinite(v) || v * unit > Long.MAX_VALUE / 2) {
            throw new InputException(option + " '" + text + "': the size must be at least 1 byte");
        }
        return (long) (v * unit);
    }
}

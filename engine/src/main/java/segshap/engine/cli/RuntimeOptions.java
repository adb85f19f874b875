package segshap.engine.cli;

import picocli.CommandLine.Option;
import segshap.kernels.InputException;

/** CPU threads, batching and verbosity, shared by the commands that run a model. */
final class RuntimeOptions {
    @Option(names = "--threads", paramLabel = "N",
            description = "CPU threads for the forward pass. (default: all available cores)")
    Integer threads;

    @Option(names = "--tiles-per-batch", paramLabel = "N", defaultValue = "2",
            description = "Tiles per forward call. (default: ${DEFAULT-VALUE})")
    int tilesPerBatch;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    int threads() {
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) throw new InputException("--threads: " + n + " must be ≥ 1");
        if (tilesPerBatch < 1) throw new InputException("--tiles-per-batch: " + tilesPerBatch + " must be ≥ 1");
        return n;
    }
}

package segshap.engine.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import segshap.engine.daemon.Daemon;
import segshap.protocol.job.JobRuntime;

/** {@code segshap serve}: the explanation daemon (HTTP API, job queue, persisted jobs and tile cache). */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the explanation daemon: an HTTP API to submit jobs, follow their progress and fetch results.",
                "Jobs and their results live in --data and survive restarts; unfinished jobs are resumed at start.", "",
                "Example:",
                "  segshap serve --data /srv/segshap --allow /data/ct --max-jobs 2",
                "      (prints its address and the token file; clients send Authorization: Bearer <token>)", ""})
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Interface to listen on; 0.0.0.0 makes the server reachable from other machines. (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8470",
            description = "TCP port; 0 picks a free one (printed). (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--data", paramLabel = "DIR", required = true,
            description = "Data folder: every job's spec, state and result, the persisted tile cache and the token (created if missing).")
    Path data;

    @Option(names = "--allow", paramLabel = "DIR", required = true,
            description = "A folder jobs may read inputs from (repeatable); any other input path is refused (403).")
    List<Path> allow;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File holding the access token. (default: DIR/token, created once with a random token, mode 600)")
    Path tokenFile;

    @Option(names = "--max-jobs", paramLabel = "N", defaultValue = "2",
            description = "Jobs computed at once; they share one inference worker per device. (default: ${DEFAULT-VALUE})")
    int maxJobs;

    @Option(names = "--max-queued", paramLabel = "N", defaultValue = "64",
            description = "Jobs waiting for a slot beyond which submissions are refused (429 with Retry-After). (default: ${DEFAULT-VALUE})")
    int maxQueued;

    @Option(names = "--device", paramLabel = "cpu", defaultValue = "cpu",
            description = "Device the jobs' forward passes run on. (default: ${DEFAULT-VALUE})")
    String device;

    @Mixin RuntimeOptions runtime;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        OptionChecks.atLeast("--max-jobs", maxJobs, 1, "job");
        OptionChecks.atLeast("--max-queued", maxQueued, 0, "job");
        if (port < 0 || port > 65535) throw new segshap.kernels.InputException("--port " + port + ": must be 0–65535");
        JobRuntime base = runtime.jobRuntime();
        JobRuntime r = new JobRuntime(base.threads(), base.tilesPerBatch(), base.memoryBudgetBytes(), device);
        Daemon daemon = Daemon.start(new Daemon.Settings(host, port, data, allow, tokenFile, maxJobs, maxQueued, r),
                notice -> System.err.println("segshap: warning: " + notice));
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM/SIGINT: stop listening and stop the running jobs; they stay unfinished on disk and resume next start
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.close();
            stopped.countDown();
        }, "segshap-serve-stop"));
        spec.commandLine().getOut().println(daemon.uri());
        spec.commandLine().getOut().println(daemon.tokenFile());
        spec.commandLine().getOut().flush();
        System.err.printf("segshap: serving on %s (%d unfinished jobs resumed); token in %s, send it as "
                + "Authorization: Bearer <token>%n", daemon.uri(), daemon.resumedJobs(), daemon.tokenFile());
        stopped.await();
        return ExitCode.OK;
    }
}

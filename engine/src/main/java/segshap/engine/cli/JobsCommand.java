package segshap.engine.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import segshap.engine.client.SegshapClient;
import segshap.engine.explain.ExplanationFolder;
import segshap.engine.explain.ExplanationWriter;
import segshap.engine.output.OutputTransaction;
import segshap.protocol.api.ApiJson;
import segshap.protocol.api.JobState;
import segshap.protocol.api.JobStatus;

/** {@code segshap jobs}: the jobs of a daemon (list, status, wait, cancel, fetch). */
@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = {"Lists, follows, cancels and downloads the jobs of a segshap serve daemon.", "",
                "Examples:",
                "  segshap jobs list --token-file /srv/segshap/token",
                "  segshap jobs wait j000003 --token-file /srv/segshap/token      (exit 0 when done, 1 when failed or cancelled)",
                "  segshap jobs fetch j000003 --out expl --token-file /srv/segshap/token", ""},
        subcommands = {JobsCommand.ListJobs.class, JobsCommand.Status.class, JobsCommand.Wait.class, JobsCommand.Cancel.class,
                JobsCommand.Fetch.class})
final class JobsCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "One line per job: id, state, submitted, progress or error.")
    static final class ListJobs implements Callable<Integer> {
        @Mixin ServerOptions server;
        @Option(names = "--json", description = "Print the list as JSON (GET /v1/jobs).") boolean json;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            SegshapClient c = server.client();
            List<JobStatus> jobs = server.call(c, SegshapClient::list);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(ApiJson.toJson(new segshap.protocol.api.JobList(jobs)));
                return ExitCode.OK;
            }
            for (JobStatus j : jobs) out.println(String.join("\t", j.id(), j.state().wireName(), j.submittedAt(), detail(j)));
            return ExitCode.OK;
        }

        private static String detail(JobStatus j) {
            if (j.error() != null) return j.error();
            if (j.progress() == null) return "";
            return j.progress().phase() + " " + j.progress().coalitionsDone() + "/" + j.progress().coalitionsPlanned();
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Prints the job's status as JSON (GET /v1/jobs/ID).")
    static final class Status implements Callable<Integer> {
        @Mixin ServerOptions server;
        @Parameters(paramLabel = "ID", description = "Job id, e.g. j000003.") String id;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            SegshapClient c = server.client();
            spec.commandLine().getOut().println(ApiJson.toJson(server.call(c, x -> x.status(id))));
            return ExitCode.OK;
        }
    }

    @Command(name = "wait", mixinStandardHelpOptions = true,
            description = {"Follows the job until it ends, with a progress bar on stderr; prints its final state.",
                    "Exit status 0 when done, 1 when failed or cancelled. A server restart is waited out (--reconnect-seconds)."})
    static final class Wait implements Callable<Integer> {
        @Mixin ServerOptions server;
        @Parameters(paramLabel = "ID", description = "Job id, e.g. j000003.") String id;
        @Option(names = "--reconnect-seconds", paramLabel = "S", defaultValue = "120",
                description = "How long to keep reconnecting while the server cannot be reached. (default: ${DEFAULT-VALUE})")
        int reconnectSeconds;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws IOException, InterruptedException {
            SegshapClient c = server.client();
            var bars = CliSessions.progressBars();
            long unreachableSince = -1;
            while (true) {
                try {
                    JobStatus end = server.call(c, x -> x.watch(id, bars));
                    spec.commandLine().getOut().println(end.state().wireName());
                    if (end.state() == JobState.DONE) return ExitCode.OK;
                    if (end.error() != null) System.err.println("segshap: job " + id + " failed: " + end.error());
                    return ExitCode.COMPUTATION_FAILED;
                } catch (IOException e) {
                    // not an answer of the server (refused connection, stream cut): it may be restarting, and it resumes
                    // the job, so keep waiting
                    boolean serverGone = !(e.getCause() instanceof segshap.engine.client.ClientException);
                    long now = System.nanoTime();
                    if (unreachableSince < 0) unreachableSince = now;
                    if (!serverGone || now - unreachableSince > reconnectSeconds * 1_000_000_000L) throw e;
                    Thread.sleep(1000);
                }
            }
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancels the job (a running one stops within a batch of coalitions); prints its state.")
    static final class Cancel implements Callable<Integer> {
        @Mixin ServerOptions server;
        @Parameters(paramLabel = "ID", description = "Job id, e.g. j000003.") String id;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            SegshapClient c = server.client();
            spec.commandLine().getOut().println(server.call(c, x -> x.cancel(id)).state().wireName());
            return ExitCode.OK;
        }
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Downloads a finished job's report and files into --out, in the layout 'segshap explain --out' writes.")
    static final class Fetch implements Callable<Integer> {
        @Mixin ServerOptions server;
        @Parameters(paramLabel = "ID", description = "Job id, e.g. j000003.") String id;
        @Option(names = "--out", paramLabel = "DIR", required = true,
                description = "Folder for report.json and the maps and figures (created if missing). An earlier result there is replaced whole.")
        Path out;
        @Option(names = "--force",
                description = "Also write into a non-empty folder that holds no segshap result; segshap's own files there are replaced, other files are kept.")
        boolean force;
        @ParentCommand JobsCommand jobs;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            ExplanationFolder folder = ExplanationFolder.inspect(out, "--out", force);
            SegshapClient c = server.client();
            List<String> names = server.call(c, x -> x.files(id));
            // the same transaction as explain --out: temporaries, then renames, report.json last
            try (OutputTransaction tx = new OutputTransaction(jobs.root().opener())) {
                for (String name : names) {
                    if (!name.equals(ExplanationWriter.REPORT)) tx.write(out.resolve(name), o -> server.call(c, x -> {
                        x.download(id, name, o);
                        return null;
                    }));
                }
                tx.write(out.resolve(ExplanationWriter.REPORT), o -> server.call(c, x -> {
                    x.download(id, ExplanationWriter.REPORT, o);
                    return null;
                }));
                for (Path p : tx.commit(folder.ownFiles())) spec.commandLine().getOut().println(p);
            }
            return ExitCode.OK;
        }
    }

    @ParentCommand SegshapCommand root;

    SegshapCommand root() {
        return root;
    }
}

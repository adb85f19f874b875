package segshap.engine.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import segshap.engine.explain.Explainer;
import segshap.engine.explain.ExplanationJob;
import segshap.engine.explain.ExplanationFolder;
import segshap.engine.explain.ExplanationWriter;
import segshap.engine.explain.InputDigests;
import segshap.kernels.InputException;
import segshap.protocol.ExplanationReport;
import segshap.protocol.ReportJson;
import segshap.protocol.job.JobRuntime;
import segshap.protocol.job.JobSpec;

/** {@code segshap evaluate}: faithfulness curves and metrics of an explanation. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Adds MoRF/LeRF curves, AOPC, ABPC, nAOPC and nABPC to an explanation's report.", "",
                "Example:",
                "  segshap evaluate --explanation expl",
                "      (re-runs the explanation's inputs, removes units in φ order, replaces expl/report.json atomically)", "",
                "The inputs must be the files the explanation was computed from: their SHA-256 digests in report.json are",
                "checked first, and a changed or missing file is refused before anything is computed or written.", ""})
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--explanation", paramLabel = "DIR", required = true,
            description = "Folder written by 'segshap explain' (holds report.json).")
    Path dir;

    @Mixin CacheOptions cache;
    @Mixin RuntimeOptions runtime;

    @ParentCommand SegshapCommand root;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        JobRuntime jobRuntime = runtime.jobRuntime(); // every option checked before any file is read
        Path file = dir.resolve(ExplanationWriter.REPORT);
        if (!Files.isRegularFile(file)) {
            throw new InputException("--explanation " + dir + ": no " + ExplanationWriter.REPORT + " there; pass a folder written by 'segshap explain'");
        }
        ExplanationReport report;
        try {
            report = ReportJson.read(file);
        } catch (IOException e) {
            throw new InputException(e.getMessage().startsWith(file.toString()) ? e.getMessage()
                    : file + ": not a segshap report (" + e.getMessage() + ")", e);
        }
        if (report.job() == null || report.values() == null || report.units() == null) {
            throw new InputException(file + ": not a segshap report (no job/values/units)");
        }
        // before anything is computed or written: the curves of other inputs would be curves of another image
        if (report.inputDigests() == null) {
            System.err.println("segshap: warning: " + file + " records no input digests (written before segshap recorded them), "
                    + "so whether its inputs changed cannot be checked; run 'segshap explain' again to record them");
        } else {
            InputDigests.requireUnchanged(report.inputDigests(), file);
        }
        ExplanationFolder folder = ExplanationFolder.inspect(dir, "--explanation", false);
        JobSpec job = cache.apply(report.job().withRuntime(jobRuntime));
        CliJobs.inputsOf(job).checkNotOverwritten("--explanation", folder.ownFiles());
        try (Explainer explainer = Explainer.start(job.runtime())) {
            ExplanationJob run = CliSessions.prepare(explainer, job);
            ExplanationReport evaluated = run.evaluate(report);
            for (Path p : ExplanationWriter.writeEvaluation(evaluated, dir, root.opener())) spec.commandLine().getOut().println(p);
            CliSessions.summarise(evaluated, run.setup().inputs().warnings());
        }
        return ExitCode.OK;
    }
}

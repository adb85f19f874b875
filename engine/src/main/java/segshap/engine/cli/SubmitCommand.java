package segshap.engine.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import segshap.engine.client.SegshapClient;
import segshap.protocol.api.JobStatus;
import segshap.protocol.job.JobSpec;

/** {@code segshap submit}: sends an explanation job to a daemon and prints its id. */
@Command(name = "submit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Submits an explanation job to a segshap serve daemon; prints the job id on stdout.",
                "Takes the options of 'segshap explain' (without --out: the result stays on the server; fetch it with 'segshap jobs fetch').", "",
                "Example:",
                "  segshap submit --server http://127.0.0.1:8470 --token-file /srv/segshap/token \\",
                "      -m MODEL --ct ct.nii.gz --organs organs.nii.gz --roi-component 1 --target 1", ""})
final class SubmitCommand implements Callable<Integer> {
    @Mixin ServerOptions server;
    @Mixin ModelOptions model;
    @Mixin ExplainCommand.InputOptions inputs;
    @Mixin ExplainCommand.MethodOptions method;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // the server reads the files: it needs absolute paths (and checks them against its --allow roots)
        JobSpec job = inputs.job(model, method).resolvedAgainst(Path.of("").toAbsolutePath());
        SegshapClient client = server.client();
        JobStatus s = server.call(client, c -> c.submit(job));
        spec.commandLine().getOut().println(s.id());
        return ExitCode.OK;
    }
}

package segshap.engine.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import segshap.protocol.Progress;
import static org.junit.jupiter.api.Assertions.assertTrue;
import segshap.engine.explain.FixtureCase;
import segshap.kernels.tensor.Box;
import segshap.protocol.job.JobRuntime;
import segshap.protocol.job.JobSpec;

/**
 * Fast daemon jobs on nnU-Net's fixture model (one takes about 3 s on two cores, curves included): the four organ
 * units of a box ROI, a sampled budget (8–13 coalitions; 14 is exact), a seed per job, so jobs differ in their
 * coalitions but draw on the same 240 tile outputs.
 */
public final class DaemonTestJobs {
    /** The fixture's inputs as a server sees them: an allowed root with the organ map and ROI mask. */
    public record Inputs(Path root, Path organs, Path roi) {
        /** A sampled organ-unit job, absolute paths (as {@code segshap submit} sends them). */
        public JobSpec job(long seed, int budget) {
            return FixtureCase.job(organs).roiMask(roi).budgetFixed(budget).seed(seed).build()
                    .resolvedAgainst(Path.of("").toAbsolutePath());
        }

        /** The {@code --allow} roots: the fixtures and this folder. */
        public List<Path> allow() {
            return List.of(FixtureCase.FIXTURES.toAbsolutePath().normalize(), root);
        }

        /** Server settings on {@code data}: loopback, any free port, a small engine (2 threads, 4 tiles per batch). */
        public Daemon.Settings settings(Path data, int maxJobs, int maxQueued) {
            return new Daemon.Settings("127.0.0.1", 0, data, allow(), null, maxJobs, maxQueued,
                    new JobRuntime(2, 4, JobRuntime.DEFAULT_MEMORY_BUDGET_BYTES, "cpu"));
        }
    }

    private DaemonTestJobs() {}

    /** Phases in order; within a phase, done counts never go back. */
    public static void assertProgressInOrder(List<Progress> events) {
        assertTrue(!events.isEmpty(), "no progress events");
        int phase = -1;
        long done = -1;
        for (Progress p : events) {
            int k = Progress.PHASES.indexOf(p.phase());
            assertTrue(k >= phase, "phase " + p.phase() + " after " + Progress.PHASES.get(Math.max(phase, 0)));
            if (k > phase) done = -1;
            assertTrue(p.coalitionsDone() >= done, p.phase() + ": " + p.coalitionsDone() + " after " + done);
            phase = k;
            done = p.coalitionsDone();
        }
    }

    /** Writes the organ map and ROI mask into {@code dir} (which becomes an allowed root). */
    public static Inputs inputs(Path dir) throws IOException {
        Path real = dir.toRealPath();
        return new Inputs(real, FixtureCase.writeOrgans(real), FixtureCase.writeRoiMask(real, new Box(14, 26, 18, 22, 36, 28)));
    }
}

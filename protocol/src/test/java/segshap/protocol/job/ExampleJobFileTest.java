package segshap.protocol.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The documented example job file. Read from {@code config/} itself, not a copy in test resources, so the
 * example cannot drift from the schema (surefire runs in the module folder).
 */
class ExampleJobFileTest {
    private static final Path EXAMPLE = Path.of("../config/jobs/example-explain.json");

    @Test
    void theExampleJobExplainsTheDemoSpleenWithOrganUnitsAndAnExactBudget() throws IOException {
        JobSpec job = JobSpecJson.read(EXAMPLE);
        assertEquals(new JobRoi.Component(1, null, null), job.roi());
        assertEquals("organs", job.units().kind());
        assertEquals("exact", job.sampling().budget());
        assertEquals(1, job.values().target());
    }

    @Test
    void theExamplesPathsPointIntoTheDemoFolderAtTheRepositoryRoot() throws IOException {
        JobSpec job = JobSpecJson.readResolved(EXAMPLE);
        Path repo = Path.of("..").toAbsolutePath().normalize();
        assertEquals(repo.resolve("segshap-demo/model").toString(), job.inputs().model());
        assertTrue(Path.of(job.inputs().ct()).isAbsolute());
    }
}

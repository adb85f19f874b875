/**
 * The job spec: one explanation request as a nested record tree ({@link segshap.protocol.job.JobSpec}), the
 * same for the CLI's job file, the Java library, the HTTP API and the {@code job} object of {@code report.json}.
 *
 * <p>Sections follow the method: {@code inputs} (files), {@code roi} (a mask or a predicted component, told
 * apart by {@code "type"}), {@code units}, {@code values} (target and value functions), {@code sampling}
 * (budget, allocation, seed), then what changes no number: {@code runtime} and {@code cache}.
 *
 * <p>Every record validates in its compact constructor and throws {@link java.lang.IllegalArgumentException}
 * whose message starts with the JSON path of the wrong field ({@code sampling.coalitions},
 * {@code inputs.folds[1]}), then the value and the fix. Enumerations are strings checked against a fixed list
 * (this module must not depend on the engine's enums). Optional fields left out take the CLI's defaults, both
 * in {@link segshap.protocol.job.JobSpec#builder()} and when JSON is read. Paths are strings, relative ones
 * relative to the job file's folder until {@link segshap.protocol.job.JobSpec#resolvedAgainst} resolves them.
 */
package segshap.protocol.job;

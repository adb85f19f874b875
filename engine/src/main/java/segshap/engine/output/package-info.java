/**
 * Writing results so that they are never lost or faked (issue 9). An {@link segshap.engine.output.OutputTransaction}
 * writes every file of a result to a hidden temporary beside its final name ({@code .report.json.tmp-<pid>}),
 * forces it to disk, and only when all are complete deletes what the result replaces and renames the new files
 * into place in the order they were written, the file that marks the result complete ({@code report.json})
 * last. A run that fails or is interrupted before that leaves the earlier result untouched; one interrupted
 * during the renames leaves no marker, so nothing that looks complete. A failed write is an
 * {@link segshap.engine.output.OutputException} naming the final path and the operating system's reason.
 * {@link segshap.engine.output.ProtectedInputs} refuses, before any work, an output that is one of the inputs.
 */
package segshap.engine.output;

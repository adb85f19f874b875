/**
 * The {@code segshap} command line (picocli): one class per subcommand, shared option groups as mixins
 * ({@code ModelOptions}, {@code RuntimeOptions}), one error reporter mapping exceptions to exit codes
 * (user mistakes: one line, exit 2, no stack trace). Results go to stdout, the conversation to stderr.
 */
package segshap.engine.cli;

/**
 * The explanation daemon ({@code segshap serve}): {@link segshap.engine.daemon.Daemon} composes one
 * {@code Explainer} (device workers and tile caches shared by every job), a job store in the data folder
 * ({@code JobStore}: spec and state of every job, written atomically, so a restart resumes what was unfinished),
 * a job manager with a bounded queue and {@code --max-jobs} job slots, one Pekko typed actor per job
 * ({@code JobActor}: the job's state, its event streams) and the HTTP API ({@code ApiRoutes}: token check,
 * {@code --allow} roots for every input path, size-limited bodies, Prometheus metrics).
 *
 * <p>Threads: HTTP and actors on the explainer's actor system; each running job blocks one job-slot thread
 * ({@code segshap-job-N}) while its coalitions stream through the shared device worker.
 */
package segshap.engine.daemon;

/**
 * The Java client of {@code segshap serve} ({@link segshap.engine.client.SegshapClient}): submit a job spec,
 * follow its server-sent events, fetch its status, report and files, cancel it. Used by {@code segshap submit}
 * and {@code segshap jobs}, and by the daemon's tests. Depends on the protocol records and the JDK only.
 */
package segshap.engine.client;

package segshap.engine.daemon;

/**
 * One server-sent event of a job's event stream: {@code progress} (data: a {@code Progress}) or the final
 * {@code done}, {@code failed} or {@code cancelled} (data: the job's {@code JobStatus}).
 *
 * @param name the SSE event name
 * @param data one line of JSON
 */
record JobEvent(String name, String data) {}

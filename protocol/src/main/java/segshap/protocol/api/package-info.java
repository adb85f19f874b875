/**
 * The HTTP API of {@code segshap serve}: the job statuses, lists and errors it answers with
 * ({@link segshap.protocol.api.JobStatus}, {@link segshap.protocol.api.JobList},
 * {@link segshap.protocol.api.JobFiles}, {@link segshap.protocol.api.ApiError}) and their JSON
 * ({@link segshap.protocol.api.ApiJson}). The request body of {@code POST /v1/jobs} is the job spec
 * ({@code segshap.protocol.job.JobSpec}); events carry {@code segshap.protocol.Progress}. The whole API is
 * described as OpenAPI 3 in the resource {@code segshap/protocol/api/openapi.yaml} (served at
 * {@code /v1/openapi.yaml}; {@link segshap.protocol.api.ApiJson#OPENAPI_RESOURCE}).
 */
package segshap.protocol.api;

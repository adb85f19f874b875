/**
 * One explanation end to end, and the library API for research pipelines. An
 * {@link segshap.engine.explain.Explainer} (actor system, devices) prepares an
 * {@link segshap.engine.explain.ExplanationJob} from a {@link segshap.protocol.job.JobSpec} in named phases,
 * each returning a record: {@link segshap.engine.explain.LoadedInputs} (read and checked) →
 * {@link segshap.engine.explain.NetworkCase} (network grid) → {@link segshap.engine.explain.RoiSelection}
 * (ROI, support) → {@link segshap.engine.explain.UnitSetup} (units, players) → the
 * {@link segshap.engine.coalition.TilePlan} → the {@link segshap.engine.coalition.Baseline}, collected in an
 * {@link segshap.engine.explain.ExplanationSetup}. The job then runs KernelSHAP and the MoRF/LeRF curves
 * through the streaming pipeline; {@link segshap.engine.explain.ExplanationWriter} writes the report, the maps
 * in the CT's geometry and the figures.
 */
package segshap.engine.explain;

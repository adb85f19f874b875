/**
 * One explanation end to end: {@link segshap.engine.explain.ExplanationSession} reads and checks the inputs,
 * brings them to nnU-Net's network grid, selects the ROI, builds the units and the cached coalition
 * evaluator; {@link segshap.engine.explain.Explainer} runs KernelSHAP over the units and, for
 * {@code evaluate}, the MoRF/LeRF curves; {@link segshap.engine.explain.ExplanationWriter} writes the report,
 * the maps in the CT's geometry and the figures. This is also the library API for research pipelines.
 */
package segshap.engine.explain;

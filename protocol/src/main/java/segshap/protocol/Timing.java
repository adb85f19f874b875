package segshap.protocol;

/**
 * Wall-clock seconds of the phases of one run.
 *
 * @param loadSeconds        reading the CT, labels and model; preprocessing
 * @param baselineSeconds    baseline prediction (full volume when the ROI comes from it) and the ROI's tiles
 * @param coalitionsSeconds  all coalition evaluations and the Shapley solve
 * @param curvesSeconds      MoRF/LeRF curves ({@code null} before {@code evaluate})
 * @param totalSeconds       everything
 */
public record Timing(double loadSeconds, double baselineSeconds, double coalitionsSeconds, Double curvesSeconds,
                     double totalSeconds) {}

package segshap.engine.explain;

import segshap.protocol.ExplanationReport;

/**
 * A computed explanation: the report and the setup it was computed on (grids, units, ROI), which the writer
 * needs to map φ back to the CT. Plain data.
 *
 * @param report what {@code report.json} holds
 * @param setup  the phases' results
 */
public record Explanation(ExplanationReport report, ExplanationSetup setup) {

    /** The same explanation with another report (e.g. after {@code evaluate} added metrics). */
    public Explanation withReport(ExplanationReport newReport) {
        return new Explanation(newReport, setup);
    }
}

package segshap.engine.explain;

import segshap.protocol.ExplanationReport;

/**
 * A computed explanation: the report and the session it came from (grids, units) for writing maps.
 *
 * @param report  what {@code report.json} holds
 * @param session the loaded inputs; closed by whoever closes the session
 */
public record Explanation(ExplanationReport report, ExplanationSession session) {}

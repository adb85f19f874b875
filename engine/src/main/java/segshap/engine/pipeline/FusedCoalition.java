package segshap.engine.pipeline;

/**
 * A coalition whose tiles have all arrived and been fused over B.
 *
 * @param coalition    sequence number within the pipeline run
 * @param fusedOverB   fused logits (heads, Bz, By, Bx)
 * @param createdNanos when the coalition was expanded
 */
public record FusedCoalition(long coalition, float[] fusedOverB, long createdNanos) {}

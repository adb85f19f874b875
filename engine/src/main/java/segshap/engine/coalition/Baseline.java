package segshap.engine.coalition;

/**
 * The unperturbed prediction of one {@link TilePlan}: every relevant tile's logits over its crop (what clean
 * tiles reuse), their fusion over B and P_0 over B (the value functions' reference mask).
 *
 * @param tileLogits  per relevant tile, logits (heads, crop); do not mutate
 * @param fusedOverB  fused logits (heads, Bz, By, Bx); do not mutate
 * @param p0OverB     target-label mask of the fused baseline over B; do not mutate
 */
public record Baseline(float[][] tileLogits, float[] fusedOverB, byte[] p0OverB) {

    /** Fuses the baseline tile outputs of {@code plan} (relevant-tile order). */
    public static Baseline of(TilePlan plan, float[][] tileLogits) {
        float[] fused = new float[plan.fusedFloats()];
        plan.fuse(tileLogits, fused);
        return new Baseline(tileLogits, fused, plan.hardPrediction(fused));
    }

    /** Bytes held by this baseline. */
    public long bytes() {
        long n = 4L * fusedOverB.length + p0OverB.length;
        for (float[] t : tileLogits) n += 4L * t.length;
        return n;
    }
}

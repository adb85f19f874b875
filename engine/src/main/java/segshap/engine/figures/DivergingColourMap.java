package segshap.engine.figures;

/**
 * Blue – white – red colour map for signed attributions, with opacity rising from 0 at φ = 0.
 *
 * <p>t = φ / max|φ| ∈ [−1, 1]. The positive branch runs through three anchors (light grey-white,
 * salmon, dark red, close to ColorBrewer RdBu's red end); the negative branch is the exact mirror with red
 * and blue swapped, so equal |φ| of either sign reads equally strong. Opacity is
 * {@code ALPHA_MAX · min(1, |t| / ALPHA_RAMP)}: exactly 0 at t = 0, so anatomy shows through where φ is
 * small.
 */
final class DivergingColourMap {
    // (r, g, b) at t = 0, 0.5, 1 on the positive branch; the negative branch swaps r and b
    private static final int[][] POSITIVE_ANCHORS = {{247, 247, 247}, {244, 165, 130}, {190, 20, 40}};
    // strong attributions stay readable but still let edges of the CT through
    static final float ALPHA_MAX = 0.85f;
    // half the scale reaches full opacity: small φ fade out rather than wash the CT in pale colour
    static final float ALPHA_RAMP = 0.5f;

    private DivergingColourMap() {}

    /** Opaque colour of t (clamped to [−1, 1]) as 0xRRGGBB. */
    static int rgbOf(float t) {
        return (Math.round(channelOf(t, 0)) << 16) | (Math.round(channelOf(t, 1)) << 8) | Math.round(channelOf(t, 2));
    }

    /** Channel 0 (red), 1 (green) or 2 (blue) of the colour of t, unrounded, in [0, 255]. */
    private static float channelOf(float t, int channel) {
        float a = Math.min(1f, Math.abs(t));
        float s = a * 2f;
        int seg = s >= 1f ? 1 : 0;
        float f = s - seg;
        // the negative branch reads the positive anchors with red and blue swapped
        int c = t < 0 ? 2 - channel : channel;
        float lo = POSITIVE_ANCHORS[seg][c];
        return lo + f * (POSITIVE_ANCHORS[seg + 1][c] - lo);
    }

    /** Opacity of the overlay at t, in [0, ALPHA_MAX]; 0 exactly when t = 0. */
    static float alphaOf(float t) {
        return ALPHA_MAX * Math.min(1f, Math.abs(t) / ALPHA_RAMP);
    }

    /** The overlay of t composited over an opaque grey level (0…255), as 0xRRGGBB. */
    static int blendOverGrey(int grey, float t) {
        float alpha = alphaOf(t);
        if (alpha == 0f) return (grey << 16) | (grey << 8) | grey;
        float keep = 1f - alpha;
        int r = Math.round(alpha * channelOf(t, 0) + keep * grey);
        int g = Math.round(alpha * channelOf(t, 1) + keep * grey);
        int b = Math.round(alpha * channelOf(t, 2) + keep * grey);
        return (r << 16) | (g << 8) | b;
    }
}

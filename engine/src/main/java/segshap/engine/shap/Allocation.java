package segshap.engine.shap;

/** How a sampled design spreads its budget over the coalition sizes 1…M−1. */
public enum Allocation {
    /**
     * Equal expected number of coalitions per size (Leverage-SHAP-like, Musco &amp; Witter 2025); the default.
     * Sizes with fewer coalitions than their share are enumerated and the rest goes to the other sizes.
     */
    EQUAL,
    /** Coalitions per size proportional to the Shapley kernel mass q(s) = (M−1)/(s(M−s)), as shap does. */
    KERNEL
}

package segshap.engine.shap;

/** How a sampled KernelSHAP run chooses its coalitions (exact enumeration, where it fits, is the same for both). */
public enum Design {
    /**
     * Size-stratified complementary pairs {S, N\S} sampled without replacement ({@code PairDesign}): the most
     * information per coalition, but consecutive coalitions share almost no tile pattern.
     */
    PAIRS,
    /**
     * Antithetic permutation walks ({@code WalkDesign}): units are added one at a time along a random order, and
     * the reverse order gives the complements, so consecutive coalitions differ in one unit and only the tiles that
     * unit meets need a new forward. Each walk pair visits every size once in each direction (the equal size
     * allocation); standard errors by delete-one-walk jackknife.
     */
    WALKS
}

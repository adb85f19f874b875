package segshap.engine.shap;

/** Receives the number of coalitions evaluated so far and the number currently planned. */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores progress. */
    ProgressListener NONE = (evaluated, planned) -> { };

    /**
     * Called after every evaluated batch, on the thread that runs the estimator.
     *
     * @param evaluated distinct coalitions evaluated so far (v(∅) and v(N) included)
     * @param planned coalitions the current step will have evaluated when done; grows between the steps of
     *     an automatic budget
     */
    void onProgress(int evaluated, int planned);

    /**
     * Called with the attributions of every design the estimator solves on the way (each step of an automatic
     * budget, then the final one), on the thread that runs the estimator. Exact enumeration reports none.
     *
     * @param phiByValueFunction {@code [k][p]} = φ of player p for value function k; do not keep or mutate
     */
    default void onEstimate(double[][] phiByValueFunction) { }
}

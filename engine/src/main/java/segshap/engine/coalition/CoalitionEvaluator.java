package segshap.engine.coalition;

import java.util.BitSet;
import java.util.List;

/**
 * Evaluates coalitions of units: bit i set = unit i (in {@code UnitPartition.units()} order) kept; bits of
 * excluded units are ignored.
 */
public interface CoalitionEvaluator {

    /**
     * The four scores of each coalition, indexed by {@code ValueFunction.ordinal()} (TP, FP, DICE, SOFTDICE).
     * A batch lets the evaluator share tile forwards across coalitions.
     */
    double[][] evaluate(List<BitSet> coalitions);

    /** Tile work so far. */
    EvaluationStats stats();
}

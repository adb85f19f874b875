package segshap.engine.metrics;

import java.util.List;

/**
 * MoRF/LeRF curves of one attribution ranking, scored with every value function of the oracle.
 *
 * <p>The arrays are owned by the record; callers must not modify them.
 *
 * @param morfOrder removable players in MoRF removal order (φ descending, ties by unit id ascending)
 * @param lerfOrder removable players in LeRF removal order (φ ascending, ties by unit id ascending)
 * @param byValue metrics per value function, in the oracle's value order
 */
public record PerturbationResult(int[] morfOrder, int[] lerfOrder, List<CurveMetrics> byValue) {

    public PerturbationResult {
        if (morfOrder.length != lerfOrder.length) {
            throw new IllegalArgumentException("MoRF and LeRF orders differ in length: " + morfOrder.length + " vs "
                    + lerfOrder.length);
        }
        morfOrder = morfOrder.clone();
        lerfOrder = lerfOrder.clone();
        byValue = List.copyOf(byValue);
    }

    /** The metrics of value function {@code m}. */
    public CurveMetrics metrics(int m) {
        return byValue.get(m);
    }
}

package segshap.engine.coalition;

import java.util.List;

/**
 * The game: evaluates K value functions (e.g. TP, FP, Dice, Soft Dice) on a batch of coalitions at once.
 *
 * <p>The estimators call {@link #evaluate} with batches of distinct coalitions, never with a coalition they
 * evaluated before (they cache every value), so an implementation may batch the model work of a whole call
 * (tiles across coalitions). Values must be finite and deterministic for a given coalition.
 */
public interface Game {

    /**
     * Values of every value function for every coalition of the batch.
     *
     * @param batch distinct coalitions, all over the same number of players; not empty
     * @return {@code result[j][m]} = value function m on {@code batch.get(j)}; {@code batch.size()} rows of
     *     {@link #valueCount()} finite values each
     */
    double[][] evaluate(List<Coalition> batch);

    /** Number K {@code >= 1} of value functions returned per coalition. */
    int valueCount();

    /**
     * Tile forwards this game has run so far (what a coalition really costs: the tiles whose masked pattern was not
     * seen before), or −1 when it does not count them. A forward budget needs a game that counts.
     */
    default long forwardsSpent() {
        return -1;
    }
}

package segshap.engine.shap;

import segshap.engine.coalition.Coalition;
import segshap.engine.coalition.Game;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Evaluates each coalition once, in batches, and remembers every value (lookups only, never iterated). */
final class CachedGame {
    private final Game game;
    private final int playerCount;
    private final int valueCount;
    private final int batchSize;
    private final ProgressListener progress;
    private final Map<Coalition, double[]> values = new HashMap<>();

    CachedGame(Game game, int playerCount, int batchSize, ProgressListener progress) {
        if (game == null || progress == null) {
            throw new IllegalArgumentException("game and progress must not be null");
        }
        if (playerCount < 0) {
            throw new IllegalArgumentException("playerCount must be >= 0, got " + playerCount);
        }
        this.game = game;
        this.playerCount = playerCount;
        this.valueCount = game.valueCount();
        if (valueCount < 1) {
            throw new IllegalArgumentException("the game must return >= 1 value per coalition, valueCount() = "
                    + valueCount);
        }
        this.batchSize = batchSize;
        this.progress = progress;
    }

    int valueCount() {
        return valueCount;
    }

    int evaluations() {
        return values.size();
    }

    /** The game's tile forwards so far, −1 when it does not count them. */
    long forwardsSpent() {
        return game.forwardsSpent();
    }

    boolean isCached(Coalition c) {
        return values.containsKey(c);
    }

    /** Evaluates, in list order, the coalitions not seen before; {@code planned} is passed to progress. */
    void evaluateAll(List<Coalition> coalitions, int planned) {
        List<Coalition> todo = new ArrayList<>();
        Set<Coalition> queued = new HashSet<>();
        for (Coalition c : coalitions) {
            if (c.playerCount() != playerCount) {
                throw new IllegalArgumentException("coalition " + c + " is not over " + playerCount + " players");
            }
            if (!values.containsKey(c) && queued.add(c)) {
                todo.add(c);
            }
        }
        for (int from = 0; from < todo.size(); from += batchSize) {
            List<Coalition> batch = List.copyOf(todo.subList(from, Math.min(todo.size(), from + batchSize)));
            double[][] out = game.evaluate(batch);
            if (out == null || out.length != batch.size()) {
                throw new IllegalStateException("the game returned " + (out == null ? "null" : out.length + " rows")
                        + " for a batch of " + batch.size() + " coalitions");
            }
            for (int j = 0; j < out.length; j++) {
                double[] row = out[j];
                if (row == null || row.length != valueCount) {
                    throw new IllegalStateException("the game returned " + (row == null ? "null" : row.length
                            + " values") + " for coalition " + batch.get(j) + ", expected " + valueCount);
                }
                for (int m = 0; m < valueCount; m++) {
                    if (!Double.isFinite(row[m])) {
                        throw new IllegalStateException("value function " + m + " is " + row[m] + " on coalition "
                                + batch.get(j) + "; the game must return finite values");
                    }
                }
                values.put(batch.get(j), row.clone());
            }
            progress.onProgress(values.size(), Math.max(planned, values.size()));
        }
    }

    /** The cached values of {@code c}; the caller must not modify them. */
    double[] value(Coalition c) {
        double[] v = values.get(c);
        if (v == null) {
            throw new IllegalStateException("coalition " + c + " was never evaluated");
        }
        return v;
    }
}

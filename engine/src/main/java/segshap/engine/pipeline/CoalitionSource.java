package segshap.engine.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import segshap.engine.coalition.Coalition;

/**
 * The estimator's design step as a stream: the coalitions (over the plan's units) numbered in list order.
 * Emits them on demand; completes after the last; never fails.
 */
public final class CoalitionSource {
    private CoalitionSource() {}

    /** A coalition and its sequence number within one pipeline run. */
    public record Item(long coalition, Coalition kept) {}

    public static Source<Item, NotUsed> of(List<Coalition> coalitions) {
        List<Item> items = new ArrayList<>(coalitions.size());
        for (int i = 0; i < coalitions.size(); i++) items.add(new Item(i, coalitions.get(i)));
        return Source.from(items);
    }
}

package segshap.engine.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import segshap.engine.coalition.Baseline;
import segshap.engine.coalition.Coalition;
import segshap.engine.coalition.Game;
import segshap.engine.value.ValueFunction;

/**
 * The game the estimator plays, over players (the units that can change the prediction): each batch of
 * player coalitions is mapped to unit coalitions and streamed through the pipeline as one design step.
 */
public final class PipelineGame implements Game {
    private final CoalitionPipeline pipeline;
    private final Baseline baseline;
    private final int[] playerUnits;
    private final LongConsumer onScored;

    /**
     * @param playerUnits unit index of each player, ascending
     * @param onScored    told of every scored coalition (for progress), from a stream thread
     */
    public PipelineGame(CoalitionPipeline pipeline, Baseline baseline, int[] playerUnits, LongConsumer onScored) {
        this.pipeline = pipeline;
        this.baseline = baseline;
        this.playerUnits = playerUnits.clone();
        this.onScored = onScored;
    }

    @Override
    public double[][] evaluate(List<Coalition> batch) {
        int units = pipeline.plan().partition().unitCount();
        List<Coalition> unitCoalitions = new ArrayList<>(batch.size());
        for (Coalition players : batch) {
            int[] members = players.members();
            for (int k = 0; k < members.length; k++) members[k] = playerUnits[members[k]];
            unitCoalitions.add(Coalition.of(units, members));
        }
        return CoalitionPipeline.join(pipeline.evaluate(unitCoalitions, baseline, onScored));
    }

    @Override
    public int valueCount() {
        return ValueFunction.values().length;
    }
}

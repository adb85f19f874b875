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
    private final Listener listener;

    /** Told what the game is doing, for progress reports. */
    public interface Listener extends LongConsumer {
        /** A batch of {@code coalitions} coalitions is about to stream (on the estimator's thread). */
        void batchStarted(int coalitions);

        /** Coalition {@code coalition} of the current batch is scored (on a stream thread). */
        @Override
        void accept(long coalition);
    }

    /**
     * @param playerUnits unit index of each player, ascending
     * @param listener    told of every batch and every scored coalition
     */
    public PipelineGame(CoalitionPipeline pipeline, Baseline baseline, int[] playerUnits, Listener listener) {
        this.pipeline = pipeline;
        this.baseline = baseline;
        this.playerUnits = playerUnits.clone();
        this.listener = listener;
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
        listener.batchStarted(batch.size());
        return CoalitionPipeline.join(pipeline.evaluate(unitCoalitions, baseline, listener));
    }

    @Override
    public int valueCount() {
        return ValueFunction.values().length;
    }

    /** The job's tile forwards so far (its pipeline's count: baseline, every coalition, curves). */
    @Override
    public long forwardsSpent() {
        return pipeline.metrics().forwards();
    }
}

package segshap.engine.pipeline;

import java.util.function.LongConsumer;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;
import segshap.engine.coalition.Baseline;
import segshap.engine.coalition.TilePlan;
import segshap.engine.device.MemoryBudget;

/**
 * Scores a fused coalition: TP, FP, Dice and Soft Dice in one pass over B ({@link TilePlan#score}), then gives
 * the coalition's bytes back to the open-coalition budget and reports it done. One in, one out: emits when
 * downstream pulls, backpressures otherwise, completes with upstream, fails with upstream.
 */
public final class ValueStage {
    private ValueStage() {}

    /** The four values of one coalition. */
    public record Scored(long coalition, double[] values) {}

    /**
     * @param onScored receives each scored coalition's sequence number (on a stream thread)
     */
    public static Flow<FusedCoalition, Scored, NotUsed> flow(TilePlan plan, Baseline baseline, MemoryBudget openCoalitions,
                                                             long bytesPerCoalition, EngineMetrics metrics, LongConsumer onScored) {
        byte[] p0 = baseline.p0OverB();
        return Flow.<FusedCoalition>create().map(f -> {
            long t0 = System.nanoTime();
            double[] v = plan.score(f.fusedOverB(), p0);
            long t1 = System.nanoTime();
            metrics.scoringNanos.add(t1 - t0);
            metrics.recordCoalition(t1 - f.createdNanos());
            openCoalitions.release(bytesPerCoalition);
            onScored.accept(f.coalition());
            return new Scored(f.coalition(), v);
        });
    }
}

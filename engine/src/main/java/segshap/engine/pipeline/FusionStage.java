package segshap.engine.pipeline;

import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import segshap.engine.coalition.TilePlan;

/**
 * Keyed join per coalition: holds each coalition's tile outputs until all of its relevant tiles are there,
 * in whatever order they come, then fuses them over B in relevant-tile order ({@link TilePlan#fuse}), so the
 * result is bit-identical to the reference evaluator's. How many coalitions are open at once is bounded
 * upstream by {@link TileExpander}'s budget.
 *
 * <p>Emits a fused coalition when its last tile arrives and downstream has pulled. Backpressures when
 * downstream does not pull. Completes when upstream completes with no coalition open; fails if upstream
 * completes while a coalition still misses tiles, or when a tile arrives twice.
 */
public final class FusionStage extends GraphStage<FlowShape<TileRequest, FusedCoalition>> {
    private final Inlet<TileRequest> in = Inlet.create("FusionStage.in");
    private final Outlet<FusedCoalition> out = Outlet.create("FusionStage.out");
    private final FlowShape<TileRequest, FusedCoalition> shape = FlowShape.of(in, out);
    private final TilePlan plan;
    private final EngineMetrics metrics;

    public FusionStage(TilePlan plan, EngineMetrics metrics) {
        this.plan = plan;
        this.metrics = metrics;
    }

    @Override
    public FlowShape<TileRequest, FusedCoalition> shape() {
        return shape;
    }

    private static final class Open {
        final float[][] logits;
        int arrived;

        Open(int tiles) {
            logits = new float[tiles][];
        }
    }

    @Override
    public GraphStageLogic createLogic(Attributes attributes) {
        return new GraphStageLogic(shape) {
            private final Map<Long, Open> open = new HashMap<>();

            {
                setHandler(in, new AbstractInHandler() {
                    @Override
                    public void onPush() {
                        TileRequest r = grab(in);
                        Open o = open.computeIfAbsent(r.coalition(), c -> new Open(plan.relevantTileCount()));
                        if (o.logits[r.tile()] != null) {
                            failStage(new IllegalStateException("tile " + r.tile() + " of coalition " + r.coalition() + " arrived twice"));
                            return;
                        }
                        o.logits[r.tile()] = r.logits();
                        if (++o.arrived < o.logits.length) {
                            pull(in);
                            return;
                        }
                        open.remove(r.coalition());
                        long t0 = System.nanoTime();
                        float[] fused = new float[plan.fusedFloats()];
                        plan.fuse(o.logits, fused);
                        metrics.fusionNanos.add(System.nanoTime() - t0);
                        push(out, new FusedCoalition(r.coalition(), fused, r.createdNanos()));
                    }

                    @Override
                    public void onUpstreamFinish() {
                        if (open.isEmpty()) completeStage();
                        else failStage(new IllegalStateException(open.size() + " coalitions ended with tiles missing"));
                    }
                });
                setHandler(out, new AbstractOutHandler() {
                    @Override
                    public void onPull() {
                        pull(in);
                    }
                });
            }
        };
    }
}

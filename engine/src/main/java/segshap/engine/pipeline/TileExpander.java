package segshap.engine.pipeline;

import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import segshap.engine.coalition.Baseline;
import segshap.engine.coalition.TilePlan;
import segshap.engine.device.MemoryBudget;

/**
 * Coalition → one {@link TileRequest} per relevant tile, in relevant-tile order. With a baseline, clean tiles
 * (no unit of {@code U_s} removed) resolve to the baseline's logits at once; the rest carry their key
 * {@code m|U_s}. Before it expands a coalition it takes the coalition's host bytes (fusion buffer and tile
 * outputs) from the open-coalition budget; {@link ValueStage} gives them back.
 *
 * <p>Emits one request per pull. Backpressures while the budget has no room for the next coalition, and
 * while downstream does not pull. Completes when upstream has completed and the last coalition is expanded.
 * Fails when upstream fails.
 */
public final class TileExpander extends GraphStage<FlowShape<CoalitionSource.Item, TileRequest>> {
    private final Inlet<CoalitionSource.Item> in = Inlet.create("TileExpander.in");
    private final Outlet<TileRequest> out = Outlet.create("TileExpander.out");
    private final FlowShape<CoalitionSource.Item, TileRequest> shape = FlowShape.of(in, out);
    private final TilePlan plan;
    private final Baseline baseline;
    private final MemoryBudget openCoalitions;
    private final long bytesPerCoalition;
    private final EngineMetrics metrics;

    /**
     * @param baseline          clean tiles' logits, or {@code null} to send every tile to the cache (the
     *                          baseline run itself)
     * @param openCoalitions    host budget of coalitions between expansion and scoring
     * @param bytesPerCoalition what one open coalition holds, ≤ the budget's capacity
     */
    public TileExpander(TilePlan plan, Baseline baseline, MemoryBudget openCoalitions, long bytesPerCoalition,
                        EngineMetrics metrics) {
        if (bytesPerCoalition > openCoalitions.capacityBytes()) {
            throw new IllegalArgumentException("one coalition needs " + bytesPerCoalition + " bytes, the "
                    + openCoalitions.name() + " budget holds " + openCoalitions.capacityBytes());
        }
        this.plan = plan;
        this.baseline = baseline;
        this.openCoalitions = openCoalitions;
        this.bytesPerCoalition = bytesPerCoalition;
        this.metrics = metrics;
    }

    @Override
    public FlowShape<CoalitionSource.Item, TileRequest> shape() {
        return shape;
    }

    @Override
    public GraphStageLogic createLogic(Attributes attributes) {
        return new GraphStageLogic(shape) {
            private CoalitionSource.Item waiting; // received, not yet admitted by the budget
            private CoalitionSource.Item current; // admitted, tiles being emitted
            private long currentStart;
            private int nextTile;
            private AsyncCallback<Void> retry;

            @Override
            public void preStart() {
                retry = createAsyncCallback(ignored -> admitWaiting());
            }

            {
                setHandler(in, new AbstractInHandler() {
                    @Override
                    public void onPush() {
                        waiting = grab(in);
                        admitWaiting();
                    }

                    @Override
                    public void onUpstreamFinish() {
                        if (current == null && waiting == null) completeStage();
                    }
                });
                setHandler(out, new AbstractOutHandler() {
                    @Override
                    public void onPull() {
                        if (current != null) {
                            emitNext();
                        } else if (waiting == null) {
                            pullOrComplete();
                        }
                    }
                });
            }

            private void admitWaiting() {
                if (waiting == null) return;
                if (!openCoalitions.tryAcquire(bytesPerCoalition)) {
                    openCoalitions.onRelease(() -> retry.invoke(null));
                    return;
                }
                current = waiting;
                waiting = null;
                currentStart = System.nanoTime();
                nextTile = 0;
                if (isAvailable(out)) emitNext();
            }

            private void emitNext() {
                int i = nextTile++;
                TileRequest r;
                if (baseline != null && plan.isClean(i, current.kept())) {
                    metrics.clean.increment();
                    r = new TileRequest(plan, current.coalition(), i, current.kept(), null, TileRequest.Origin.CLEAN,
                            baseline.tileLogits()[i], null, currentStart);
                } else {
                    r = new TileRequest(plan, current.coalition(), i, current.kept(), plan.keyOf(i, current.kept()),
                            TileRequest.Origin.UNRESOLVED, null, null, currentStart);
                }
                metrics.requests.increment();
                if (nextTile == plan.relevantTileCount()) current = null;
                push(out, r);
            }

            private void pullOrComplete() {
                if (isClosed(in)) completeStage();
                else if (!hasBeenPulled(in)) pull(in);
            }
        };
    }
}

package segshap.engine.pipeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import segshap.engine.coalition.TilePlan;
import segshap.engine.device.DeviceWorker;
import segshap.engine.device.MemoryBudget;
import segshap.kernels.backend.ForwardBackend;
import segshap.kernels.backend.TileBatch;
import segshap.kernels.tensor.Box;

/**
 * The device worker's side of the pipeline: forwards the requests of a batch that need it
 * ({@link TileRequest#needsForward()}) in one backend call on the worker's thread and sets their logits;
 * other requests pass through untouched. Batches leave in the order they came.
 *
 * <p>Back-pressure tied to device memory: a batch is admitted only when the worker's {@link MemoryBudget} has
 * room for what the backend says it costs ({@link ForwardBackend#batchBytes}); the bytes return when its
 * outputs have been copied out. At most {@code batchesInFlight} batches are held (admitted or waiting).
 *
 * <p>Emits a batch when it is done and downstream pulls. Backpressures while {@code batchesInFlight} batches
 * are held, so while the budget is exhausted nothing is admitted and nothing is emitted. Completes when
 * upstream has completed and every held batch is emitted. Fails when a forward throws (with that exception)
 * or upstream fails.
 */
public final class InferenceStage extends GraphStage<FlowShape<List<TileRequest>, List<TileRequest>>> {
    private final Inlet<List<TileRequest>> in = Inlet.create("InferenceStage.in");
    private final Outlet<List<TileRequest>> out = Outlet.create("InferenceStage.out");
    private final FlowShape<List<TileRequest>, List<TileRequest>> shape = FlowShape.of(in, out);
    private final DeviceWorker device;
    private final int batchesInFlight;
    private final EngineMetrics metrics;

    /** @param batchesInFlight batches held at once, ≥ 1 (2 lets one wait while the other computes) */
    public InferenceStage(DeviceWorker device, int batchesInFlight, EngineMetrics metrics) {
        if (batchesInFlight < 1) throw new IllegalArgumentException("batchesInFlight must be ≥ 1, got " + batchesInFlight);
        this.device = device;
        this.batchesInFlight = batchesInFlight;
        this.metrics = metrics;
    }

    @Override
    public FlowShape<List<TileRequest>, List<TileRequest>> shape() {
        return shape;
    }

    /** The bytes a batch of {@code tiles} tiles of {@code plan}'s shape holds on {@code backend}. */
    public static long costOf(ForwardBackend backend, TilePlan plan, int tiles) {
        return tiles == 0 ? 0 : backend.batchBytes(plan.patchZyx(), tiles);
    }

    private static final class Slot {
        final List<TileRequest> batch;
        final List<TileRequest> leaders = new ArrayList<>();
        boolean admitted;
        volatile List<TileRequest> done; // set on the device thread, read on the stage's

        Slot(List<TileRequest> batch) {
            this.batch = batch;
            for (TileRequest r : batch) if (r.needsForward()) leaders.add(r);
        }
    }

    @Override
    public GraphStageLogic createLogic(Attributes attributes) {
        return new GraphStageLogic(shape) {
            private final ArrayDeque<Slot> slots = new ArrayDeque<>();
            private boolean waitingForMemory;
            private AsyncCallback<Void> memoryFreed;
            private AsyncCallback<Slot> batchDone;
            private AsyncCallback<Throwable> batchFailed;

            @Override
            public void preStart() {
                memoryFreed = createAsyncCallback(ignored -> {
                    waitingForMemory = false;
                    admit();
                });
                batchDone = createAsyncCallback(slot -> emitReady());
                batchFailed = createAsyncCallback(this::failStage);
                pull(in);
            }

            {
                setHandler(in, new AbstractInHandler() {
                    @Override
                    public void onPush() {
                        slots.add(new Slot(grab(in)));
                        admit();
                        emitReady();
                        pullIfRoom();
                    }

                    @Override
                    public void onUpstreamFinish() {
                        if (slots.isEmpty()) completeStage();
                    }
                });
                setHandler(out, new AbstractOutHandler() {
                    @Override
                    public void onPull() {
                        emitReady();
                    }
                });
            }

            /** Admits held batches in order while the budget has room. */
            private void admit() {
                for (Slot s : slots) {
                    if (s.admitted) continue;
                    if (s.leaders.isEmpty()) {
                        s.admitted = true;
                        s.done = s.batch;
                        continue;
                    }
                    if (waitingForMemory) return;
                    long cost = costOf(device.backend(), s.leaders.get(0).plan(), s.leaders.size());
                    if (!device.memory().tryAcquire(cost)) {
                        waitingForMemory = true;
                        device.memory().onRelease(() -> memoryFreed.invoke(null));
                        return;
                    }
                    s.admitted = true;
                    device.submit(backend -> forward(backend, s, cost)).whenComplete((slot, error) -> {
                        if (error != null) batchFailed.invoke(error.getCause() != null ? error.getCause() : error);
                        else batchDone.invoke(slot);
                    });
                }
            }

            private void emitReady() {
                Slot head = slots.peek();
                if (head != null && head.done != null && isAvailable(out)) {
                    slots.poll();
                    push(out, head.done);
                }
                if (slots.isEmpty() && isClosed(in)) {
                    completeStage();
                    return;
                }
                pullIfRoom();
            }

            private void pullIfRoom() {
                if (slots.size() < batchesInFlight && !isClosed(in) && !hasBeenPulled(in)) pull(in);
            }
        };
    }

    /** On the device thread: perturb, forward, copy out, give the bytes back. */
    private Slot forward(ForwardBackend backend, Slot s, long cost) {
        try {
            long start = System.nanoTime();
            int n = s.leaders.size();
            TilePlan plan = s.leaders.get(0).plan();
            int tileFloats = plan.tileInputFloats();
            float[] input = device.inputStaging(Math.multiplyExact(n, tileFloats));
            Box[] crops = new Box[n];
            for (int k = 0; k < n; k++) {
                TileRequest r = s.leaders.get(k);
                if (!Arrays.equals(r.plan().patchZyx(), plan.patchZyx())) {
                    throw new IllegalStateException("a batch mixes tile shapes " + Arrays.toString(plan.patchZyx())
                            + " and " + Arrays.toString(r.plan().patchZyx()));
                }
                metrics.recordQueueWait(start - r.createdNanos());
                r.plan().writeInput(r.tile(), r.kept(), input, k * tileFloats);
                crops[k] = r.plan().cropOfRelevantTile(r.tile());
            }
            float[] logits = device.outputStaging(Math.toIntExact(TileBatch.outputFloats(plan.numHeads(), crops)));
            backend.forward(TileBatch.packed(plan.patchZyx(), plan.numHeads(), input, crops, logits));
            List<TileRequest> done = new ArrayList<>(s.batch.size());
            int offset = 0, k = 0;
            for (TileRequest r : s.batch) {
                if (k < n && r == s.leaders.get(k)) {
                    int len = r.plan().cropFloats(r.tile());
                    done.add(r.with(TileRequest.Origin.FORWARD, Arrays.copyOfRange(logits, offset, offset + len), r.pending()));
                    offset += len;
                    k++;
                } else {
                    done.add(r);
                }
            }
            metrics.recordBatch(n, System.nanoTime() - start);
            s.done = done;
            return s;
        } finally {
            device.memory().release(cost);
        }
    }
}

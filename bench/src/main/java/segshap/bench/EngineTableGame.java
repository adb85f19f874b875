package segshap.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import segshap.engine.coalition.Coalition;
import segshap.engine.coalition.Game;
import segshap.engine.coalition.TileKey;
import segshap.engine.coalition.TilePlan;
import segshap.engine.explain.ExplanationJob;
import segshap.engine.pipeline.PipelineGame;

/**
 * An exact-enumerable engine case as a game: every one of the 2^M coalitions evaluated once through the real engine
 * (all four value functions), then answered from that table, with the tile forwards a design would cost counted from
 * the engine's own cache keys ({@link TilePlan#keyOf}: a forward per relevant tile whose key was not seen before). So a
 * design's error per forward is measured on the real model without running the network again for every seed.
 */
final class EngineTableGame implements Game {
    private final int playerCount;
    private final int unitCount;
    private final int[] players;
    private final TilePlan plan;
    private final double[][] table; // (2^M, K), row = mask over players
    private final Set<TileKey> seen = new HashSet<>();
    private long forwards;

    private EngineTableGame(int[] players, int unitCount, TilePlan plan, double[][] table) {
        this.players = players;
        this.playerCount = players.length;
        this.unitCount = unitCount;
        this.plan = plan;
        this.table = table;
    }

    /** Evaluates every coalition of {@code job}'s players through its pipeline (M ≤ 20). */
    static EngineTableGame enumerate(ExplanationJob job) {
        int[] players = job.setup().units().players();
        int m = players.length;
        if (m > 20) throw new IllegalArgumentException(m + " players are too many to enumerate");
        PipelineGame engine = new PipelineGame(job.pipeline(), job.setup().baseline(), players, new PipelineGame.Listener() {
            @Override
            public void batchStarted(int coalitions) {}

            @Override
            public void accept(long coalition) {}
        });
        int count = 1 << m;
        double[][] table = new double[count][];
        for (int from = 0; from < count; from += 256) {
            List<Coalition> batch = new ArrayList<>();
            for (int mask = from; mask < Math.min(count, from + 256); mask++) batch.add(Coalition.fromMask(m, mask));
            double[][] values = engine.evaluate(batch);
            System.arraycopy(values, 0, table, from, values.length);
        }
        return new EngineTableGame(players, job.setup().units().partition().unitCount(), job.setup().plan(), table);
    }

    /** A fresh copy: same table, no tile seen yet. */
    EngineTableGame fresh() {
        return new EngineTableGame(players, unitCount, plan, table);
    }

    int playerCount() {
        return playerCount;
    }

    @Override
    public double[][] evaluate(List<Coalition> batch) {
        double[][] out = new double[batch.size()][];
        for (int j = 0; j < batch.size(); j++) {
            Coalition c = batch.get(j);
            int[] members = c.members();
            for (int k = 0; k < members.length; k++) members[k] = players[members[k]];
            Coalition units = Coalition.of(unitCount, members);
            for (int i = 0; i < plan.relevantTileCount(); i++) {
                if (seen.add(plan.keyOf(i, units))) forwards++;
            }
            out[j] = table[(int) c.toMask()].clone();
        }
        return out;
    }

    @Override
    public int valueCount() {
        return table[0].length;
    }

    @Override
    public long forwardsSpent() {
        return forwards;
    }
}

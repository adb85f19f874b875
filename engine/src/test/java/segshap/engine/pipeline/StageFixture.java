package segshap.engine.pipeline;

import segshap.engine.coalition.Coalition;
import segshap.engine.coalition.CoalitionFixtures;
import segshap.engine.coalition.TilePlan;

/** Requests and plans for the stage specs. */
final class StageFixture {
    static final CoalitionFixtures.Fixture FIXTURE = CoalitionFixtures.fixture(1);
    static final TilePlan PLAN = FIXTURE.plan();
    static final int UNITS = FIXTURE.partition().unitCount();

    private StageFixture() {}

    /** An unresolved request for relevant tile {@code tile} of coalition number {@code seq} keeping {@code kept}. */
    static TileRequest unresolved(long seq, int tile, Coalition kept) {
        return new TileRequest(PLAN, seq, tile, kept, PLAN.keyOf(tile, kept), TileRequest.Origin.UNRESOLVED, null, null, System.nanoTime());
    }

    /** A coalition removing every unit: no relevant tile is clean. */
    static Coalition none() {
        return Coalition.empty(UNITS);
    }
}

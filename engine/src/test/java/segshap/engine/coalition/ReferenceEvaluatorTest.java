package segshap.engine.coalition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ReferenceEvaluatorTest {

    static java.util.stream.LongStream seeds() {
        return CoalitionFixtures.seeds();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theFullCoalitionReproducesTheBaselinePrediction(long seed) {
        CoalitionFixtures.Fixture f = CoalitionFixtures.fixture(seed);
        TilePlan plan = f.plan();
        ReferenceCoalitionEvaluator reference = new ReferenceCoalitionEvaluator(plan, new TileMeanBackend(), 4);
        double[] s = reference.evaluate(List.of(Coalition.full(f.partition().unitCount())))[0];
        assertEquals(0.0, s[1], 0.0, "FP of the baseline itself");
        long positives = 0;
        for (byte b : reference.baseline().p0OverB()) if (b != 0) positives++;
        assertEquals(positives > 0 ? 2.0 / (2.0 + 1e-8 / positives) : 0.0, s[2], 1e-12, "Dice of P0 with itself");
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aTileIsCleanExactlyWhenEveryUnitMeetingItIsKept(long seed) {
        CoalitionFixtures.Fixture f = CoalitionFixtures.fixture(seed);
        TilePlan plan = f.plan();
        for (Coalition c : CoalitionFixtures.allCoalitions(f.partition().unitCount())) {
            for (int i = 0; i < plan.relevantTileCount(); i++) {
                boolean clean = true;
                for (int u : plan.unitsOfRelevantTile(i)) clean &= c.contains(u);
                assertEquals(clean, plan.isClean(i, c), c + " tile " + i);
                assertEquals(clean, plan.keyOf(i, Coalition.full(f.partition().unitCount())).equals(plan.keyOf(i, c)), c + " tile " + i);
            }
        }
        assertTrue(plan.relevantTileCount() < f.grid().tiles().size(), "the ROI meets only some tiles");
    }
}

package segshap.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProgressTest {
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void anEventReadsBackEqualToWhatWasWritten() throws Exception {
        Progress p = new Progress("coalitions", 1024, 2048, 49152, 30210, 9870, 1205, 61.5, 60.0, "dice",
                List.of(new Progress.UnitPhi(1, "spleen", 0.41), new Progress.UnitPhi(7, null, -0.05)));
        assertEquals(p, JSON.readValue(JSON.writeValueAsString(p), Progress.class));
    }

    @Test
    void anEarlyEventHasNoEtaAndNoTopUnits() throws Exception {
        Progress p = JSON.readValue("{\"phase\": \"baseline\", \"elapsedSeconds\": 1.5, \"topUnits\": null}", Progress.class);
        assertEquals(List.of(), p.topUnits());
        assertEquals(null, p.etaSeconds());
        assertEquals(0, p.coalitionsPlanned());
    }

    private static Arguments refused(String path, Supplier<Object> make) {
        return Arguments.of(Named.of(path, path), make);
    }

    static Stream<Arguments> invalidEvents() {
        return Stream.of(
                refused("progress.phase", () -> new Progress("solve", 0, 0, 0, 0, 0, 0, 0, null, null, null)),
                refused("progress.coalitionsDone", () -> new Progress("coalitions", 5, 4, 0, 0, 0, 0, 0, null, null, null)),
                refused("progress.coalitionsDone", () -> new Progress("coalitions", 0, -1, 0, 0, 0, 0, 0, null, null, null)),
                refused("progress.tileRequests", () -> new Progress("coalitions", 0, 0, -1, 0, 0, 0, 0, null, null, null)),
                refused("progress.hits", () -> new Progress("coalitions", 0, 0, 0, -1, 0, 0, 0, null, null, null)),
                refused("progress.forwards", () -> new Progress("coalitions", 0, 0, 0, 0, -1, 0, 0, null, null, null)),
                refused("progress.dedupJoins", () -> new Progress("coalitions", 0, 0, 0, 0, 0, -1, 0, null, null, null)),
                refused("progress.elapsedSeconds", () -> new Progress("coalitions", 0, 0, 0, 0, 0, 0, Double.NaN, null, null, null)),
                refused("progress.etaSeconds", () -> new Progress("coalitions", 0, 0, 0, 0, 0, 0, 0, -2.0, null, null)),
                refused("progress.topUnitsValue", () -> new Progress("coalitions", 0, 0, 0, 0, 0, 0, 0, null, null,
                        List.of(new Progress.UnitPhi(1, null, 0.1)))),
                refused("progress.topUnits[].phi", () -> new Progress.UnitPhi(1, null, Double.POSITIVE_INFINITY)));
    }

    @ParameterizedTest(name = "{0} is named when it is wrong")
    @MethodSource("invalidEvents")
    void everyValidationErrorStartsWithTheFieldsPath(String path, Supplier<Object> make) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make::get);
        assertTrue(e.getMessage().startsWith(path + " "), e.getMessage());
    }
}

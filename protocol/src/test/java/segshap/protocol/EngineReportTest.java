package segshap.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineReportTest {

    @Test
    void mapsAreKeptInSortedNameOrder() {
        Map<String, Long> counters = new HashMap<>();
        for (String name : EngineReport.COUNTERS) counters.put(name, 1L);
        EngineReport e = new EngineReport("cpu", 1, 1, Map.of(), counters);
        assertEquals(EngineReport.COUNTERS.stream().sorted().toList(), List.copyOf(e.counters().keySet()));
    }

    @Test
    void aNegativeCounterIsRefusedWithItsName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EngineReport("cpu", 1, 1, Map.of(), Map.of(EngineReport.HITS, -1L)));
        assertTrue(e.getMessage().startsWith("engine.counters.hits -1"), e.getMessage());
    }

    @Test
    void aBlankBackendAndNonPositiveSizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new EngineReport(" ", 1, 1, Map.of(), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new EngineReport("cpu", 0, 1, Map.of(), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new EngineReport("cpu", 1, 0, Map.of(), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new EngineReport("cpu", 1, 1, null, Map.of()));
    }

    @Test
    void anEmptyHistogramSummaryIsAllZeros() {
        HistogramSummary empty = new HistogramSummary(0, "ms", 0, 0, 0, 0, 0);
        assertEquals(0, empty.count());
    }

    @Test
    void histogramStatisticsMustBeOrderedFiniteAndNonNegative() {
        assertThrows(IllegalArgumentException.class, () -> new HistogramSummary(3, "ms", 5, 4, 6, 7, 5));
        assertThrows(IllegalArgumentException.class, () -> new HistogramSummary(3, "ms", 1, 2, 3, 4, 5));
        assertThrows(IllegalArgumentException.class, () -> new HistogramSummary(3, "ms", -1, 2, 3, 4, 2));
        assertThrows(IllegalArgumentException.class, () -> new HistogramSummary(3, "ms", 1, 2, 3, Double.NaN, 2));
        assertThrows(IllegalArgumentException.class, () -> new HistogramSummary(-1, "ms", 0, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new HistogramSummary(1, "", 0, 0, 0, 0, 0));
    }
}

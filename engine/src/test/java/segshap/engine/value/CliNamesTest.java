package segshap.engine.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import segshap.engine.units.UnitKind;
import segshap.kernels.InputException;

class CliNamesTest {
    @Test
    void valueFunctionsParseTheirNamesAndListThemOnError() {
        assertEquals(ValueFunction.SOFTDICE, ValueFunction.fromCliName("softdice"));
        assertEquals(ValueFunction.TP, ValueFunction.fromCliName("TP"));
        String msg = assertThrows(InputException.class, () -> ValueFunction.fromCliName("iou")).getMessage();
        assertTrue(msg.contains("'iou'") && msg.contains("tp, fp, dice, softdice"), msg);
    }

    @Test
    void unitKindsAndScoringRegionsParseTheirNames() {
        assertEquals(UnitKind.HYBRID, UnitKind.fromCliName("hybrid"));
        assertEquals(ScoringRegion.ROI, ScoringRegion.fromCliName("mask"));
        assertTrue(assertThrows(InputException.class, () -> UnitKind.fromCliName("slic")).getMessage()
                .contains("organs, regular, hybrid"));
        assertTrue(assertThrows(InputException.class, () -> ScoringRegion.fromCliName("roi")).getMessage()
                .contains("box, mask"));
    }
}

package segshap.engine.explain;

import java.util.Locale;
import segshap.engine.units.UnitKind;
import segshap.kernels.InputException;

/**
 * The unit partition: {@code organs}, {@code regular:A_MM} or {@code hybrid:A_MM} (FCC cubic edge in mm).
 *
 * @param kind    the partition
 * @param edgeMm  FCC cubic edge a in mm (regular, hybrid), NaN for organs
 */
public record UnitSpec(UnitKind kind, double edgeMm) {

    /**
     * Parses the command-line form.
     *
     * @throws InputException naming the option and the accepted forms
     */
    public static UnitSpec parse(String text, String option) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        int colon = t.indexOf(':');
        UnitKind kind = UnitKind.fromCliName(colon < 0 ? t : t.substring(0, colon));
        if (kind == UnitKind.ORGANS) {
            if (colon >= 0) throw new InputException(option + " '" + text + "': organs units take no size; use 'organs'");
            return new UnitSpec(kind, Double.NaN);
        }
        if (colon < 0) {
            throw new InputException(option + " '" + text + "': " + kind.cliName() + " units need the FCC edge in mm, e.g. '"
                    + kind.cliName() + ":20'");
        }
        double a;
        try {
            a = Double.parseDouble(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new InputException(option + " '" + text + "': '" + t.substring(colon + 1) + "' is not a number of mm");
        }
        if (!(a > 0) || Double.isInfinite(a)) throw new InputException(option + " '" + text + "': the FCC edge must be > 0 mm");
        return new UnitSpec(kind, a);
    }

    /** The command-line form. */
    @Override
    public String toString() {
        return kind == UnitKind.ORGANS ? kind.cliName() : kind.cliName() + ":" + edgeMm;
    }
}

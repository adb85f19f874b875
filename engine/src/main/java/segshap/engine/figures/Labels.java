package segshap.engine.figures;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/** Number formatting for figure text: locale-independent, three significant digits, typographic minus. */
final class Labels {
    private Labels() {}

    /** {@code v} to 3 significant digits ("0.0412", "−1.5", "2.3e-06"); "n/a" for NaN. */
    static String sig3(double v) {
        if (Double.isNaN(v)) return "n/a";
        if (Double.isInfinite(v)) return v > 0 ? "∞" : "−∞";
        if (v == 0) return "0";
        double a = Math.abs(v);
        String s;
        if (a >= 1e-4 && a < 1e6) {
            s = new BigDecimal(v).round(new MathContext(3, RoundingMode.HALF_EVEN)).stripTrailingZeros().toPlainString();
        } else {
            s = String.format(Locale.ROOT, "%.2e", v);
        }
        return s.replace('-', '−');
    }
}

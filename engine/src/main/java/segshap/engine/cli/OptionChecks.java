package segshap.engine.cli;

import java.util.List;
import java.util.Locale;
import segshap.kernels.InputException;

/**
 * Range checks of option values, run before any work. Each message starts with the option and the value
 * ({@code --unit-margin Infinity: …}): {@link ErrorReporter} reads the option from there to name the defaults file
 * when the value came from it.
 */
final class OptionChecks {
    private OptionChecks() {}

    /** {@code value}, which must be finite and ≥ {@code min} ({@code unit} for the message, e.g. {@code mm}). */
    static double finiteAtLeast(String option, double value, double min, String unit) {
        if (!(value >= min) || Double.isInfinite(value)) {
            throw new InputException(option + " " + value + ": must be a finite number ≥ " + number(min) + " " + unit);
        }
        return value;
    }

    /** {@code value}, which must be finite ({@code example} shows an accepted value). */
    static double finite(String option, double value, String example) {
        if (!Double.isFinite(value)) throw new InputException(option + " " + value + ": must be a finite number, e.g. " + example);
        return value;
    }

    /** {@code value}, which must be ≥ {@code min} ({@code what} names the unit, e.g. {@code coalitions}). */
    static int atLeast(String option, int value, int min, String what) {
        return (int) atLeast(option, (long) value, min, what);
    }

    /** {@code value}, which must be ≥ {@code min} ({@code what} names the unit, e.g. {@code tile forwards}). */
    static long atLeast(String option, long value, long min, String what) {
        if (value < min) throw new InputException(option + " " + value + ": must be at least " + min + " " + what);
        return value;
    }

    /** {@code value} trimmed and lower-cased, which must be one of {@code accepted}. */
    static String oneOf(String option, String value, List<String> accepted) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!accepted.contains(v)) {
            throw new InputException(option + " '" + value + "': expected " + String.join(" or ", accepted));
        }
        return v;
    }

    private static String number(double x) {
        return x == Math.rint(x) ? Long.toString((long) x) : String.format(Locale.ROOT, "%g", x);
    }
}

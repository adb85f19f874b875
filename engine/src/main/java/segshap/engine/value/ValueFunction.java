package segshap.engine.value;

import java.util.Arrays;
import java.util.stream.Collectors;
import segshap.kernels.InputException;

/**
 * The four scalar value functions v(m) of the paper (eqs. 3–6); {@link #ordinal()} is the position in the
 * array returned by {@link ValueFunctions#scores}.
 */
public enum ValueFunction {
    /** True-positive score (eq. 3). */
    TP("tp"),
    /** False-positive score (eq. 4). */
    FP("fp"),
    /** Dice score (eq. 5). */
    DICE("dice"),
    /** Soft Dice score (eq. 6). */
    SOFTDICE("softdice");

    private final String cliName;

    ValueFunction(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line and in job specs. */
    public String cliName() {
        return cliName;
    }

    /**
     * The value function named {@code name} (case-insensitive).
     *
     * @throws InputException for an unknown name, listing the valid ones
     */
    public static ValueFunction fromCliName(String name) {
        for (ValueFunction f : values()) {
            if (f.cliName.equalsIgnoreCase(name.trim())) return f;
        }
        throw new InputException("unknown value function '" + name + "'; expected one of "
                + Arrays.stream(values()).map(ValueFunction::cliName).collect(Collectors.joining(", ")));
    }
}

package segshap.engine.units;

import java.util.Arrays;
import java.util.stream.Collectors;
import segshap.kernels.InputException;

/** The three unit partitions of the paper (§III.B), with their command-line names. */
public enum UnitKind {
    /** Full organs: one unit per organ label (background excluded); unit id = label value. */
    ORGANS("organs"),
    /** Regular FCC cells in world mm; unit ids 1..M in lattice order. */
    REGULAR("regular"),
    /** FCC cell × organ label (background excluded); unit ids 1..M in (cell, label) order. */
    HYBRID("hybrid");

    private final String cliName;

    UnitKind(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line and in job specs. */
    public String cliName() {
        return cliName;
    }

    /**
     * The kind named {@code name} (case-insensitive).
     *
     * @throws InputException for an unknown name, listing the valid ones
     */
    public static UnitKind fromCliName(String name) {
        for (UnitKind k : values()) {
            if (k.cliName.equalsIgnoreCase(name.trim())) return k;
        }
        throw new InputException("unknown unit partition '" + name + "'; expected one of "
                + Arrays.stream(values()).map(UnitKind::cliName).collect(Collectors.joining(", ")));
    }
}

package segshap.engine.units;

import java.util.Arrays;
import java.util.Objects;

/**
 * One interpretable unit of a {@link UnitPartition}.
 *
 * @param id              organs: the organ label; regular and hybrid: 1..M in the partition's fixed order
 * @param kind            the partition it belongs to
 * @param organLabel      the organ label (≥ 1) for organs and hybrid units, −1 for regular units
 * @param organName       the organ's name ("" for regular units; "label N" when no name was supplied)
 * @param voxels          number of network-grid voxels in the unit (inside the unit region), ≥ 1
 * @param centroidMm      mean world position (x, y, z) in mm of its voxel centres
 * @param excluded        whether the unit is left out of KernelSHAP (its attribution is exactly 0)
 * @param exclusionReason why it is excluded; "" when it is not
 */
public record Unit(int id, UnitKind kind, int organLabel, String organName, long voxels, double[] centroidMm,
                   boolean excluded, String exclusionReason) {
    public Unit {
        centroidMm = centroidMm.clone();
        if (centroidMm.length != 3) throw new IllegalArgumentException("centroidMm must hold (x, y, z)");
        if (voxels < 1) throw new IllegalArgumentException("unit " + id + " has " + voxels + " voxels; need ≥ 1");
        if ((kind == UnitKind.REGULAR) != (organLabel == -1) || (organLabel != -1 && organLabel < 1)) {
            throw new IllegalArgumentException("unit " + id + " of kind " + kind + " has organ label " + organLabel);
        }
        if (organName == null || exclusionReason == null) {
            throw new IllegalArgumentException("organName and exclusionReason must not be null (use \"\")");
        }
        if (excluded == exclusionReason.isEmpty()) {
            throw new IllegalArgumentException("unit " + id + ": an excluded unit needs a reason, a kept unit none");
        }
    }

    @Override
    public double[] centroidMm() {
        return centroidMm.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Unit u && id == u.id && kind == u.kind && organLabel == u.organLabel
                && organName.equals(u.organName) && voxels == u.voxels
                && Arrays.equals(centroidMm, u.centroidMm) && excluded == u.excluded
                && exclusionReason.equals(u.exclusionReason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, kind, organLabel, voxels, excluded);
    }

    @Override
    public String toString() {
        return "Unit[id=" + id + ", " + kind.cliName() + (organLabel > 0 ? ", organ " + organLabel + " '"
                + organName + "'" : "") + ", " + voxels + " voxels" + (excluded ? ", excluded: " + exclusionReason : "")
                + "]";
    }
}

package segshap.protocol;

import java.util.List;

/**
 * One progress event of a running explanation, emitted by the engine pipeline and read by the CLI's progress
 * bar and the daemon's event stream. Events are snapshots: each carries the running totals, not increments.
 *
 * <p>Example, halfway through the coalitions:
 * <pre>
 * {"phase": "coalitions", "coalitionsDone": 1024, "coalitionsPlanned": 2048, "tileRequests": 49152,
 *  "hits": 30210, "forwards": 9870, "dedupJoins": 1205, "elapsedSeconds": 61.5, "etaSeconds": 60.0,
 *  "topUnitsValue": "dice", "topUnits": [{"unitId": 1, "name": "spleen", "phi": 0.41}, …]}
 * </pre>
 *
 * @param phase             {@code load}, {@code baseline}, {@code coalitions} or {@code curves} ({@link #PHASES})
 * @param coalitionsDone    coalitions evaluated so far, 0 ≤ done ≤ planned
 * @param coalitionsPlanned coalitions of the current plan (an {@code auto} budget raises it as it grows), ≥ 0
 * @param tileRequests      tile outputs requested so far, ≥ 0
 * @param hits              requests answered from the cache so far, ≥ 0
 * @param forwards          tiles run through the network so far, ≥ 0
 * @param dedupJoins        requests that joined a forward already in flight, ≥ 0
 * @param elapsedSeconds    wall time since the job started, s, ≥ 0
 * @param etaSeconds        estimated seconds to the end of the current phase, ≥ 0, or {@code null} when unknown
 * @param topUnitsValue     value function of {@code topUnits} ({@code tp}, {@code fp}, {@code dice},
 *                          {@code softdice}), or {@code null} when {@code topUnits} is empty
 * @param topUnits          running φ of the units with the largest |φ|, largest first; empty when not yet known
 *                          ({@code null} is read as empty)
 * @throws IllegalArgumentException naming the field and the value when one is out of range
 */
public record Progress(String phase, long coalitionsDone, long coalitionsPlanned, long tileRequests, long hits,
                       long forwards, long dedupJoins, double elapsedSeconds, Double etaSeconds, String topUnitsValue,
                       List<UnitPhi> topUnits) {
    /** The phases of a job, in order. */
    public static final List<String> PHASES = List.of("load", "baseline", "coalitions", "curves");

    public Progress {
        if (!PHASES.contains(phase)) throw new IllegalArgumentException("progress.phase '" + phase + "': expected one of " + PHASES);
        if (coalitionsPlanned < 0 || coalitionsDone < 0 || coalitionsDone > coalitionsPlanned) {
            throw new IllegalArgumentException("progress.coalitionsDone " + coalitionsDone + " of coalitionsPlanned "
                    + coalitionsPlanned + ": need 0 ≤ done ≤ planned");
        }
        requireCount("tileRequests", tileRequests);
        requireCount("hits", hits);
        requireCount("forwards", forwards);
        requireCount("dedupJoins", dedupJoins);
        if (!(elapsedSeconds >= 0) || Double.isInfinite(elapsedSeconds)) {
            throw new IllegalArgumentException("progress.elapsedSeconds " + elapsedSeconds + ": must be finite and ≥ 0");
        }
        if (etaSeconds != null && (!(etaSeconds >= 0) || etaSeconds.isInfinite())) {
            throw new IllegalArgumentException("progress.etaSeconds " + etaSeconds + ": must be finite and ≥ 0, or null when unknown");
        }
        topUnits = topUnits == null ? List.of() : List.copyOf(topUnits);
        if (!topUnits.isEmpty() && topUnitsValue == null) {
            throw new IllegalArgumentException("progress.topUnitsValue null: required when topUnits is not empty; name the value function of the φ");
        }
    }

    /**
     * The running φ of one unit.
     *
     * @param unitId unit id as in {@code report.json}'s {@code units[].id}
     * @param name   organ name, or {@code null} (regular cells, unnamed labels)
     * @param phi    current estimate of φ for {@link Progress#topUnitsValue}, finite
     */
    public record UnitPhi(int unitId, String name, double phi) {
        public UnitPhi {
            if (!Double.isFinite(phi)) throw new IllegalArgumentException("progress.topUnits[].phi " + phi + " (unit " + unitId + "): must be finite");
        }
    }

    private static void requireCount(String field, long value) {
        if (value < 0) throw new IllegalArgumentException("progress." + field + " " + value + ": must be ≥ 0");
    }
}

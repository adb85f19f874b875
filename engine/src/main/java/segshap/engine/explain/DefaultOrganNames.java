package segshap.engine.explain;

import java.util.Map;

/** Organ names used when no names sidecar is given. */
final class DefaultOrganNames {
    private DefaultOrganNames() {}

    static Map<Integer, String> totalSegmentator() {
        return Map.of();
    }
}

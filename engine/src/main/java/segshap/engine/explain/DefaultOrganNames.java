package segshap.engine.explain;

import java.util.Map;
import java.util.TreeMap;
import segshap.engine.demo.TotalSegmentatorLabels;

/** Organ names used when no names sidecar is given: TotalSegmentator's {@code total} task. */
final class DefaultOrganNames {
    private DefaultOrganNames() {}

    static Map<Integer, String> totalSegmentator() {
        Map<Integer, String> names = new TreeMap<>();
        for (TotalSegmentatorLabels l : TotalSegmentatorLabels.values()) names.put(l.id(), l.labelName());
        return names;
    }
}

package segshap.engine.units;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import segshap.engine.grid.LabelMap;

/**
 * Merges fine organ labels into coarser units before partitioning, so that e.g. the twelve left ribs are one
 * unit instead of twelve. A group's unit id is its smallest member label and its name the group's name.
 *
 * <p>{@link #coarse} groups TotalSegmentator's names by a fixed rule: {@code rib_left_N} → {@code ribs_left},
 * {@code rib_right_N} → {@code ribs_right}, {@code vertebrae_X} → {@code vertebrae}, {@code lung_*_lobe_left}
 * → {@code lung_left}, {@code lung_*_lobe_right} → {@code lung_right}; every other label stays itself.
 *
 * @param groupOf label → representative label (identity for labels that are not merged)
 * @param names   representative label → unit name
 */
public record OrganGroups(Map<Integer, Integer> groupOf, Map<Integer, String> names) {
    private static final Pattern RIB = Pattern.compile("rib_(left|right)_\\d+");
    private static final Pattern VERTEBRA = Pattern.compile("vertebrae_[A-Z]\\d+");
    private static final Pattern LUNG = Pattern.compile("lung_(upper|middle|lower)_lobe_(left|right)");

    public OrganGroups {
        groupOf = Map.copyOf(groupOf);
        names = Map.copyOf(names);
    }

    /** TotalSegmentator's fine labels merged by the rule above; {@code labelNames} are label → name. */
    public static OrganGroups coarse(Map<Integer, String> labelNames) {
        Map<String, Integer> representative = new TreeMap<>();
        Map<Integer, String> groupNameOf = new TreeMap<>();
        for (Map.Entry<Integer, String> e : new TreeMap<>(labelNames).entrySet()) {
            String group = groupName(e.getValue());
            groupNameOf.put(e.getKey(), group);
            representative.merge(group, e.getKey(), Math::min);
        }
        Map<Integer, Integer> groupOf = new TreeMap<>();
        Map<Integer, String> names = new TreeMap<>();
        for (Map.Entry<Integer, String> e : groupNameOf.entrySet()) {
            int rep = representative.get(e.getValue());
            groupOf.put(e.getKey(), rep);
            names.put(rep, e.getValue());
        }
        return new OrganGroups(groupOf, names);
    }

    static String groupName(String label) {
        Matcher rib = RIB.matcher(label);
        if (rib.matches()) return "ribs_" + rib.group(1);
        if (VERTEBRA.matcher(label).matches()) return "vertebrae";
        Matcher lung = LUNG.matcher(label);
        if (lung.matches()) return "lung_" + lung.group(2);
        return label;
    }

    /** The label map with every label replaced by its group's representative (unknown labels unchanged). */
    public LabelMap apply(LabelMap labels) {
        int[] src = labels.labels();
        int[] dst = new int[src.length];
        for (int i = 0; i < src.length; i++) dst[i] = groupOf.getOrDefault(src[i], src[i]);
        return new LabelMap(labels.shapeZyx(), dst);
    }
}

package segshap.engine.units;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import segshap.kernels.InputException;

/**
 * The class map of TotalSegmentator v2's {@code total} task: label id → organ name, ids 1–117, 0 = background.
 *
 * <p>Ids and names are TotalSegmentator's own (its {@code map_to_binary.class_map["total"]}, read at commit
 * {@code 0275d3046117a9615a9876e6e4eefd5156843f1c} of wasserth/TotalSegmentator), so a label map written by
 * TotalSegmentator and one drawn by the demo's phantom generator are read by the same code. Lymph nodes are not
 * part of this task.
 *
 * <p>A label map travels with a sidecar names file ({@link #writeNamesTsv}): one {@code id<TAB>name} line per
 * label, sorted by id, after the header line {@code id<TAB>name}. Example:
 * <pre>
 * id	name
 * 1	spleen
 * 5	liver
 * </pre>
 */
public enum TotalSegmentatorLabels {
    SPLEEN(1, "spleen"),
    KIDNEY_RIGHT(2, "kidney_right"),
    KIDNEY_LEFT(3, "kidney_left"),
    GALLBLADDER(4, "gallbladder"),
    LIVER(5, "liver"),
    STOMACH(6, "stomach"),
    PANCREAS(7, "pancreas"),
    ADRENAL_GLAND_RIGHT(8, "adrenal_gland_right"),
    ADRENAL_GLAND_LEFT(9, "adrenal_gland_left"),
    LUNG_UPPER_LOBE_LEFT(10, "lung_upper_lobe_left"),
    LUNG_LOWER_LOBE_LEFT(11, "lung_lower_lobe_left"),
    LUNG_UPPER_LOBE_RIGHT(12, "lung_upper_lobe_right"),
    LUNG_MIDDLE_LOBE_RIGHT(13, "lung_middle_lobe_right"),
    LUNG_LOWER_LOBE_RIGHT(14, "lung_lower_lobe_right"),
    ESOPHAGUS(15, "esophagus"),
    TRACHEA(16, "trachea"),
    THYROID_GLAND(17, "thyroid_gland"),
    SMALL_BOWEL(18, "small_bowel"),
    DUODENUM(19, "duodenum"),
    COLON(20, "colon"),
    URINARY_BLADDER(21, "urinary_bladder"),
    PROSTATE(22, "prostate"),
    KIDNEY_CYST_LEFT(23, "kidney_cyst_left"),
    KIDNEY_CYST_RIGHT(24, "kidney_cyst_right"),
    SACRUM(25, "sacrum"),
    VERTEBRAE_S1(26, "vertebrae_S1"),
    VERTEBRAE_L5(27, "vertebrae_L5"),
    VERTEBRAE_L4(28, "vertebrae_L4"),
    VERTEBRAE_L3(29, "vertebrae_L3"),
    VERTEBRAE_L2(30, "vertebrae_L2"),
    VERTEBRAE_L1(31, "vertebrae_L1"),
    VERTEBRAE_T12(32, "vertebrae_T12"),
    VERTEBRAE_T11(33, "vertebrae_T11"),
    VERTEBRAE_T10(34, "vertebrae_T10"),
    VERTEBRAE_T9(35, "vertebrae_T9"),
    VERTEBRAE_T8(36, "vertebrae_T8"),
    VERTEBRAE_T7(37, "vertebrae_T7"),
    VERTEBRAE_T6(38, "vertebrae_T6"),
    VERTEBRAE_T5(39, "vertebrae_T5"),
    VERTEBRAE_T4(40, "vertebrae_T4"),
    VERTEBRAE_T3(41, "vertebrae_T3"),
    VERTEBRAE_T2(42, "vertebrae_T2"),
    VERTEBRAE_T1(43, "vertebrae_T1"),
    VERTEBRAE_C7(44, "vertebrae_C7"),
    VERTEBRAE_C6(45, "vertebrae_C6"),
    VERTEBRAE_C5(46, "vertebrae_C5"),
    VERTEBRAE_C4(47, "vertebrae_C4"),
    VERTEBRAE_C3(48, "vertebrae_C3"),
    VERTEBRAE_C2(49, "vertebrae_C2"),
    VERTEBRAE_C1(50, "vertebrae_C1"),
    HEART(51, "heart"),
    AORTA(52, "aorta"),
    PULMONARY_VEIN(53, "pulmonary_vein"),
    BRACHIOCEPHALIC_TRUNK(54, "brachiocephalic_trunk"),
    SUBCLAVIAN_ARTERY_RIGHT(55, "subclavian_artery_right"),
    SUBCLAVIAN_ARTERY_LEFT(56, "subclavian_artery_left"),
    COMMON_CAROTID_ARTERY_RIGHT(57, "common_carotid_artery_right"),
    COMMON_CAROTID_ARTERY_LEFT(58, "common_carotid_artery_left"),
    BRACHIOCEPHALIC_VEIN_LEFT(59, "brachiocephalic_vein_left"),
    BRACHIOCEPHALIC_VEIN_RIGHT(60, "brachiocephalic_vein_right"),
    ATRIAL_APPENDAGE_LEFT(61, "atrial_appendage_left"),
    SUPERIOR_VENA_CAVA(62, "superior_vena_cava"),
    INFERIOR_VENA_CAVA(63, "inferior_vena_cava"),
    PORTAL_VEIN_AND_SPLENIC_VEIN(64, "portal_vein_and_splenic_vein"),
    ILIAC_ARTERY_LEFT(65, "iliac_artery_left"),
    ILIAC_ARTERY_RIGHT(66, "iliac_artery_right"),
    ILIAC_VENA_LEFT(67, "iliac_vena_left"),
    ILIAC_VENA_RIGHT(68, "iliac_vena_right"),
    HUMERUS_LEFT(69, "humerus_left"),
    HUMERUS_RIGHT(70, "humerus_right"),
    SCAPULA_LEFT(71, "scapula_left"),
    SCAPULA_RIGHT(72, "scapula_right"),
    CLAVICULA_LEFT(73, "clavicula_left"),
    CLAVICULA_RIGHT(74, "clavicula_right"),
    FEMUR_LEFT(75, "femur_left"),
    FEMUR_RIGHT(76, "femur_right"),
    HIP_LEFT(77, "hip_left"),
    HIP_RIGHT(78, "hip_right"),
    SPINAL_CORD(79, "spinal_cord"),
    GLUTEUS_MAXIMUS_LEFT(80, "gluteus_maximus_left"),
    GLUTEUS_MAXIMUS_RIGHT(81, "gluteus_maximus_right"),
    GLUTEUS_MEDIUS_LEFT(82, "gluteus_medius_left"),
    GLUTEUS_MEDIUS_RIGHT(83, "gluteus_medius_right"),
    GLUTEUS_MINIMUS_LEFT(84, "gluteus_minimus_left"),
    GLUTEUS_MINIMUS_RIGHT(85, "gluteus_minimus_right"),
    AUTOCHTHON_LEFT(86, "autochthon_left"),
    AUTOCHTHON_RIGHT(87, "autochthon_right"),
    ILIOPSOAS_LEFT(88, "iliopsoas_left"),
    ILIOPSOAS_RIGHT(89, "iliopsoas_right"),
    BRAIN(90, "brain"),
    SKULL(91, "skull"),
    RIB_LEFT_1(92, "rib_left_1"),
    RIB_LEFT_2(93, "rib_left_2"),
    RIB_LEFT_3(94, "rib_left_3"),
    RIB_LEFT_4(95, "rib_left_4"),
    RIB_LEFT_5(96, "rib_left_5"),
    RIB_LEFT_6(97, "rib_left_6"),
    RIB_LEFT_7(98, "rib_left_7"),
    RIB_LEFT_8(99, "rib_left_8"),
    RIB_LEFT_9(100, "rib_left_9"),
    RIB_LEFT_10(101, "rib_left_10"),
    RIB_LEFT_11(102, "rib_left_11"),
    RIB_LEFT_12(103, "rib_left_12"),
    RIB_RIGHT_1(104, "rib_right_1"),
    RIB_RIGHT_2(105, "rib_right_2"),
    RIB_RIGHT_3(106, "rib_right_3"),
    RIB_RIGHT_4(107, "rib_right_4"),
    RIB_RIGHT_5(108, "rib_right_5"),
    RIB_RIGHT_6(109, "rib_right_6"),
    RIB_RIGHT_7(110, "rib_right_7"),
    RIB_RIGHT_8(111, "rib_right_8"),
    RIB_RIGHT_9(112, "rib_right_9"),
    RIB_RIGHT_10(113, "rib_right_10"),
    RIB_RIGHT_11(114, "rib_right_11"),
    RIB_RIGHT_12(115, "rib_right_12"),
    STERNUM(116, "sternum"),
    COSTAL_CARTILAGES(117, "costal_cartilages");

    /** Header line of the sidecar names file. */
    public static final String NAMES_TSV_HEADER = "id\tname";

    private static final TotalSegmentatorLabels[] BY_ID = new TotalSegmentatorLabels[values().length + 1];

    static {
        for (TotalSegmentatorLabels l : values()) {
            assert BY_ID[l.id] == null : "duplicate id " + l.id;
            BY_ID[l.id] = l;
        }
    }

    private final int id;
    private final String labelName;

    TotalSegmentatorLabels(int id, String labelName) {
        this.id = id;
        this.labelName = labelName;
    }

    /** Every label id → name of the task: the names used when no names file is given. */
    public static SortedMap<Integer, String> names() {
        SortedMap<Integer, String> names = new TreeMap<>();
        for (TotalSegmentatorLabels l : values()) names.put(l.id, l.labelName());
        return names;
    }

    /** The label value in TotalSegmentator's {@code total} label maps, 1–117. */
    public int id() {
        return id;
    }

    /** TotalSegmentator's name of the class, e.g. {@code "vertebrae_L1"} or {@code "rib_left_10"}. */
    public String labelName() {
        return labelName;
    }

    /** Largest id of the task (117). */
    public static int maxId() {
        return BY_ID.length - 1;
    }

    /** Whether {@code id} is a class of the task (1–117; background 0 is not a class). */
    public static boolean isValidId(int id) {
        return id >= 1 && id < BY_ID.length;
    }

    /**
     * The class with this label value.
     *
     * @param id label value, 1–117
     * @throws IllegalArgumentException if no class has this id
     */
    public static TotalSegmentatorLabels fromId(int id) {
        if (!isValidId(id)) {
            throw new IllegalArgumentException("no TotalSegmentator 'total' class has id " + id + " (valid: 1.." + maxId() + ")");
        }
        return BY_ID[id];
    }

    /**
     * The class with this TotalSegmentator name.
     *
     * @throws IllegalArgumentException if no class has this name
     */
    public static TotalSegmentatorLabels fromName(String labelName) {
        for (TotalSegmentatorLabels l : values()) {
            if (l.labelName.equals(labelName)) return l;
        }
        throw new IllegalArgumentException("no TotalSegmentator 'total' class is named '" + labelName + "'");
    }

    /**
     * Writes the sidecar names file for the given label ids (sorted, duplicates dropped).
     *
     * @param file target path, overwritten
     * @param ids label ids present in the map, each 1–117
     * @throws IllegalArgumentException if an id is not a class of the task
     */
    public static void writeNamesTsv(Path file, Collection<Integer> ids) throws IOException {
        SortedMap<Integer, String> names = new TreeMap<>();
        for (int id : ids) names.put(id, fromId(id).labelName);
        writeNamesTsv(file, names);
    }

    /**
     * Writes a sidecar names file from an id → name table (any label map, e.g. a real TotalSegmentator
     * output or the demo ground truth).
     *
     * @param file target path, overwritten
     * @param names id ≥ 0 → name without tabs or line breaks
     */
    public static void writeNamesTsv(Path file, SortedMap<Integer, String> names) throws IOException {
        StringBuilder sb = new StringBuilder(NAMES_TSV_HEADER).append('\n');
        for (Map.Entry<Integer, String> e : names.entrySet()) {
            String n = e.getValue();
            if (e.getKey() < 0 || n.isEmpty() || n.indexOf('\t') >= 0 || n.indexOf('\n') >= 0 || n.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("label " + e.getKey() + " '" + n + "' cannot be written to a names TSV"
                        + " (ids must be >= 0, names non-empty without tabs or line breaks)");
            }
            sb.append(e.getKey()).append('\t').append(n).append('\n');
        }
        Files.writeString(file, sb, StandardCharsets.UTF_8);
    }

}

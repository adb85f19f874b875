package segshap.engine.units;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import segshap.kernels.InputException;
import segshap.kernels.nifti.NiftiDataType;
import segshap.kernels.nifti.NiftiImage;
import segshap.kernels.nifti.NiftiReader;
import segshap.kernels.tensor.FloatTensor;

/**
 * TotalSegmentator's default output — a folder with one binary {@code <class>.nii.gz} per class — combined into one
 * label map.
 *
 * <p>Each mask is named after its file. A name of the {@code total} task keeps TotalSegmentator's own id
 * ({@link TotalSegmentatorLabels}), so the folder and the {@code --ml} file of the same run give the same labels; any
 * other name (another task's class) gets an id from {@value #FIRST_OTHER_ID} upward in name order, beyond every
 * {@code total} id. Masks with no voxel (TotalSegmentator writes one file per class, present or not) add only their
 * name. Where masks overlap, the voxel goes to the smaller mask (fewer voxels; equal sizes to the lower id), so a small
 * structure inside a larger one is kept; each overlapping pair is reported once with its voxel count. The result does
 * not depend on the order in which the folder lists its files.
 */
public final class OrganMaskFolder {
    /** The id of the first name that is not a class of TotalSegmentator's {@code total} task. */
    public static final int FIRST_OTHER_ID = 1001;
    private static final Pattern NIFTI_NAME = Pattern.compile("(?i)(.+)\\.nii(\\.gz)?");
    // masks share the grid of the first when their affines agree this closely (mm), as the organ map and the CT must
    private static final double SAME_GRID_TOL_MM = 1e-3;

    /**
     * The combined label map and its names.
     *
     * @param labels   the label map on the masks' grid (int16 ids, 0 = no organ)
     * @param names    id → the mask's name, for every mask of the folder
     * @param warnings overlaps and ids given to unknown names, for the report
     */
    public record Combined(NiftiImage labels, SortedMap<Integer, String> names, List<String> warnings) {
        public Combined {
            names = new TreeMap<>(names);
            warnings = List.copyOf(warnings);
        }
    }

    private OrganMaskFolder() {}

    /**
     * Reads every {@code .nii}/{@code .nii.gz} mask of {@code folder} (other files are passed over) and combines them.
     *
     * @param folder the folder; named as {@code option} in messages
     * @param option the option or field that named it
     * @throws InputException naming the file: a DICOM series folder (with the dcm2niix command), no mask in the
     *     folder, a mask holding a value other than 0 and 1, masks on different grids, an unreadable mask
     */
    public static Combined read(Path folder, String option) {
        NiftiReader.refuseDicom(folder);
        List<Mask> masks = masks(folder, option);
        NiftiImage grid = null;
        Path gridFile = null;
        float[] labels = null;
        Map<Integer, Long> sizeOf = new HashMap<>();
        Map<String, Long> overlaps = new TreeMap<>();
        SortedMap<Integer, String> names = new TreeMap<>();
        for (Mask m : masks) {
            names.put(m.id, m.name);
            NiftiImage image = NiftiReader.read(m.file);
            if (grid == null) {
                grid = image;
                gridFile = m.file;
                labels = new float[image.dataZyx().data().length];
            } else if (!image.sameGridAs(grid, SAME_GRID_TOL_MM)) {
                throw new InputException(m.file + ": not on the grid of " + gridFile + " (shape xyz "
                        + Arrays.toString(image.shapeXyz()) + " vs " + Arrays.toString(grid.shapeXyz())
                        + ", or another affine); the masks of one TotalSegmentator run share one grid — is this file from another scan?");
            }
            float[] v = image.dataZyx().data();
            long size = 0;
            for (int i = 0; i < v.length; i++) {
                if (v[i] == 1) size++;
                else if (v[i] != 0) {
                    throw new InputException(m.file + ": holds the value " + v[i] + " (voxel " + i + " in z, y, x order); a mask of "
                            + option + " " + folder + " must hold only 0 and 1. A multilabel map is passed as a file, not inside the folder");
                }
            }
            if (size == 0) continue;
            sizeOf.put(m.id, size);
            for (int i = 0; i < v.length; i++) {
                if (v[i] != 1) continue;
                int owner = (int) labels[i];
                if (owner == 0) {
                    labels[i] = m.id;
                    continue;
                }
                long ownerSize = sizeOf.get(owner);
                boolean takes = size < ownerSize || size == ownerSize && m.id < owner;
                int winner = takes ? m.id : owner, loser = takes ? owner : m.id;
                if (takes) labels[i] = m.id;
                overlaps.merge(names.get(loser) + " and " + names.get(winner) + " overlap: the voxels went to " + names.get(winner),
                        1L, Long::sum);
            }
        }
        List<String> warnings = new ArrayList<>();
        overlaps.forEach((what, voxels) -> warnings.add(option + " " + folder + ": masks " + what + " (" + voxels
                + " voxels; the smaller mask keeps an overlap)"));
        List<String> others = masks.stream().filter(m -> m.id >= FIRST_OTHER_ID).map(m -> m.name + "=" + m.id).toList();
        if (!others.isEmpty()) {
            warnings.add(option + " " + folder + ": not classes of TotalSegmentator's 'total' task, numbered from "
                    + FIRST_OTHER_ID + ": " + String.join(", ", others));
        }
        return new Combined(grid.withData(new FloatTensor(grid.shapeZyx(), labels), NiftiDataType.INT16), names, warnings);
    }

    private record Mask(int id, String name, Path file) {}

    /**
     * The mask files of a folder ({@code .nii}, {@code .nii.gz}; other files are not masks), in name order.
     *
     * @throws InputException naming the folder when it cannot be listed
     */
    public static List<Path> maskFiles(Path folder, String option) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(f -> Files.isRegularFile(f) && NIFTI_NAME.matcher(f.getFileName().toString()).matches()).sorted().toList();
        } catch (IOException e) {
            throw new InputException(option + " " + folder + ": cannot list the folder (" + e.getMessage() + ")", e);
        }
    }

    /** The folder's masks with their ids, in id order. */
    private static List<Mask> masks(Path folder, String option) {
        List<Path> files = maskFiles(folder, option);
        if (files.isEmpty()) {
            throw new InputException(option + " " + folder + ": holds no .nii.gz mask; pass TotalSegmentator's output folder "
                    + "(one <organ>.nii.gz per organ) or a label map file");
        }
        Map<String, Path> byName = new TreeMap<>();
        for (Path f : files) {
            var match = NIFTI_NAME.matcher(f.getFileName().toString());
            match.matches();
            Path before = byName.put(match.group(1), f);
            if (before != null) {
                throw new InputException(option + " " + folder + ": " + before.getFileName() + " and " + f.getFileName()
                        + " are both masks of '" + match.group(1) + "'; keep one");
            }
        }
        List<Mask> masks = new ArrayList<>();
        int nextOther = FIRST_OTHER_ID;
        for (Map.Entry<String, Path> e : byName.entrySet()) {
            Integer id = totalId(e.getKey());
            masks.add(new Mask(id == null ? nextOther++ : id, e.getKey(), e.getValue()));
        }
        masks.sort(Comparator.comparingInt(Mask::id));
        return masks;
    }

    private static Integer totalId(String name) {
        try {
            return TotalSegmentatorLabels.fromName(name).id();
        } catch (IllegalArgumentException notATotalClass) {
            return null;
        }
    }
}

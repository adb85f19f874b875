package segshap.kernels.predict;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import segshap.kernels.InputException;
import segshap.kernels.nifti.NiftiReader;
import segshap.kernels.plans.DatasetJson;

/**
 * The image files of one case as nnU-Net names them, {@code <case>_XXXX<file_ending>} with XXXX the 4-digit
 * number of a dataset.json {@code channel_names} entry, in channel order. Example: for channel_names
 * {@code {"0": "T2", "1": "ADC"}} and file_ending {@code .nii.gz}, case {@code prostate_04} is
 * {@code prostate_04_0000.nii.gz} (T2) and {@code prostate_04_0001.nii.gz} (ADC), and its segmentation is named
 * {@code prostate_04.nii.gz}.
 *
 * <p>{@link #listFolder} groups a folder as nnU-Net's {@code create_lists_from_splitted_dataset_folder} does, and
 * checks more than it: every case must have exactly the model's channels, and a file with the dataset's ending that
 * does not follow the naming is an error (nnU-Net would cut five characters off its name and carry on). Files with
 * other endings are ignored, as nnU-Net ignores them.
 *
 * @param caseId       the case identifier ({@code prostate_04}), never empty; names the outputs
 * @param channelFiles one file per input channel, channel 0 first
 */
public record CaseFiles(String caseId, List<Path> channelFiles) {
    /** nnU-Net's channel suffix: the case, an underscore and four digits ({@code _\d\d\d\d} in its regex). */
    private static final Pattern CHANNEL_STEM = Pattern.compile("(.+)_(\\d{4})");
    /** How many offending names or cases an error message lists before it counts the rest. */
    private static final int NAMES_LISTED = 5;

    public CaseFiles {
        Objects.requireNonNull(caseId, "caseId");
        if (caseId.isEmpty()) throw new IllegalArgumentException("caseId must not be empty");
        channelFiles = List.copyOf(channelFiles);
        if (channelFiles.isEmpty()) throw new IllegalArgumentException("a case needs at least one channel file");
    }

    /**
     * The cases of an nnU-Net input folder ({@code nnUNetv2_predict -i}), sorted by case identifier.
     *
     * @param folder  the folder; sub-folders and files not ending in {@code dataset.fileEnding()} are ignored
     * @param dataset the model's dataset.json: channel names and file ending
     * @throws InputException before any image is read, naming the folder, if the file ending is not NIfTI, a file
     *                        with that ending does not follow {@code <case>_XXXX<ending>}, no case is found, or a
     *                        case lacks a channel or has one the model does not take (naming the case, the files
     *                        found and the files expected)
     */
    public static List<CaseFiles> listFolder(Path folder, DatasetJson dataset) {
        String ending = dataset.fileEnding();
        if (!ending.equals(".nii.gz") && !ending.equals(".nii")) {
            throw new InputException(dataset.source() + ": file_ending \"" + ending + "\": segshap reads NIfTI images only "
                    + "(.nii.gz or .nii); convert the images to NIfTI and give the model a dataset.json with that ending");
        }
        Map<String, Map<Integer, Path>> byCase = new TreeMap<>();
        List<String> stray = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (Path f : regularFiles(folder)) {
            String name = f.getFileName().toString();
            if (!name.endsWith(ending)) {
                ignored.add(name);
                continue;
            }
            Matcher m = CHANNEL_STEM.matcher(name.substring(0, name.length() - ending.length()));
            if (!m.matches()) {
                stray.add(name);
                continue;
            }
            byCase.computeIfAbsent(m.group(1), k -> new TreeMap<>()).put(Integer.parseInt(m.group(2)), f);
        }
        String naming = "<case>_XXXX" + ending + " (XXXX the 4-digit channel number: " + channelList(dataset) + ")";
        if (!stray.isEmpty()) {
            throw new InputException(folder + ": " + listed(stray) + (stray.size() == 1 ? " does" : " do")
                    + " not follow nnU-Net's input naming " + naming + "; rename or move "
                    + (stray.size() == 1 ? "it" : "them") + " out of the folder");
        }
        if (byCase.isEmpty()) {
            if (NiftiReader.isDicomSeriesFolder(folder)) {
                throw new InputException(folder + ": is a DICOM series folder, not nnU-Net input; convert it first with "
                        + "dcm2niix: dcm2niix -z y -o OUT " + folder + " (then name the .nii.gz it writes " + naming + ")");
            }
            throw new InputException(folder + ": holds no image named " + naming
                    + (ignored.isEmpty() ? "; the folder is empty" : "; found only " + listed(ignored)
                    + ", which do not end in the model's file_ending \"" + ending + "\""));
        }
        List<CaseFiles> cases = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> badCases = new ArrayList<>();
        for (Map.Entry<String, Map<Integer, Path>> e : byCase.entrySet()) {
            String problem = channelProblem(e.getKey(), e.getValue(), ending, dataset);
            if (problem != null) {
                problems.add(problem);
                badCases.add("'" + e.getKey() + "'");
            } else {
                cases.add(new CaseFiles(e.getKey(), new ArrayList<>(e.getValue().values())));
            }
        }
        if (!problems.isEmpty()) {
            String others = problems.size() == 1 ? ""
                    : "; " + (problems.size() - 1) + " more case(s) have the wrong channels too: " + listed(badCases.subList(1, badCases.size()));
            throw new InputException(folder + ": " + problems.get(0) + others + "; every case needs one image per channel, named "
                    + naming + ", as the model's " + dataset.source() + " lists them");
        }
        return List.copyOf(cases);
    }

    /**
     * The case one image file belongs to. A single-channel model takes the file as it is, whatever its name (the case
     * identifier drops {@code .nii.gz}/{@code .nii} and a channel suffix {@code _XXXX}). For a model with several
     * channels the file must be named {@code <case>_XXXX.nii.gz} (or {@code .nii}), and the case's other channels are
     * read from the same folder with the same ending: {@code -i prostate_04_0000.nii.gz} also reads
     * {@code prostate_04_0001.nii.gz}.
     *
     * @throws InputException for a several-channel model, if the file does not follow the naming, or its folder does not
     *                        hold exactly the case's channels (naming the files found and expected)
     */
    public static CaseFiles ofFile(Path file, DatasetJson dataset) {
        String name = file.getFileName().toString();
        String ending = name.endsWith(".nii.gz") ? ".nii.gz" : name.endsWith(".nii") ? ".nii" : "";
        Matcher m = CHANNEL_STEM.matcher(name.substring(0, name.length() - ending.length()));
        boolean named = m.matches();
        if (dataset.inputChannelCount() == 1) {
            return new CaseFiles(named ? m.group(1) : name.substring(0, name.length() - ending.length()), List.of(file));
        }
        if (!named || ending.isEmpty()) {
            throw new InputException(file + ": the model takes " + dataset.inputChannelCount() + " images per case ("
                    + channelList(dataset) + "); name them <case>_0000.nii.gz, <case>_0001.nii.gz, … and pass one of them "
                    + "(the others are read beside it) or their folder");
        }
        String caseId = m.group(1);
        Path folder = file.toAbsolutePath().getParent();
        Pattern sibling = Pattern.compile(Pattern.quote(caseId) + "_(\\d{4})" + Pattern.quote(ending));
        Map<Integer, Path> channels = new TreeMap<>();
        for (Path f : regularFiles(folder)) {
            Matcher s = sibling.matcher(f.getFileName().toString());
            if (s.matches()) channels.put(Integer.parseInt(s.group(1)), file.resolveSibling(f.getFileName()));
        }
        String problem = channelProblem(caseId, channels, ending, dataset);
        if (problem != null) {
            throw new InputException(folder + ": " + problem + "; the model's " + dataset.source()
                    + " lists one image per channel and they are read from the folder of " + name);
        }
        return new CaseFiles(caseId, new ArrayList<>(channels.values()));
    }

    /** {@code null} when the case has exactly channels 0 … n−1, else what it has, what it lacks and what is extra. */
    private static String channelProblem(String caseId, Map<Integer, Path> found, String ending, DatasetJson dataset) {
        int n = dataset.inputChannelCount();
        TreeSet<Integer> missing = new TreeSet<>();
        for (int c = 0; c < n; c++) if (!found.containsKey(c)) missing.add(c);
        List<String> extra = new ArrayList<>();
        for (int c : found.keySet()) if (c >= n) extra.add(fileName(caseId, c, ending));
        if (missing.isEmpty() && extra.isEmpty()) return null;
        List<String> has = new ArrayList<>();
        for (Path p : found.values()) has.add(p.getFileName().toString());
        List<String> expected = new ArrayList<>();
        for (int c = 0; c < n; c++) expected.add(fileName(caseId, c, ending));
        List<String> lacks = new ArrayList<>();
        for (int c : missing) lacks.add(fileName(caseId, c, ending));
        return "case '" + caseId + "' has " + (has.isEmpty() ? "no image" : String.join(", ", has)) + " but the model takes "
                + String.join(", ", expected) + " (" + channelList(dataset) + ")"
                + (lacks.isEmpty() ? "" : ": missing " + String.join(", ", lacks))
                + (extra.isEmpty() ? "" : (lacks.isEmpty() ? ": " : "; ") + "not a channel of the model: " + String.join(", ", extra));
    }

    private static String fileName(String caseId, int channel, String ending) {
        return String.format(Locale.ROOT, "%s_%04d%s", caseId, channel, ending);
    }

    /** {@code 0000 "T2", 0001 "ADC"}. */
    private static String channelList(DatasetJson dataset) {
        List<String> parts = new ArrayList<>();
        for (int c = 0; c < dataset.inputChannelCount(); c++) {
            parts.add(String.format(Locale.ROOT, "%04d \"%s\"", c, dataset.channelNames().get(c)));
        }
        return String.join(", ", parts);
    }

    private static String listed(List<String> names) {
        if (names.size() <= NAMES_LISTED) return String.join(", ", names);
        return String.join(", ", names.subList(0, NAMES_LISTED)) + " and " + (names.size() - NAMES_LISTED) + " more";
    }

    /** The regular files of {@code folder}, sorted by name (listing order differs between file systems). */
    private static List<Path> regularFiles(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new InputException(folder + ": cannot list the folder (" + e + ")", e);
        }
    }
}

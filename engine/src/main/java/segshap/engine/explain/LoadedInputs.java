package segshap.engine.explain;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import segshap.engine.grid.GridGeometry;
import segshap.engine.grid.LabelMap;
import segshap.engine.grid.LabelResampling;
import segshap.engine.shap.Allocation;
import segshap.engine.shap.Design;
import segshap.engine.units.LabelTableExtension;
import segshap.engine.units.OrganGroups;
import segshap.engine.units.OrganMaskFolder;
import segshap.engine.units.OrganNames;
import segshap.engine.units.TotalSegmentatorLabels;
import segshap.engine.units.UnitKind;
import segshap.engine.value.ScoringRegion;
import segshap.engine.value.ValueFunction;
import segshap.kernels.InputException;
import segshap.kernels.model.ModelFolderLoader;
import segshap.kernels.checkpoint.SafetensorsReader;
import segshap.kernels.model.NnunetModel;
import segshap.kernels.nifti.NiftiFile;
import segshap.kernels.nifti.NiftiImage;
import segshap.kernels.nifti.NiftiReader;
import segshap.kernels.plans.NormalizationScheme;
import segshap.kernels.tensor.FloatTensor;
import segshap.protocol.InputDigest;
import segshap.protocol.job.JobInputs;
import segshap.protocol.job.JobRoi;
import segshap.protocol.job.JobSampling;
import segshap.protocol.job.JobSpec;

/**
 * Phase 1 of an explanation: every input read and checked, before anything is computed. Input errors surface
 * here, naming the file or the option.
 *
 * @param job          the job, paths absolute
 * @param method       its method settings in the engine's types
 * @param ct           the CT
 * @param model        the nnU-Net model (weights loaded)
 * @param targetChannel output channel of the target label
 * @param organsOnCt   the organ map on the CT grid (resampled when it came on another grid)
 * @param names        unit names by (grouped) organ label
 * @param groups       the organ grouping, or {@code null}
 * @param warnings     what the user should know (resampled inputs, model notes, a CT that is not in HU)
 * @param digests      SHA-256 of every input file, keyed as {@code report.json}'s {@code inputDigests}
 */
public record LoadedInputs(JobSpec job, Method method, NiftiImage ct, NnunetModel model, int targetChannel,
                           FloatTensor organsOnCt, Map<Integer, String> names, OrganGroups groups, List<String> warnings,
                           Map<String, InputDigest> digests) {
    /** Tolerance (mm) for "the same grid": header floats are written with ~1e-6 relative noise. */
    static final double SAME_GRID_TOL_MM = 1e-3;

    public LoadedInputs {
        warnings = List.copyOf(warnings);
        digests = Map.copyOf(digests);
    }

    /**
     * Reads and checks every input of {@code job}.
     *
     * @throws InputException for any problem with the inputs, naming the file or option
     */
    public static LoadedInputs load(JobSpec job) {
        Method method = method(job);
        Path ctFile = Path.of(job.inputs().ct()), organsFile = Path.of(job.inputs().organs());
        Path modelDir = Path.of(job.inputs().model());
        NiftiImage ct = NiftiReader.read(ctFile);
        OrganInput organInput = readOrgans(organsFile, job.inputs().organNames() != null);
        NiftiImage organsImage = organInput.image();
        NnunetModel model = ModelFolderLoader.load(modelDir, folds(job.inputs().folds()), null,
                job.inputs().checkpoint() == null ? JobInputs.DEFAULT_CHECKPOINT : job.inputs().checkpoint(), SafetensorsReader::read);
        List<String> warnings = new ArrayList<>(model.warnings());
        warnings.addAll(organInput.warnings());
        HounsfieldCheck.warning(ct, ctFile).ifPresent(warnings::add);
        NormalizationScheme scheme = model.plan().normalization().get(0);
        if (scheme != NormalizationScheme.CT) {
            throw new InputException(modelDir.resolve("plans.json") + ": channel 0 uses " + scheme.planName()
                    + "; masking to a fixed HU value needs CTNormalization (a per-voxel map)");
        }
        int targetChannel = foregroundChannel(model, method.target(), "--target");
        if (method.roi() instanceof RoiSpec.Component c) foregroundChannel(model, c.label(), "--roi-component");
        FloatTensor organsOnCt = organsOnCtGrid(organsImage, ct, organsFile, ctFile, warnings);
        Map<Integer, String> labelNames = job.inputs().organNames() != null ? OrganNames.read(Path.of(job.inputs().organNames()))
                : organInput.names().or(() -> singleMaskName(organsImage, organsFile, warnings)).orElseGet(TotalSegmentatorLabels::names);
        OrganGroups groups = method.groupOrgans() ? OrganGroups.coarse(labelNames) : null;
        Map<Integer, String> names = groups == null ? labelNames : groups.names();
        JobSpec used = job.withFolds(model.foldNames());
        return new LoadedInputs(used, method, ct, model, targetChannel, organsOnCt, names, groups, warnings,
                InputDigests.of(used, model));
    }

    /** The organ map as read, with the names it carries itself (a folder's file names, a header label table). */
    private record OrganInput(NiftiImage image, Optional<Map<Integer, String>> names, List<String> warnings) {}

    /**
     * The organ map from a file (names from its header label table when it has one, as TotalSegmentator's
     * {@code --ml} output) or from TotalSegmentator's folder of per-organ masks (names from the file names).
     */
    private static OrganInput readOrgans(Path organs, boolean namesGiven) {
        if (Files.isDirectory(organs)) {
            if (namesGiven) {
                throw new InputException("--organ-names: not used with --organs " + organs + ", a folder of masks: its file "
                        + "names name the organs; drop --organ-names, or rename the mask files");
            }
            OrganMaskFolder.Combined c = OrganMaskFolder.read(organs, "--organs");
            return new OrganInput(c.labels(), Optional.of(c.names()), c.warnings());
        }
        NiftiFile file = NiftiReader.readWithExtensions(organs);
        Optional<Map<Integer, String>> names = namesGiven ? Optional.empty()
                : LabelTableExtension.names(file.extensions(), organs).map(Map::copyOf);
        return new OrganInput(file.image(), names, List.of());
    }

    /**
     * A single binary mask (TotalSegmentator writes one file per organ: {@code liver.nii.gz}) is named from its file
     * name, not by label 1 of the multilabel table (which would call every such mask "spleen"); said in a warning.
     */
    static Optional<Map<Integer, String>> singleMaskName(NiftiImage organs, Path file, List<String> warnings) {
        boolean any = false;
        for (float v : organs.dataZyx().data()) {
            if (v != 0 && v != 1) return Optional.empty();
            any |= v == 1;
        }
        if (!any) return Optional.empty();
        String name = file.getFileName().toString().replaceFirst("(?i)\\.nii(\\.gz)?$", "");
        warnings.add(file + " holds a single mask (label 1 only): its unit is named '" + name + "' after the file; give "
                + "--organ-names to name it otherwise");
        return Optional.of(Map.of(1, name));
    }

    /** The job's method settings in the engine's types; messages name the command-line option. */
    static Method method(JobSpec job) {
        RoiSpec roi;
        if (job.roi() instanceof JobRoi.Mask m) {
            roi = new RoiSpec.Mask(Path.of(m.file()));
        } else {
            JobRoi.Component c = (JobRoi.Component) job.roi();
            roi = new RoiSpec.Component(c.label(), c.seedWorldMm() == null ? null
                    : c.seedWorldMm().stream().mapToDouble(Double::doubleValue).toArray(),
                    c.seedVoxelIjk() == null ? null : c.seedVoxelIjk().stream().mapToInt(Integer::intValue).toArray());
        }
        UnitSpec units = UnitSpec.parse(job.units().fccEdgeMm() == null ? job.units().kind()
                : job.units().kind() + ":" + job.units().fccEdgeMm(), "--units");
        List<ValueFunction> values = new ArrayList<>();
        for (String v : job.values().reported()) {
            ValueFunction f = ValueFunction.fromCliName(v);
            if (!values.contains(f)) values.add(f);
        }
        BudgetSpec budget = switch (job.sampling().budget()) {
            case "exact" -> new BudgetSpec(BudgetSpec.Mode.EXACT, 0, 0);
            case "auto" -> new BudgetSpec(BudgetSpec.Mode.AUTO, 0, job.sampling().maxCoalitions());
            case "paper" -> {
                int n = units.kind() == UnitKind.ORGANS ? JobSampling.PAPER_ORGAN_COALITIONS : JobSampling.PAPER_SUPERVOXEL_COALITIONS;
                yield new BudgetSpec(BudgetSpec.Mode.FIXED, n, n);
            }
            default -> BudgetSpec.parse(Integer.toString(job.sampling().coalitions()), job.sampling().coalitions(), "--budget");
        };
        Allocation allocation = Allocation.valueOf(job.sampling().allocation().toUpperCase(Locale.ROOT));
        return new Method(roi, job.values().target(), units, job.units().unitMarginMm(), job.units().region().equals("brf"),
                job.units().groupOrgans(), values, budget, allocation, job.sampling().seed(), job.values().maskHu(),
                ScoringRegion.fromCliName(job.values().scoreRegion()), job.strategy(),
                job.strategy().isPaper() ? Design.PAIRS : job.sampling().design() == null ? null
                        : Design.valueOf(job.sampling().design().toUpperCase(Locale.ROOT)),
                job.sampling().forwardBudget() == null ? 0 : job.sampling().forwardBudget());
    }

    private static int[] folds(List<String> names) {
        if (names == null) return null;
        int[] folds = new int[names.size()];
        for (int i = 0; i < folds.length; i++) {
            String f = names.get(i);
            folds[i] = f.equals("fold_all") ? ModelFolderLoader.FOLD_ALL : Integer.parseInt(f.substring("fold_".length()));
        }
        return folds;
    }

    /** The output channel of foreground label {@code label}; the message names {@code option} and lists the labels. */
    static int foregroundChannel(NnunetModel model, int label, String option) {
        int[] labels = model.dataset().outputLabelValues();
        for (int c = 0; c < labels.length; c++) {
            if (labels[c] == label && label != 0) return c;
        }
        StringBuilder known = new StringBuilder();
        for (int l : labels) {
            if (l != 0) known.append(known.length() == 0 ? "" : ", ").append(l).append(" ").append(model.dataset().labelName(l));
        }
        throw new InputException(option + " " + label + ": not a foreground label of " + model.folder().resolve("dataset.json")
                + "; labels: " + known);
    }

    /** The organ map on the CT grid: as is when the grids match, else nearest neighbour in world space. */
    private static FloatTensor organsOnCtGrid(NiftiImage organs, NiftiImage ct, Path organsFile, Path ctFile, List<String> warnings) {
        if (organs.sameGridAs(ct, SAME_GRID_TOL_MM)) return organs.dataZyx();
        GridGeometry from = GridGeometry.ofNifti(organs), to = GridGeometry.ofNifti(ct);
        LabelMap resampled = LabelResampling.nearestNeighbour(LabelMap.fromTensor(organs.dataZyx(), organsFile.toString()),
                from, to, organsFile.toString(), ctFile.toString());
        warnings.add(organsFile + " is not on the CT grid (shape zyx " + dims(organs.shapeZyx()) + " vs "
                + dims(ct.shapeZyx()) + "); resampled with nearest neighbour in world space");
        float[] v = new float[resampled.labels().length];
        for (int i = 0; i < v.length; i++) v[i] = resampled.labels()[i];
        return new FloatTensor(ct.shapeZyx(), v);
    }

    static String dims(int[] s) {
        return s[0] + "×" + s[1] + "×" + s[2];
    }
}

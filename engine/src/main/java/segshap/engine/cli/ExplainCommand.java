package segshap.engine.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import segshap.engine.explain.BudgetSpec;
import segshap.engine.explain.Explainer;
import segshap.engine.explain.Explanation;
import segshap.engine.explain.ExplanationFolder;
import segshap.engine.explain.ExplanationJob;
import segshap.engine.explain.ExplanationWriter;
import segshap.engine.explain.UnitSpec;
import segshap.engine.shap.Allocation;
import segshap.engine.units.UnitKind;
import segshap.engine.value.ScoringRegion;
import segshap.engine.value.ValueFunction;
import segshap.kernels.InputException;
import segshap.kernels.plans.DatasetJson;
import segshap.protocol.job.JobSampling;
import segshap.protocol.job.JobSpec;
import segshap.protocol.job.JobStrategy;
import segshap.protocol.job.JobUnits;
import segshap.protocol.job.JobValues;

/** {@code segshap explain}: KernelSHAP attributions of an ROI of the prediction. */
@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Explains which units (organs, FCC supervoxels) drove an nnU-Net prediction inside an ROI.", "",
                "Examples:",
                "  segshap explain -m MODEL --ct ct.nii.gz --organs organs.nii.gz --roi-component 1 --target 1 --out expl",
                "      (largest predicted component of label 1, organ units, exact Shapley values when they fit)",
                "  segshap explain -d 17 -c 3d_fullres -f 0 1 2 3 4 --ct ct.nii.gz --organs segmentations/ \\",
                "      --roi-component spleen --target spleen --out expl",
                "      (the model named as nnUNetv2_predict names it, under $nnUNet_results; TotalSegmentator's mask folder)",
                "  segshap explain -m MODEL --ct ct.nii.gz --organs organs.nii.gz --roi-component 1@-80.5,20,310 \\",
                "      --target 1 --units hybrid:20 --budget auto --out expl",
                "      (the component containing that world point (mm), organ-aware 20 mm supervoxels)", ""})
final class ExplainCommand implements Callable<Integer> {
    @Mixin ModelOptions model;
    @Mixin InputOptions inputs;
    @Mixin MethodOptions method;

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "Folder for report.json, units.nii.gz, shap_<value>.nii.gz and figures (created if missing). An earlier result there is replaced whole.")
    Path out;

    @Mixin CacheOptions cache;
    @Option(names = "--force",
            description = "Also write into a non-empty folder that holds no segshap result; segshap's own files there are replaced, other files are kept.")
    boolean force;

    @Mixin RuntimeOptions runtime;

    @ParentCommand SegshapCommand root;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // every option checked before the folder is touched
        JobSpec job = cache.apply(inputs.job(model, method).withRuntime(runtime.jobRuntime()));
        // the folder is only looked at here; it is created when the result is written
        ExplanationFolder folder = ExplanationFolder.inspect(out, "--out", force);
        CliJobs.inputsOf(job).checkNotOverwritten("--out", folder.ownFiles());
        try (Explainer explainer = Explainer.start(job.runtime())) {
            ExplanationJob run = CliSessions.prepare(explainer, job);
            Explanation e = run.explain();
            for (Path p : ExplanationWriter.write(e, folder, root.opener())) spec.commandLine().getOut().println(p);
            if (!folder.ownFiles().isEmpty()) {
                spec.commandLine().getErr().println("segshap: replaced the " + (folder.holdsEarlierResult() ? "earlier result" : "segshap files")
                        + " in " + out + " (" + folder.ownFiles().size() + " files)");
            }
            CliSessions.summarise(e.report(), run.setup().inputs().warnings());
        }
        return ExitCode.OK;
    }

    /** The inputs of an explanation. */
    static final class InputOptions {
        @Option(names = "--ct", paramLabel = "CT", required = true, description = "CT image (.nii/.nii.gz, HU).")
        Path ct;

        @Option(names = "--organs", paramLabel = "LABELS", required = true,
                description = {"Organ label map on the CT grid or in the same space: TotalSegmentator's --ml file (label names",
                        "from its header when it carries them, else TotalSegmentator's 'total' numbering), or its output",
                        "folder of per-organ masks (<organ>.nii.gz, combined; names from the file names)."})
        Path organs;

        @Option(names = "--organ-names", paramLabel = "FILE",
                description = "Organ names: JSON {\"1\": \"spleen\"} or TSV 'id<TAB>name'. (default: the map's own names, else TotalSegmentator's 'total' names)")
        Path organNames;

        @ArgGroup(exclusive = true, multiplicity = "1")
        RoiChoice roi;

        @Option(names = "--target", paramLabel = "LABEL", required = true,
                description = "Target label t of the value functions: a label of the model's dataset.json, by value (1) or name (spleen).")
        String target;

        static final class RoiChoice {
            @Option(names = "--roi", paramLabel = "MASK", description = "ROI mask on the CT grid (nonzero = ROI).")
            Path mask;

            @Option(names = "--roi-component", paramLabel = "LABEL[@x,y,z|@voxel:i,j,k]",
                    description = "Connected component (26-connectivity) of LABEL (value or dataset.json name) in the prediction: the one containing world point x,y,z (mm, RAS) or CT voxel i,j,k, or the largest.")
            String component;
        }

        /** The job these options describe (default runtime and cache); the messages name the option at fault. */
        JobSpec job(ModelOptions model, MethodOptions m) {
            JobSpec.Builder b = JobSpec.builder().model(model.folder()).folds(model.foldNames()).checkpoint(model.checkpoint).ct(ct).organs(organs)
                    .target(labelValue(target, model, "--target"));
            if (organNames != null) b.organNames(organNames);
            roi(b, model);
            m.apply(b);
            return CliJobs.build(b);
        }

        /**
         * A label given by value ({@code 1}) or by its dataset.json name ({@code spleen}; exact, else the one name
         * equal ignoring case); the job holds the value.
         */
        static int labelValue(String text, ModelOptions model, String option) {
            String t = text.trim();
            int label;
            if (t.matches("-?\\d+")) {
                label = Integer.parseInt(t);
            } else if (t.isEmpty()) {
                throw new InputException(option + " '" + text + "': expected a label value (1) or a dataset.json label name (spleen)");
            } else {
                Path file = model.folder().resolve("dataset.json");
                DatasetJson dataset = DatasetJson.read(file);
                Integer v = dataset.labels().get(t);
                if (v == null) {
                    List<Integer> folded = dataset.labels().entrySet().stream()
                            .filter(e -> e.getKey().equalsIgnoreCase(t)).map(Map.Entry::getValue).toList();
                    if (folded.size() == 1) v = folded.get(0);
                }
                if (v == null) {
                    throw new InputException(option + " " + t + ": no such label in " + file + "; labels: "
                            + String.join(", ", dataset.labels().entrySet().stream()
                                    .map(e -> e.getKey() + " (" + e.getValue() + ")").toList()));
                }
                label = v;
            }
            if (label < 1) throw new InputException(option + " " + t + ": must be a foreground label (value ≥ 1), not background");
            return label;
        }

        private void roi(JobSpec.Builder b, ModelOptions model) {
            if (roi.mask != null) {
                b.roiMask(roi.mask);
                return;
            }
            String text = roi.component.trim();
            int at = text.indexOf('@');
            String labelText = at < 0 ? text : text.substring(0, at);
            if (labelText.isBlank()) {
                throw new InputException("--roi-component '" + text + "': expected LABEL or LABEL@x,y,z (mm); LABEL a value or a dataset.json name");
            }
            b.roiComponent(labelValue(labelText, model, "--roi-component"));
            if (at < 0) return;
            String seedText = text.substring(at + 1);
            boolean voxel = seedText.startsWith("voxel:");
            String[] parts = (voxel ? seedText.substring(6) : seedText).split(",");
            if (parts.length != 3) {
                throw new InputException("--roi-component '" + text + "': the seed needs three coordinates, x,y,z in mm or voxel:i,j,k");
            }
            double[] seed = new double[3];
            int[] ijk = new int[3];
            for (int i = 0; i < 3; i++) {
                try {
                    if (voxel) ijk[i] = Integer.parseInt(parts[i].trim());
                    else seed[i] = Double.parseDouble(parts[i].trim());
                } catch (NumberFormatException e) {
                    throw new InputException("--roi-component '" + text + "': '" + parts[i] + "' is not " + (voxel ? "a voxel index" : "a number of mm"));
                }
            }
            if (voxel) b.roiSeedVoxelIjk(ijk[0], ijk[1], ijk[2]);
            else b.roiSeedWorldMm(seed[0], seed[1], seed[2]);
        }
    }

    /** The method settings of an explanation. */
    static final class MethodOptions {
        @Option(names = "--units", paramLabel = "organs|regular:A_MM|hybrid:A_MM", defaultValue = "organs",
                description = "Interpretable units: whole organs, FCC cells of cubic edge A mm, or FCC cells split by organ. (default: ${DEFAULT-VALUE})")
        String units;

        @Option(names = "--unit-margin", paramLabel = "MM",
                description = "Build units only inside the ROI box grown by MM millimetres (the paper's B_RF uses the patch radius); voxels outside are never perturbed. (default: the exact receptive-field support)")
        Double unitMargin;

        @Option(names = "--group-organs",
                description = "Merge TotalSegmentator's fine labels into coarse units: ribs per side, vertebrae, lungs per side.")
        boolean groupOrgans;

        @Option(names = "--values", paramLabel = "V[,V...]", split = ",", defaultValue = "tp,fp,dice,softdice",
                description = "Value functions to report: tp, fp, dice, softdice (all four are computed at once). (default: ${DEFAULT-VALUE})")
        List<String> values;

        @Option(names = "--budget", paramLabel = "N|exact|auto|paper",
                description = "Coalitions to evaluate; exact when all 2^M−2 fit. 'exact' forces enumeration, 'auto' grows until converged, 'paper' is the paper's budget (1000 for organ units, 2000 otherwise). (default: " + BudgetSpec.DEFAULT_BUDGET + "; paper with --strategy paper)")
        String budget;

        @Option(names = "--max-budget", paramLabel = "N", defaultValue = "" + BudgetSpec.DEFAULT_MAX_BUDGET,
                description = "Ceiling of --budget auto. (default: ${DEFAULT-VALUE})")
        int maxBudget;

        @Option(names = "--allocation", paramLabel = "equal|kernel", defaultValue = "equal",
                description = "How a sampled budget is spread over coalition sizes. (default: ${DEFAULT-VALUE})")
        String allocation;

        @Option(names = "--design", paramLabel = "walks|pairs",
                description = "How a sampled budget chooses coalitions: walks (antithetic permutation walks: consecutive coalitions differ in one unit, so they share most tiles; about 3x fewer tile forwards for the same error at 300 units) or pairs (independent complementary pairs). (default: walks for 20 or more units when the budget holds 4 walk pairs, 8(M-1) coalitions, or with --forward-budget; else pairs; always pairs with --strategy paper)")
        String design;

        @Option(names = "--forward-budget", paramLabel = "N",
                description = "Stop the sampled design once N tile forwards are spent (the coalition budget, if given, stays the ceiling; exact enumeration only when its coalitions fit both). The report states coalitions and forwards.")
        Long forwardBudget;

        @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of the sampling design. (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--mask-hu", paramLabel = "HU", defaultValue = "" + JobValues.DEFAULT_MASK_HU,
                description = "Value written into removed units, in Hounsfield units. (default: ${DEFAULT-VALUE})")
        double maskHu;

        @Option(names = "--score-region", paramLabel = "box|mask", defaultValue = "box",
                description = "Scoring region S: the ROI's bounding box B, or the ROI mask itself. (default: ${DEFAULT-VALUE})")
        String scoreRegion;

        @Option(names = "--strategy", paramLabel = "segshap|paper", defaultValue = "segshap",
                description = "segshap: this engine (tile cache keyed by the masked voxels, one design for all value functions); paper: the published method as a baseline (crop tiles, only clean tiles reused, one KernelSHAP run per value function, the paper's budget). (default: ${DEFAULT-VALUE})")
        String strategy;

        @Option(names = "--tiling", paramLabel = "nnunet|crop",
                description = "nnunet: nnU-Net's own tiles over the whole volume, so the baseline is exactly nnU-Net's prediction; crop: a sliding window over B_RF (the ROI box grown by the patch radius), fewer tiles per coalition but a baseline that differs slightly (the report and a warning say by how much). (default: nnunet; crop with --strategy paper)")
        String tiling;

        @Option(names = "--unit-region", paramLabel = "support|brf", defaultValue = "support",
                description = "Where units are built: the exact receptive-field support (or the ROI box grown by --unit-margin), or B_RF, the ROI box grown by the patch radius (the paper's units). (default: ${DEFAULT-VALUE})")
        String unitRegion;

        /** Sets the method part of a job; each setting is checked with a message naming its option. */
        void apply(JobSpec.Builder b) {
            UnitSpec u = UnitSpec.parse(units, "--units");
            b.units(u.kind().cliName(), u.kind() == UnitKind.ORGANS ? null : u.edgeMm()).unitMarginMm(unitMarginMm())
                    .groupOrgans(groupOrgans);
            List<String> names = new ArrayList<>();
            for (ValueFunction v : values()) names.add(v.cliName());
            b.values(names).maskHu(OptionChecks.finite("--mask-hu", maskHu, "-1024 (air)"))
                    .scoreRegion(ScoringRegion.fromCliName(scoreRegion).cliName());
            OptionChecks.atLeast("--max-budget", maxBudget, 2, "coalitions");
            String kind = OptionChecks.oneOf("--strategy", strategy, JobStrategy.KINDS);
            String tilingName = tiling == null ? null : OptionChecks.oneOf("--tiling", tiling, JobStrategy.TILINGS);
            if (kind.equals("paper") && "nnunet".equals(tilingName)) {
                throw new InputException("--tiling nnunet: the paper's method tiles the crop B_RF; drop --tiling, or use "
                        + "--strategy segshap for nnU-Net's tiles");
            }
            b.strategy(kind).tiling(tilingName);
            String region = OptionChecks.oneOf("--unit-region", unitRegion, JobUnits.REGIONS);
            if (region.equals("brf") && unitMargin != null) {
                throw new InputException("--unit-region brf and --unit-margin both say where units are; give one");
            }
            b.unitRegion(region);
            String budgetText = budget != null ? budget : kind.equals("paper") ? "paper" : "" + BudgetSpec.DEFAULT_BUDGET;
            if (budgetText.trim().equalsIgnoreCase("paper")) {
                b.budgetPaper();
            } else {
                BudgetSpec budgetSpec = BudgetSpec.parse(budgetText, maxBudget, "--budget");
                switch (budgetSpec.mode()) {
                    case EXACT -> b.budgetExact();
                    case AUTO -> b.budgetAuto(maxBudget);
                    case FIXED -> b.budgetFixed(budgetSpec.budget());
                }
            }
            b.allocation(allocation().name().toLowerCase(Locale.ROOT)).seed(seed);
            String designName = design == null ? null : OptionChecks.oneOf("--design", design, JobSampling.DESIGNS);
            if (kind.equals("paper") && "walks".equals(designName)) {
                throw new InputException("--design walks: the paper's method samples independent coalitions; drop --design, "
                        + "or use --strategy segshap");
            }
            b.design(designName);
            if (forwardBudget != null) {
                OptionChecks.atLeast("--forward-budget", forwardBudget, 1, "tile forwards");
                if (budget != null && !budgetText.trim().matches("\\d+")) {
                    throw new InputException("--forward-budget " + forwardBudget + " with --budget " + budget.trim()
                            + ": a forward budget stops a sampled design; give --budget N (the coalition ceiling) or no --budget");
                }
                if (budget == null) b.budgetFixed(JobSampling.FORWARD_BUDGET_COALITIONS);
                b.forwardBudget(forwardBudget);
            }
        }

        Double unitMarginMm() {
            return unitMargin == null ? null : OptionChecks.finiteAtLeast("--unit-margin", unitMargin, 0, "mm");
        }

        List<ValueFunction> values() {
            List<ValueFunction> out = new ArrayList<>();
            for (String v : values) {
                ValueFunction f = ValueFunction.fromCliName(v);
                if (!out.contains(f)) out.add(f);
            }
            return out;
        }

        Allocation allocation() {
            try {
                return Allocation.valueOf(allocation.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InputException("--allocation '" + allocation + "': expected equal or kernel");
            }
        }
    }
}

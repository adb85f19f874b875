package segshap.protocol.job;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * One explanation job: what to explain, how, and how to run it. The same record tree is the CLI's job file,
 * the Java library's request, the HTTP API's body and the {@code job} object of {@code report.json}.
 *
 * <p>Build it with {@link #builder()}, which fills in the CLI's defaults:
 * <pre>
 * JobSpec job = JobSpec.builder()
 *         .model("segshap-demo/model").ct("segshap-demo/ct.nii.gz").organs("segshap-demo/organs.nii.gz")
 *         .roiComponent(1).roiSeedWorldMm(-80.5, 20, 310)
 *         .target(1).units("organs").budgetExact()
 *         .build();
 * </pre>
 * or read it with {@link JobSpecJson}. Paths are strings; {@link #resolvedAgainst(Path)} makes them absolute.
 *
 * @param inputs   the files read; required
 * @param roi      the region explained; required
 * @param units    the interpretable units (default {@link JobUnits#defaults()}: organs)
 * @param values   target label, value functions, masking value, scoring region; required (for the target)
 * @param sampling coalition budget, allocation, seed (default {@link JobSampling#defaults()}: fixed 2048)
 * @param runtime  threads, batching, memory, device (default {@link JobRuntime#defaults()})
 * @param cache    tile cache (default {@link JobCache#defaults()}: 2 GiB in memory)
 * @param strategy how coalitions are evaluated (default {@link JobStrategy#defaults()}: segshap's engine on nnU-Net's
 *                 tiles)
 * @throws IllegalArgumentException when a required section is missing, naming it and how to give it
 */
public record JobSpec(JobInputs inputs, JobRoi roi, JobUnits units, JobValues values, JobSampling sampling,
                      JobRuntime runtime, JobCache cache, JobStrategy strategy) {

    public JobSpec {
        if (inputs == null) {
            throw new IllegalArgumentException("inputs: required; give at least {\"model\", \"ct\", \"organs\"}");
        }
        if (roi == null) {
            throw new IllegalArgumentException("roi: required; give {\"type\": \"mask\", \"file\": …} or "
                    + "{\"type\": \"component\", \"label\": …} (builder: roiMask(file) or roiComponent(label))");
        }
        if (values == null) {
            throw new IllegalArgumentException("values: required; give at least {\"target\": LABEL} (builder: target(label))");
        }
        if (units == null) units = JobUnits.defaults();
        if (sampling == null) sampling = JobSampling.defaults();
        if (runtime == null) runtime = JobRuntime.defaults();
        if (cache == null) cache = JobCache.defaults();
        if (strategy == null) strategy = JobStrategy.defaults();
        if (strategy.isPaper() && "walks".equals(sampling.design())) {
            throw new IllegalArgumentException("sampling.design 'walks': the paper's method (strategy.kind paper) samples "
                    + "independent coalitions; remove sampling.design or use strategy.kind segshap");
        }
    }

    /** A builder with nothing set but the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding every field of this job, to change a few. */
    public Builder toBuilder() {
        Builder b = new Builder()
                .model(inputs.model()).folds(inputs.folds()).checkpoint(inputs.checkpoint()).ct(inputs.ct()).organs(inputs.organs())
                .organNames(inputs.organNames())
                .units(units.kind(), units.fccEdgeMm()).unitMarginMm(units.unitMarginMm()).groupOrgans(units.groupOrgans())
                .target(values.target()).values(values.reported()).maskHu(values.maskHu()).scoreRegion(values.scoreRegion())
                .allocation(sampling.allocation()).seed(sampling.seed())
                .design(sampling.design()).forwardBudget(sampling.forwardBudget())
                .threads(runtime.threads()).tilesPerBatch(runtime.tilesPerBatch())
                .memoryBudgetBytes(runtime.memoryBudgetBytes()).device(runtime.device())
                .cacheCapacityBytes(cache.capacityBytes()).cacheDir(cache.dir())
                .strategy(strategy.kind()).tiling(strategy.tiling()).unitRegion(units.region());
        if (roi instanceof JobRoi.Mask m) b.roiMask = m.file();
        if (roi instanceof JobRoi.Component c) {
            b.roiLabel = c.label();
            b.roiSeedWorldMm = c.seedWorldMm();
            b.roiSeedVoxelIjk = c.seedVoxelIjk();
        }
        b.budget = sampling.budget();
        b.coalitions = sampling.coalitions();
        b.maxCoalitions = sampling.maxCoalitions();
        return b;
    }

    /**
     * This job with every relative path (model, CT, organs, names, ROI mask, cache dir) resolved
     * against {@code baseDir} and normalised; absolute paths stay as they are. A job file's paths are relative to
     * the file's folder: {@code job.resolvedAgainst(jobFile.toAbsolutePath().getParent())}.
     *
     * @param baseDir folder the relative paths are relative to (itself made absolute first)
     */
    public JobSpec resolvedAgainst(Path baseDir) {
        Path base = baseDir.toAbsolutePath();
        JobInputs in = new JobInputs(resolve(base, inputs.model()), inputs.folds(), inputs.checkpoint(), resolve(base, inputs.ct()),
                resolve(base, inputs.organs()), resolve(base, inputs.organNames()));
        JobRoi r = roi instanceof JobRoi.Mask m ? new JobRoi.Mask(resolve(base, m.file())) : roi;
        return new JobSpec(in, r, units, values, sampling, runtime,
                new JobCache(cache.capacityBytes(), resolve(base, cache.dir())), strategy);
    }

    /**
     * This job with the folds replaced, e.g. by the folds actually used when the job said {@code null}.
     *
     * @param newFolds fold folder names ({@code fold_0}, {@code fold_all}), or {@code null} for every finished fold
     */
    public JobSpec withFolds(List<String> newFolds) {
        return new JobSpec(new JobInputs(inputs.model(), newFolds, inputs.checkpoint(), inputs.ct(), inputs.organs(), inputs.organNames()),
                roi, units, values, sampling, runtime, cache, strategy);
    }

    /** This job with the runtime section replaced (e.g. by command-line flags); the results do not change. */
    public JobSpec withRuntime(JobRuntime newRuntime) {
        return new JobSpec(inputs, roi, units, values, sampling, newRuntime, cache, strategy);
    }

    /** This job with the cache section replaced; the results do not change. */
    public JobSpec withCache(JobCache newCache) {
        return new JobSpec(inputs, roi, units, values, sampling, runtime, newCache, strategy);
    }

    private static String resolve(Path base, String path) {
        return path == null ? null : base.resolve(path).normalize().toString();
    }

    /**
     * Assembles a {@link JobSpec} without positional constructors. Unset fields get the CLI's defaults;
     * {@link #build()} validates, and its message names the JSON path of the wrong field.
     */
    public static final class Builder {
        private String model;
        private List<String> folds;
        private String checkpoint;
        private String ct;
        private String organs;
        private String organNames;
        private String roiMask;
        private Integer roiLabel;
        private List<Double> roiSeedWorldMm;
        private List<Integer> roiSeedVoxelIjk;
        private String unitKind;
        private Double fccEdgeMm;
        private Double unitMarginMm;
        private boolean groupOrgans;
        private Integer target;
        private List<String> reported;
        private Double maskHu;
        private String scoreRegion;
        private String budget;
        private Integer coalitions;
        private Integer maxCoalitions;
        private String allocation;
        private long seed;
        private String design;
        private Long forwardBudget;
        private Integer threads;
        private Integer tilesPerBatch;
        private Long memoryBudgetBytes;
        private String device;
        private Long cacheCapacityBytes;
        private String cacheDir;
        private String strategyKind;
        private String tiling;
        private String unitRegion;

        private Builder() {}

        /** nnU-Net model folder. */
        public Builder model(String dir) { model = dir; return this; }

        /** nnU-Net model folder. */
        public Builder model(Path dir) { return model(dir.toString()); }

        /** Fold folder names ({@code fold_0}, {@code fold_all}); {@code null} (default) = every finished fold. */
        public Builder folds(List<String> names) { folds = names; return this; }

        /** Fold folder names ({@code fold_0}, {@code fold_all}). */
        public Builder folds(String... names) { return folds(Arrays.asList(names)); }

        /** Checkpoint file name in each fold folder; {@code null} (default) = {@value JobInputs#DEFAULT_CHECKPOINT}. */
        public Builder checkpoint(String name) { checkpoint = name; return this; }

        /** CT image. */
        public Builder ct(String file) { ct = file; return this; }

        /** CT image. */
        public Builder ct(Path file) { return ct(file.toString()); }

        /** Organ label map. */
        public Builder organs(String file) { organs = file; return this; }

        /** Organ label map. */
        public Builder organs(Path file) { return organs(file.toString()); }

        /** Organ names sidecar, or {@code null} (default) for TotalSegmentator's names. */
        public Builder organNames(String file) { organNames = file; return this; }

        /** Organ names sidecar. */
        public Builder organNames(Path file) { return organNames(file.toString()); }

        /** The ROI is a mask file; replaces any ROI (and seed) set before. */
        public Builder roiMask(String file) {
            roiLabel = null;
            roiSeedWorldMm = null;
            roiSeedVoxelIjk = null;
            roiMask = file;
            return this;
        }

        /** The ROI is a mask file; replaces any ROI (and seed) set before. */
        public Builder roiMask(Path file) { return roiMask(file.toString()); }

        /** The ROI is the largest component of a predicted label, unless a seed follows; replaces any ROI set before. */
        public Builder roiComponent(int label) { roiMask = null; roiLabel = label; return this; }

        /** The component containing world point (x, y, z) mm (RAS); needs {@link #roiComponent}. */
        public Builder roiSeedWorldMm(double xMm, double yMm, double zMm) {
            roiSeedWorldMm = List.of(xMm, yMm, zMm);
            return this;
        }

        /** The component containing CT voxel (i, j, k); needs {@link #roiComponent}. */
        public Builder roiSeedVoxelIjk(int i, int j, int k) {
            roiSeedVoxelIjk = List.of(i, j, k);
            return this;
        }

        /** {@code organs} units (default). For {@code regular}/{@code hybrid} use {@link #units(String, Double)}. */
        public Builder units(String kind) { return units(kind, null); }

        /** Units of a kind with the FCC cubic edge in mm ({@code null} for organs). */
        public Builder units(String kind, Double edgeMm) { unitKind = kind; fccEdgeMm = edgeMm; return this; }

        /** {@code support} (default) or {@code brf}: units inside B_RF, the ROI box grown by the patch radius. */
        public Builder unitRegion(String region) { unitRegion = region; return this; }

        /** Units only inside B grown by this many mm; {@code null} (default) = the exact support. */
        public Builder unitMarginMm(Double mm) { unitMarginMm = mm; return this; }

        /** Merge fine organ labels into coarse groups (default false). */
        public Builder groupOrgans(boolean group) { groupOrgans = group; return this; }

        /** Target label t; required. */
        public Builder target(int label) { target = label; return this; }

        /** Value functions to report (default all four). */
        public Builder values(List<String> names) { reported = names; return this; }

        /** Value functions to report (default all four). */
        public Builder values(String... names) { return values(Arrays.asList(names)); }

        /** Masking value in HU (default -1024). */
        public Builder maskHu(double hu) { maskHu = hu; return this; }

        /** {@code box} (default) or {@code mask}. */
        public Builder scoreRegion(String region) { scoreRegion = region; return this; }

        /** Enumerate all 2^M − 2 coalitions. */
        public Builder budgetExact() { return budget("exact", null, null); }

        /** N coalitions, exact when all fit (the default, N = 2048). */
        public Builder budgetFixed(int coalitionCount) { return budget("fixed", coalitionCount, null); }

        /** Grow until converged, at most {@code maxCoalitionCount} coalitions. */
        public Builder budgetAuto(int maxCoalitionCount) { return budget("auto", null, maxCoalitionCount); }

        /** Grow until converged, at most 8192 coalitions. */
        public Builder budgetAuto() { return budget("auto", null, null); }

        /** {@code equal} (default) or {@code kernel}. */
        public Builder allocation(String name) { allocation = name; return this; }

        /** Seed of the sampling design (default 0). */
        public Builder seed(long s) { seed = s; return this; }

        /** {@code pairs} (default) or {@code walks}. */
        public Builder design(String name) { design = name; return this; }

        /** Tile forwards a fixed budget may spend, or {@code null} (default) for no limit. */
        public Builder forwardBudget(Long forwards) { forwardBudget = forwards; return this; }

        /** CPU threads (default: all available cores). */
        public Builder threads(int n) { threads = n; return this; }

        /** Most tiles per forward call (default 2). */
        public Builder tilesPerBatch(int n) { tilesPerBatch = n; return this; }

        /** Bytes of tiles in flight (default 1 GiB). */
        public Builder memoryBudgetBytes(long bytes) { memoryBudgetBytes = bytes; return this; }

        /** {@code cpu} (default), {@code cuda} or {@code cuda:N}. */
        public Builder device(String name) { device = name; return this; }

        /** Tile cache bytes (default 2 GiB; 0 = off). */
        public Builder cacheCapacityBytes(long bytes) { cacheCapacityBytes = bytes; return this; }

        /** Persisted cache folder, or {@code null} (default) for memory only. */
        public Builder cacheDir(String dir) { cacheDir = dir; return this; }

        /** {@code segshap} (default) or {@code paper}. */
        public Builder strategy(String kind) { strategyKind = kind; return this; }

        /** {@code nnunet} (default for segshap) or {@code crop} (the only tiling of paper). */
        public Builder tiling(String name) { tiling = name; return this; }

        /** The paper's budget: 1000 coalitions for organ units, 2000 otherwise (per run of the paper's method). */
        public Builder budgetPaper() { return budget("paper", null, null); }

        /**
         * The job.
         *
         * @throws IllegalArgumentException naming the JSON path of the first wrong or missing field
         *                                  ({@code values.target}, {@code sampling.coalitions}, …)
         */
        public JobSpec build() {
            JobInputs in = new JobInputs(model, folds, checkpoint, ct, organs, organNames);
            JobValues v = target == null ? null : JobValues.of(target, reported, maskHu, scoreRegion);
            return new JobSpec(in, roi(), new JobUnits(unitKind, fccEdgeMm, unitMarginMm, groupOrgans, unitRegion), v,
                    new JobSampling(budget, coalitions, maxCoalitions, allocation, seed, design, forwardBudget),
                    JobRuntime.of(threads, tilesPerBatch, memoryBudgetBytes, device), JobCache.of(cacheCapacityBytes, cacheDir),
                    new JobStrategy(strategyKind, tiling));
        }

        private Builder budget(String mode, Integer count, Integer max) {
            budget = mode;
            coalitions = count;
            maxCoalitions = max;
            return this;
        }

        private JobRoi roi() {
            boolean seeded = roiSeedWorldMm != null || roiSeedVoxelIjk != null;
            if (roiLabel != null) return new JobRoi.Component(roiLabel, roiSeedWorldMm, roiSeedVoxelIjk);
            if (seeded) {
                throw new IllegalArgumentException("roi: a seed was given without a component; call roiComponent(label) as well");
            }
            return roiMask != null ? new JobRoi.Mask(roiMask) : null;
        }
    }
}

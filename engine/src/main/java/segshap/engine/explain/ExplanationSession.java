package segshap.engine.explain;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import segshap.engine.coalition.CachedCoalitionEvaluator;
import segshap.engine.coalition.ExplanationGrid;
import segshap.engine.roi.GridGeometry;
import segshap.engine.roi.LabelMap;
import segshap.engine.roi.LabelResampling;
import segshap.engine.roi.ReceptiveFieldSupport;
import segshap.engine.roi.Roi;
import segshap.engine.shap.Coalition;
import segshap.engine.shap.CoalitionValues;
import segshap.engine.units.OrganGroups;
import segshap.engine.units.OrganNames;
import segshap.engine.units.UnitPartition;
import segshap.engine.units.UnitPartitioner;
import segshap.engine.value.ValueFunction;
import segshap.kernels.InputException;
import segshap.kernels.backend.ForwardBackend;
import segshap.kernels.checkpoint.SafetensorsReader;
import segshap.kernels.cpu.CpuBackend;
import segshap.kernels.cpu.CpuBackends;
import segshap.kernels.model.ModelFolderLoader;
import segshap.kernels.model.NnunetModel;
import segshap.kernels.nifti.NiftiImage;
import segshap.kernels.nifti.NiftiReader;
import segshap.kernels.plans.NormalizationScheme;
import segshap.kernels.predict.NetworkGridMapping;
import segshap.kernels.predict.NnunetPredictor;
import segshap.kernels.preprocess.CtNormalization;
import segshap.kernels.preprocess.Export;
import segshap.kernels.preprocess.PreprocessedCase;
import segshap.kernels.tensor.Box;
import segshap.kernels.tensor.FloatTensor;
import segshap.kernels.window.AccumulationMode;
import segshap.kernels.window.Tile;
import segshap.kernels.window.TileGrid;
import segshap.kernels.window.TileProgress;

/**
 * Everything loaded and built for one explanation request, on the network grid: the case, the ROI, its
 * support, the units and the coalition evaluator. Input errors surface here, before any coalition runs.
 */
public final class ExplanationSession implements AutoCloseable {
    /** Tolerance (mm) for "the same grid": header floats are written with ~1e-6 relative noise. */
    private static final double SAME_GRID_TOL_MM = 1e-3;

    private final ExplainRequest request;
    private final NiftiImage ct;
    private final NnunetModel model;
    private final ForwardBackend backend; // created and closed by this session
    private final NnunetPredictor predictor;
    private final NetworkGridMapping mapping;
    private final GridGeometry netGeometry;
    private final Roi roi;
    private final ReceptiveFieldSupport support;
    private final UnitPartition partition;
    private final ExplanationGrid problem;
    private final CachedCoalitionEvaluator evaluator;
    private final int[] players;
    private final List<String> warnings = new ArrayList<>();
    private final double loadSeconds;
    private final double baselineSeconds;

    /**
     * Loads and checks every input and computes the baseline.
     *
     * @param progress receives full-volume tile progress when the ROI comes from the prediction
     * @throws InputException for any problem with the inputs, naming the file or option
     */
    public ExplanationSession(ExplainRequest request, RuntimeSettings runtime, TileProgress progress) {
        long t0 = System.nanoTime();
        this.request = request;
        ct = NiftiReader.read(request.ct());
        NiftiImage organsImage = NiftiReader.read(request.organs());
        model = ModelFolderLoader.load(request.model(), request.folds(), null, SafetensorsReader::read);
        warnings.addAll(model.warnings());
        NormalizationScheme scheme = model.plan().normalization().get(0);
        if (scheme != NormalizationScheme.CT) {
            throw new InputException(request.model().resolve("plans.json") + ": channel 0 uses " + scheme.planName()
                    + "; masking to a fixed HU value needs CTNormalization (a per-voxel map)");
        }
        int targetChannel = targetChannel(model, request.target());
        FloatTensor organsOnCt = organsOnCtGrid(organsImage);
        Map<Integer, String> labelNames = request.organNames() != null ? OrganNames.read(request.organNames())
                : DefaultOrganNames.totalSegmentator();
        OrganGroups groups = request.groupOrgans() ? OrganGroups.coarse(labelNames) : null;
        Map<Integer, String> names = groups == null ? labelNames : groups.names();

        backend = CpuBackends.forModel(model, runtime.threads(), CpuBackend.DEFAULT_MEMORY_BUDGET_BYTES);
        predictor = NnunetPredictor.open(model, backend, new NnunetPredictor.Options(runtime.tilesPerBatch(), false,
                AccumulationMode.FLOAT32));
        PreprocessedCase pre = predictor.preprocess(ct, request.ct().toString());
        mapping = new NetworkGridMapping(pre, model.plan().transposeForward());
        int[] net = mapping.netShapeZyx();
        netGeometry = new GridGeometry(net, mapping.netZyxToWorldXyzMm(ct.affine()));
        LabelMap organsNet = LabelMap.fromTensor(mapping.toNetworkGrid(organsOnCt), request.organs().toString());
        if (groups != null) organsNet = groups.apply(organsNet);
        TileGrid tiles = predictor.tileGrid(pre);
        loadSeconds = seconds(t0);

        long t1 = System.nanoTime();
        roi = selectRoi(request.roi(), pre, progress);
        List<Box> tileBoxes = new ArrayList<>();
        for (Tile t : tiles.tiles()) tileBoxes.add(tiles.boxUnpadded(t));
        support = ReceptiveFieldSupport.of(net, roi.box(), tileBoxes);
        float maskNorm = CtNormalization.of(model.plan().intensityProperties().get(0)).normalize((float) request.maskHu());
        UnitPartitioner partitioner = new UnitPartitioner(netGeometry, support, pre.dataCzyx().data(), maskNorm);
        if (request.unitMarginMm() != null) {
            partitioner = partitioner.withUnitRegion(dilate(roi.box(), request.unitMarginMm(), pre.targetSpacingZyxMm(), net)
                    .intersect(support.supportBox()));
        }
        partition = switch (request.units().kind()) {
            case ORGANS -> partitioner.organs(organsNet, names);
            case REGULAR -> partitioner.regular(request.units().edgeMm());
            case HYBRID -> partitioner.hybrid(organsNet, names, request.units().edgeMm());
        };
        players = partition.playerUnitIndices();
        if (players.length == 0) {
            throw new InputException("no unit inside the ROI's receptive field can change the prediction (all "
                    + partition.unitCount() + " units excluded); check that " + request.organs()
                    + " has organs near the ROI, or use regular units");
        }
        byte[] scoring = request.scoreRegion().maskOverBox(roi);
        problem = new ExplanationGrid(pre.dataCzyx(), tiles, partition, roi.box(), targetChannel, scoring,
                predictor.backend(), runtime.tilesPerBatch());
        evaluator = new CachedCoalitionEvaluator(problem, predictor.backend(), runtime.tilesPerBatch(), runtime.cacheBytes());
        baselineSeconds = seconds(t1);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static int targetChannel(NnunetModel model, int target) {
        int[] labels = model.dataset().outputLabelValues();
        for (int c = 0; c < labels.length; c++) {
            if (labels[c] == target && target != 0) return c;
        }
        StringBuilder known = new StringBuilder();
        for (int l : labels) {
            if (l != 0) known.append(known.length() == 0 ? "" : ", ").append(l).append(" ").append(model.dataset().labelName(l));
        }
        throw new InputException("--target " + target + ": not a foreground label of " + model.folder().resolve("dataset.json")
                + "; labels: " + known);
    }

    /** The organ map on the CT grid: as is when the grids match, else nearest neighbour in world space. */
    private FloatTensor organsOnCtGrid(NiftiImage organs) {
        if (organs.sameGridAs(ct, SAME_GRID_TOL_MM)) return organs.dataZyx();
        GridGeometry from = ctStyleGeometry(organs), to = ctStyleGeometry(ct);
        LabelMap resampled = LabelResampling.nearestNeighbour(LabelMap.fromTensor(organs.dataZyx(), request.organs().toString()),
                from, to, request.organs().toString(), request.ct().toString());
        warnings.add(request.organs() + " is not on the CT grid (shape zyx " + dims(organs.shapeZyx()) + " vs "
                + dims(ct.shapeZyx()) + "); resampled with nearest neighbour in world space");
        float[] v = new float[resampled.labels().length];
        for (int i = 0; i < v.length; i++) v[i] = resampled.labels()[i];
        return new FloatTensor(ct.shapeZyx(), v);
    }

    /** The (z, y, x) index → world (x, y, z) mm map of a NIfTI image (its affine with the index axes reversed). */
    static GridGeometry ctStyleGeometry(NiftiImage img) {
        double[] a = img.affine();
        double[] m = new double[16];
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 3; c++) m[r * 4 + c] = a[r * 4 + (2 - c)];
            m[r * 4 + 3] = a[r * 4 + 3];
        }
        return new GridGeometry(img.shapeZyx(), m);
    }

    private Roi selectRoi(RoiSpec spec, PreprocessedCase pre, TileProgress progress) {
        int[] net = mapping.netShapeZyx();
        if (spec instanceof RoiSpec.Mask m) {
            NiftiImage mask = NiftiReader.read(m.file());
            if (!mask.sameGridAs(ct, SAME_GRID_TOL_MM)) {
                throw new InputException(m.file() + " is not on the CT grid: shape zyx " + dims(mask.shapeZyx()) + " vs "
                        + dims(ct.shapeZyx()) + " (" + request.ct() + ") or a different affine; resample the mask to the "
                        + "CT grid (nearest neighbour) first");
            }
            return Roi.fromMask(mapping.toNetworkGrid(mask.dataZyx()), net, m.file().toString());
        }
        RoiSpec.Component c = (RoiSpec.Component) spec;
        int[] labels = model.dataset().outputLabelValues();
        boolean known = false;
        for (int l : labels) known |= l == c.label() && l != 0;
        if (!known) throw new InputException("--roi-component " + c.label() + ": not a foreground label of "
                + model.folder().resolve("dataset.json") + "; labels: " + Arrays.toString(labels));
        FloatTensor logits = predictor.predictLogits(pre, progress);
        float[] channel = Export.argmax(logits).data();
        int[] value = new int[channel.length];
        for (int i = 0; i < value.length; i++) value[i] = labels[(int) channel[i]];
        LabelMap prediction = new LabelMap(net, value);
        String source = "the baseline prediction";
        double[] seed = c.seedWorldXyzMm();
        if (c.seedVoxelIjk() != null) {
            int[] v = c.seedVoxelIjk();
            int[] s = ct.shapeXyz();
            for (int a = 0; a < 3; a++) {
                if (v[a] < 0 || v[a] >= s[a]) {
                    throw new InputException("--roi-component seed voxel (i,j,k) = (" + v[0] + "," + v[1] + "," + v[2]
                            + ") is outside the CT " + request.ct() + " of " + s[0] + "×" + s[1] + "×" + s[2] + " voxels");
                }
            }
            seed = ct.worldMmOfVoxelZyx(v[2], v[1], v[0]);
        }
        return seed == null ? Roi.largestComponent(prediction, c.label(), source)
                : Roi.componentAtWorldMm(prediction, netGeometry, c.label(), seed, source);
    }

    /** {@code box} grown by {@code marginMm} on every side (rounded up to whole voxels), clipped to the grid. */
    static Box dilate(Box box, double marginMm, double[] spacingZyxMm, int[] shapeZyx) {
        int[] d = new int[3];
        for (int a = 0; a < 3; a++) d[a] = (int) Math.ceil(marginMm / spacingZyxMm[a] - 1e-9);
        return new Box(Math.max(0, box.z0() - d[0]), Math.max(0, box.y0() - d[1]), Math.max(0, box.x0() - d[2]),
                Math.min(shapeZyx[0], box.z1() + d[0]), Math.min(shapeZyx[1], box.y1() + d[1]),
                Math.min(shapeZyx[2], box.x1() + d[2]));
    }

    private static String dims(int[] s) {
        return s[0] + "×" + s[1] + "×" + s[2];
    }

    /** The game over the non-excluded units (players), all four value functions per coalition. */
    public CoalitionValues game() {
        return new CoalitionValues() {
            @Override
            public double[][] evaluate(List<Coalition> batch) {
                List<BitSet> sets = new ArrayList<>(batch.size());
                for (Coalition co : batch) {
                    BitSet kept = new BitSet(partition.unitCount());
                    for (int p : co.members()) kept.set(players[p]);
                    sets.add(kept);
                }
                return evaluator.evaluate(sets);
            }

            @Override
            public int valueCount() {
                return ValueFunction.values().length;
            }
        };
    }

    public ExplainRequest request() { return request; }

    public NiftiImage ct() { return ct; }

    public NnunetModel model() { return model; }

    public NetworkGridMapping mapping() { return mapping; }

    public GridGeometry netGeometry() { return netGeometry; }

    public Roi roi() { return roi; }

    public ReceptiveFieldSupport support() { return support; }

    public UnitPartition partition() { return partition; }

    public ExplanationGrid problem() { return problem; }

    public CachedCoalitionEvaluator evaluator() { return evaluator; }

    /** Unit index of each player (non-excluded unit), ascending. */
    public int[] players() { return players.clone(); }

    public List<String> warnings() { return List.copyOf(warnings); }

    public double loadSeconds() { return loadSeconds; }

    public double baselineSeconds() { return baselineSeconds; }

    @Override
    public void close() {
        backend.close();
    }
}

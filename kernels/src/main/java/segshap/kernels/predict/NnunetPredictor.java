package segshap.kernels.predict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import segshap.kernels.HeapCheck;
import segshap.kernels.InputException;
import segshap.kernels.backend.EnsembleBackend;
import segshap.kernels.backend.ForwardBackend;
import segshap.kernels.model.NnunetModel;
import segshap.kernels.nifti.NiftiDataType;
import segshap.kernels.nifti.NiftiImage;
import segshap.kernels.plans.DatasetJson;
import segshap.kernels.preprocess.Export;
import segshap.kernels.preprocess.PreprocessedCase;
import segshap.kernels.preprocess.Preprocessor;
import segshap.kernels.tensor.Float16;
import segshap.kernels.tensor.FloatTensor;
import segshap.kernels.window.AccumulationMode;
import segshap.kernels.window.SlidingWindowPredictor;
import segshap.kernels.window.TileGrid;
import segshap.kernels.window.TileProgress;

/**
 * nnU-Net v2 inference for one model, step by step as nnU-Net's {@code nnUNetPredictor} does it:
 * {@link #preprocess} (transpose → crop to non-zero → normalise → resample), {@link #predictLogits}
 * (sliding window over every fold, logits averaged), {@link #export} (resample back → argmax → un-crop →
 * transpose back). Each step can be called alone, which is what the explanation engine does.
 *
 * <p>The forward backend comes from the caller, who owns it and closes it; the predictor holds nothing else
 * that needs closing, so it is not {@link AutoCloseable}. It uses the backend from the calling thread.
 *
 * <pre>{@code
 * try (ForwardBackend backend = CpuBackends.forModel(model, 8, CpuBackend.DEFAULT_MEMORY_BUDGET_BYTES)) {
 *     NnunetPredictor p = NnunetPredictor.open(model, backend, NnunetPredictor.Options.defaults());
 *     PreprocessedCase c = p.preprocess(ct, "ct.nii.gz");
 *     FloatTensor logits = p.predictLogits(c, TileProgress.NONE);
 *     NiftiImage seg = p.segmentationImage(ct, p.export(logits, c, false).segmentationZyx());
 * }
 * }</pre>
 */
public final class NnunetPredictor {

    /**
     * How to run.
     *
     * @param tilesPerBatch tiles per forward call, ≥ 1
     * @param mirroring     test-time mirroring over the checkpoint's allowed axes (nnU-Net's default; off here)
     * @param accumulation  float32 fusion, or nnU-Net's float16 accumulators for parity with its output
     */
    public record Options(int tilesPerBatch, boolean mirroring, AccumulationMode accumulation) {
        public Options {
            if (tilesPerBatch < 1) throw new IllegalArgumentException("tilesPerBatch must be ≥ 1, got " + tilesPerBatch);
            if (accumulation == null) throw new IllegalArgumentException("accumulation must not be null");
        }

        /** 2 tiles per call, no mirroring, float32 fusion. */
        public static Options defaults() {
            return new Options(2, false, AccumulationMode.FLOAT32);
        }
    }

    private final NnunetModel model;
    private final Options options;
    private final Preprocessor preprocessor;
    private final ForwardBackend backend;

    private NnunetPredictor(NnunetModel model, ForwardBackend backend, Options options) {
        this.model = model;
        this.options = options;
        this.preprocessor = Preprocessor.of(model.plan());
        this.backend = backend;
    }

    /**
     * A predictor for {@code model} that runs its network on {@code backend}.
     *
     * <p>With {@link AccumulationMode#NNUNET_FLOAT16} and an {@link EnsembleBackend} of several folds, each
     * fold runs its own sliding window and the float16 results are summed, as nnU-Net does; any other
     * backend is used as one network whose tile logits already cover every fold.
     *
     * @param backend runs {@code model}'s network over all its folds (e.g. {@code CpuBackends.forModel});
     *                owned by the caller, not closed by the predictor
     * @throws IllegalArgumentException if the backend runs another network than the model's plans describe
     */
    public static NnunetPredictor open(NnunetModel model, ForwardBackend backend, Options options) {
        if (!backend.spec().equals(model.network())) {
            throw new IllegalArgumentException("backend " + backend.describe() + " runs " + backend.spec()
                    + " but the model's plans describe " + model.network());
        }
        return new NnunetPredictor(model, backend, options);
    }

    public NnunetModel model() {
        return model;
    }

    /** The backend given to {@link #open}: all folds as one network (logits averaged per tile). */
    public ForwardBackend backend() {
        return backend;
    }

    /**
     * Preprocesses a single-channel CT.
     *
     * @throws InputException if the model wants another channel count or the CT holds NaN/infinite values
     */
    public PreprocessedCase preprocess(NiftiImage ct, String ctName) {
        int channels = model.dataset().inputChannelCount();
        if (channels != 1) {
            throw new InputException(model.folder().resolve("dataset.json") + ": the model expects " + channels
                    + " input channels; segshap takes one CT image");
        }
        return preprocess(List.of(ct), List.of(ctName));
    }

    /**
     * Preprocesses one case of one image per input channel, as nnU-Net reads {@code <case>_0000}, {@code _0001}, …:
     * the volumes are stacked in channel order and each is normalised by its own plans scheme.
     *
     * @param channels     one image per dataset.json channel, channel 0 first; all of one shape and spacing. Only the
     *                     voxel arrays are combined: as in nnU-Net, origin and direction are not compared here
     * @param channelNames where each image came from (its file), for messages; same size as {@code channels}
     * @throws InputException if the count differs from the model's channels, an image is not on channel 0's grid
     *                        (naming both files), or holds NaN/infinite values
     */
    public PreprocessedCase preprocess(List<NiftiImage> channels, List<String> channelNames) {
        if (channels.size() != channelNames.size()) {
            throw new IllegalArgumentException(channels.size() + " images but " + channelNames.size() + " names");
        }
        DatasetJson dataset = model.dataset();
        if (channels.size() != dataset.inputChannelCount()) {
            throw new InputException("the case has " + channels.size() + " image(s) (" + String.join(", ", channelNames)
                    + ") but the model's " + dataset.source() + " lists " + dataset.inputChannelCount() + " channels "
                    + dataset.channelNames() + "; give one image per channel");
        }
        NiftiImage first = channels.get(0);
        for (int c = 1; c < channels.size(); c++) {
            NiftiImage other = channels.get(c);
            boolean sameShape = Arrays.equals(other.shapeZyx(), first.shapeZyx());
            if (!sameShape || !Arrays.equals(other.spacingZyxMm(), first.spacingZyxMm())) {
                String what = sameShape
                        ? "spacing zyx " + Arrays.toString(other.spacingZyxMm()) + " mm vs " + Arrays.toString(first.spacingZyxMm()) + " mm"
                        : "shape zyx " + voxels(other.shapeZyx()) + " vs " + voxels(first.shapeZyx());
                throw new InputException(channelNames.get(c) + " is not on the grid of " + channelNames.get(0) + ": " + what
                        + "; all channels of a case must share one grid: resample " + channelNames.get(c) + " onto "
                        + channelNames.get(0) + "'s grid first");
            }
        }
        for (int c = 0; c < channels.size(); c++) requireFinite(channels.get(c), channelNames.get(c));
        requirePreprocessingFits(first, channels.size(), channelNames.get(0));
        List<FloatTensor> data = new ArrayList<>();
        for (NiftiImage image : channels) data.add(image.dataZyx());
        return preprocessor.runCase(data, first.spacingZyxMm());
    }

    private static void requireFinite(NiftiImage image, String name) {
        float[] v = image.dataZyx().data();
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                int[] s = image.shapeZyx();
                int x = i % s[2], y = (i / s[2]) % s[1], z = i / (s[1] * s[2]);
                throw new InputException(name + ": voxel (x,y,z) = (" + x + "," + y + "," + z + ") is " + v[i]
                        + "; the image must hold finite values");
            }
        }
    }

    /**
     * Refuses a case whose network grid cannot fit the heap, before it is resampled. Peak bytes, C channels, V_in
     * voxels per image and V_net network voxels (no crop assumed), the larger of: preprocessing = 4C V_in (the images)
     * + 8C V_in (stacked, transposed copies) + 16 V_in (float64 channel and spline coefficients, one channel at a time)
     * + (8 + 4C) V_net (float64 result of one channel, float32 result of all); prediction = 4C V_in + 4C V_net (input)
     * + 4 V_net · heads (logits) + 4 V_net (Gaussian weight sums).
     */
    private void requirePreprocessingFits(NiftiImage ct, int channels, String ctName) {
        int[] in = ct.shapeZyx();
        long[] net = preprocessor.resampledShapeBound(in, ct.spacingZyxMm());
        long vIn = (long) in[0] * in[1] * in[2];
        long vNet = HeapCheck.times(HeapCheck.times(net[0], net[1]), net[2]);
        String what = String.format(Locale.ROOT, "%s: resampling %d×%d×%d voxels at %s mm to the plan's %s mm gives %d×%d×%d",
                ctName, in[0], in[1], in[2], mm(ct.spacingZyxMm()), mm(model.plan().spacingZyxMm()), net[0], net[1], net[2]);
        String fix = "check the voxel spacing (pixdim) in the header against the scan's real spacing";
        if (vNet > Integer.MAX_VALUE - 8) {
            throw new InputException(what + " = " + vNet + " voxels, more than a Java array holds (2^31 − 9); " + fix);
        }
        long preprocessing = HeapCheck.times(12L * channels + 16, vIn) + HeapCheck.times(8 + 4L * channels, vNet);
        long prediction = HeapCheck.times(4L * channels, vIn)
                + HeapCheck.times(4L * (model.network().numHeads() + channels + 1), vNet);
        HeapCheck.requireFits(Math.max(preprocessing, prediction), what + (channels > 1 ? " (" + channels + " channels)" : "")
                + "; preprocessing and prediction", fix);
    }

    private static String voxels(int[] zyx) {
        return zyx[0] + "×" + zyx[1] + "×" + zyx[2];
    }

    private static String mm(double[] zyx) {
        StringBuilder b = new StringBuilder();
        for (double v : zyx) b.append(b.length() == 0 ? "" : "×").append(String.format(Locale.ROOT, "%.3g", v));
        return b.toString();
    }

    /** The sliding-window grid of a preprocessed case. */
    public TileGrid tileGrid(PreprocessedCase c) {
        return TileGrid.of(c.shapeZyx(), model.plan().patchSizeZyx());
    }

    /**
     * Fold-averaged logits (heads, z, y, x) on the network grid, as nnU-Net's
     * {@code predict_logits_from_preprocessed_data}.
     */
    public FloatTensor predictLogits(PreprocessedCase c, TileProgress progress) {
        int[] axes = options.mirroring() && model.inferenceAllowedMirroringAxes() != null
                ? model.inferenceAllowedMirroringAxes() : new int[0];
        SlidingWindowPredictor.Options window = new SlidingWindowPredictor.Options(options.tilesPerBatch(), axes,
                options.accumulation(), TileGrid.DEFAULT_TILE_STEP_SIZE);
        int[] patch = model.plan().patchSizeZyx();
        List<ForwardBackend> folds = backend instanceof EnsembleBackend e ? e.folds() : List.of(backend);
        if (options.accumulation() == AccumulationMode.FLOAT32 || folds.size() == 1) {
            return new SlidingWindowPredictor(backend, window).predictLogits(c.dataCzyx(), patch, progress);
        }
        // nnU-Net's fp16 path: each fold's fp16 result added into an fp16 sum, then divided in fp16
        float[] sum = null;
        int[] shape = null;
        for (ForwardBackend fold : folds) {
            FloatTensor f = new SlidingWindowPredictor(fold, window).predictLogits(c.dataCzyx(), patch, progress);
            if (sum == null) {
                sum = f.data().clone();
                shape = f.shape();
            } else {
                float[] d = f.data();
                for (int i = 0; i < d.length; i++) sum[i] = Float16.round(sum[i] + d[i]);
            }
        }
        float n = folds.size();
        for (int i = 0; i < sum.length; i++) sum[i] = Float16.round(sum[i] / n);
        return new FloatTensor(shape, sum);
    }

    /** Logits back to the CT's geometry: label map (channel indices) and optionally probabilities. */
    public Export.Prediction export(FloatTensor logits, PreprocessedCase c, boolean probabilities) {
        Export.Options o = new Export.Options(options.accumulation() == AccumulationMode.NNUNET_FLOAT16, probabilities);
        return Export.convertPredictedLogitsToSegmentationWithCorrectShape(logits, c,
                model.plan().resamplingProbabilities(), model.plan().transposeBackward(), o);
    }

    /** A label map of channel indices as a NIfTI image in the CT's geometry, label values from dataset.json. */
    public NiftiImage segmentationImage(NiftiImage ct, FloatTensor channelIndicesZyx) {
        int[] labels = model.dataset().outputLabelValues();
        float[] src = channelIndicesZyx.data();
        float[] dst = new float[src.length];
        for (int i = 0; i < src.length; i++) {
            int l = labels[(int) src[i]];
            dst[i] = l;
        }
        NiftiDataType type = labels[labels.length - 1] < 255 ? NiftiDataType.UINT8 : NiftiDataType.UINT16;
        return ct.withData(new FloatTensor(channelIndicesZyx.shape(), dst), type);
    }
}

package segshap.kernels.predict;

import java.util.ArrayList;
import java.util.List;
import segshap.kernels.InputException;
import segshap.kernels.cpu.CpuBackend;
import segshap.kernels.backend.ForwardBackend;
import segshap.kernels.backend.ModelWeights;
import segshap.kernels.model.NnunetModel;
import segshap.kernels.nifti.NiftiDataType;
import segshap.kernels.nifti.NiftiImage;
import segshap.kernels.preprocess.Export;
import segshap.kernels.preprocess.PreprocessedCase;
import segshap.kernels.preprocess.Preprocessor;
import segshap.kernels.tensor.Float16;
import segshap.kernels.tensor.FloatTensor;
import segshap.kernels.window.AccumulationMode;
import segshap.kernels.window.SlidingWindowPredictor;
import segshap.kernels.window.TileGrid;
import segshap.kernels.window.TileProgress;
import segshap.kernels.backend.EnsembleBackend;

/**
 * nnU-Net v2 inference for one model, step by step as nnU-Net's {@code nnUNetPredictor} does it:
 * {@link #preprocess} (transpose → crop to non-zero → normalise → resample), {@link #predictLogits}
 * (sliding window over every fold, logits averaged), {@link #export} (resample back → argmax → un-crop →
 * transpose back). Each step can be called alone, which is what the explanation engine does.
 *
 * <pre>{@code
 * try (NnunetPredictor p = NnunetPredictor.open(model, NnunetPredictor.Options.defaults())) {
 *     PreprocessedCase c = p.preprocess(ct);
 *     FloatTensor logits = p.predictLogits(c, TileProgress.NONE);
 *     NiftiImage seg = p.segmentationImage(ct, p.export(logits, c, false).segmentationZyx());
 * }
 * }</pre>
 */
public final class NnunetPredictor implements AutoCloseable {

    /**
     * How to run.
     *
     * @param threads       CPU threads of the forward pass, ≥ 1
     * @param tilesPerBatch tiles per forward call, ≥ 1
     * @param mirroring     test-time mirroring over the checkpoint's allowed axes (nnU-Net's default; off here)
     * @param accumulation  float32 fusion, or nnU-Net's float16 accumulators for parity with its output
     */
    public record Options(int threads, int tilesPerBatch, boolean mirroring, AccumulationMode accumulation) {
        public Options {
            if (threads < 1) throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
            if (tilesPerBatch < 1) throw new IllegalArgumentException("tilesPerBatch must be ≥ 1, got " + tilesPerBatch);
        }

        /** All cores, 2 tiles per call, no mirroring, float32 fusion. */
        public static Options defaults() {
            return new Options(Runtime.getRuntime().availableProcessors(), 2, false, AccumulationMode.FLOAT32);
        }
    }

    private final NnunetModel model;
    private final Options options;
    private final Preprocessor preprocessor;
    private final List<ForwardBackend> folds;
    private final EnsembleBackend ensemble;

    private NnunetPredictor(NnunetModel model, Options options) {
        this.model = model;
        this.options = options;
        this.preprocessor = Preprocessor.of(model.plan());
        List<ForwardBackend> backends = new ArrayList<>();
        for (ModelWeights w : model.foldWeights()) backends.add(new CpuBackend(model.network(), w, options.threads()));
        this.folds = List.copyOf(backends);
        this.ensemble = new EnsembleBackend(folds);
    }

    /** Builds one CPU backend per fold (weights are checked against the plans there). */
    public static NnunetPredictor open(NnunetModel model, Options options) {
        return new NnunetPredictor(model, options);
    }

    public NnunetModel model() {
        return model;
    }

    /** All folds as one backend (logits averaged per tile). */
    public ForwardBackend backend() {
        return ensemble;
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
        float[] v = ct.dataZyx().data();
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                int[] s = ct.shapeZyx();
                int x = i % s[2], y = (i / s[2]) % s[1], z = i / (s[1] * s[2]);
                throw new InputException(ctName + ": voxel (x,y,z) = (" + x + "," + y + "," + z + ") is " + v[i]
                        + "; the CT must hold finite values");
            }
        }
        return preprocessor.runCase(List.of(ct.dataZyx()), ct.spacingZyxMm());
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
        if (options.accumulation() == AccumulationMode.FLOAT32 || folds.size() == 1) {
            return new SlidingWindowPredictor(ensemble, window).predictLogits(c.dataCzyx(), patch, progress);
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

    @Override
    public void close() {
        ensemble.close();
    }
}

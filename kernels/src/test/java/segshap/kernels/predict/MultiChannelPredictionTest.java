package segshap.kernels.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import segshap.kernels.InputException;
import segshap.kernels.backend.ForwardBackend;
import segshap.kernels.checkpoint.SafetensorsReader;
import segshap.kernels.cpu.CpuBackend;
import segshap.kernels.cpu.CpuBackends;
import segshap.kernels.model.ModelFolderLoader;
import segshap.kernels.model.NnunetModel;
import segshap.kernels.nifti.NiftiDataType;
import segshap.kernels.nifti.NiftiImage;
import segshap.kernels.nifti.NiftiReader;
import segshap.kernels.preprocess.PreprocessedCase;
import segshap.kernels.preprocess.ZScoreNormalization;
import segshap.kernels.tensor.FloatTensor;
import segshap.kernels.window.AccumulationMode;
import segshap.kernels.window.TileProgress;

/**
 * {@link NnunetPredictor#preprocess(List, List)} on a two-channel model ({@link TwoChannelModel}, derived from the
 * single-channel fixture: no genuine multi-channel fixture exists): channels stacked in order, each normalised by its
 * own scheme, and the network reading each file in its channel.
 */
class MultiChannelPredictionTest {
    static final NiftiImage CT = NiftiReader.read(NnunetPredictorFixtureTest.CASE.resolve("input_0000.nii.gz"));
    static final NnunetPredictor.Options OPTIONS = new NnunetPredictor.Options(4, false, AccumulationMode.FLOAT32);

    @TempDir Path tmp;

    private NnunetModel twoChannel(List<String> schemes, int usedChannel) throws IOException {
        Path folder = TwoChannelModel.write(NnunetPredictorFixtureTest.MODEL, tmp, schemes, List.of("CT", "MR"), usedChannel);
        return ModelFolderLoader.load(folder, null, null, SafetensorsReader::read);
    }

    /** An MR-like image on the CT's grid: positive everywhere, a different contrast. */
    static NiftiImage mrLike(NiftiImage ct) {
        float[] v = ct.dataZyx().data().clone();
        for (int i = 0; i < v.length; i++) v[i] = 0.37f * (v[i] + 1100f) + (i % 7);
        return ct.withData(new FloatTensor(ct.shapeZyx(), v), NiftiDataType.FLOAT32);
    }

    private static FloatTensor logits(NnunetModel model, List<NiftiImage> images) {
        try (ForwardBackend backend = CpuBackends.forModel(model, 2, CpuBackend.DEFAULT_MEMORY_BUDGET_BYTES)) {
            NnunetPredictor p = NnunetPredictor.open(model, backend, OPTIONS);
            List<String> names = images.size() == 1 ? List.of("a_0000.nii.gz") : List.of("a_0000.nii.gz", "a_0001.nii.gz");
            return p.predictLogits(p.preprocess(images, names), TileProgress.NONE);
        }
    }

    @Test
    void eachChannelIsNormalisedByItsOwnScheme() throws IOException {
        NnunetModel single = ModelFolderLoader.load(NnunetPredictorFixtureTest.MODEL, null, null);
        NnunetModel two = twoChannel(List.of("CTNormalization", "ZScoreNormalization"), 0);
        NiftiImage mr = mrLike(CT);
        PreprocessedCase c;
        PreprocessedCase ctAlone;
        try (ForwardBackend b1 = CpuBackends.forModel(single, 1, CpuBackend.DEFAULT_MEMORY_BUDGET_BYTES);
             ForwardBackend b2 = CpuBackends.forModel(two, 1, CpuBackend.DEFAULT_MEMORY_BUDGET_BYTES)) {
            ctAlone = NnunetPredictor.open(single, b1, OPTIONS).preprocess(CT, "ct.nii.gz");
            c = NnunetPredictor.open(two, b2, OPTIONS).preprocess(List.of(CT, mr), List.of("a_0000.nii.gz", "a_0001.nii.gz"));
        }
        int volume = CT.dataZyx().size();
        float[] data = c.dataCzyx().data();
        assertArrayEquals(new int[] {2, 40, 70, 60}, c.dataCzyx().shape());
        // the fixture case is neither cropped nor resampled: channel 1 is the z-score of the MR image as read
        float[] expectedMr = mr.dataZyx().data().clone();
        new ZScoreNormalization(false).run(expectedMr, 0, volume, null);
        float[] channel0 = Arrays.copyOfRange(data, 0, volume);
        float[] channel1 = Arrays.copyOfRange(data, volume, 2 * volume);
        assertArrayEquals(ctAlone.dataCzyx().data(), channel0, "channel 0: CT normalisation, as for the CT alone");
        assertArrayEquals(expectedMr, channel1, "channel 1: z-score");
    }

    @ParameterizedTest(name = "network reads channel {0}")
    @ValueSource(ints = {0, 1})
    void theNetworkSeesEachFileInItsChannel(int usedChannel) throws IOException {
        NnunetModel single = ModelFolderLoader.load(NnunetPredictorFixtureTest.MODEL, null, null);
        NnunetModel two = twoChannel(List.of("CTNormalization", "CTNormalization"), usedChannel);
        NiftiImage mr = mrLike(CT);
        List<NiftiImage> images = usedChannel == 0 ? List.of(CT, mr) : List.of(mr, CT);
        // bit for bit: the first convolution adds exact zeros for the channel it does not read
        assertArrayEquals(logits(single, List.of(CT)).data(), logits(two, images).data());
    }

    @Test
    void aChannelOnAnotherGridIsRefusedNamingBothFiles() throws IOException {
        NnunetModel two = twoChannel(List.of("CTNormalization", "ZScoreNormalization"), 0);
        NiftiImage mr = mrLike(CT);
        float[] shorter = Arrays.copyOf(mr.dataZyx().data(), 39 * 70 * 60);
        NiftiImage otherShape = new NiftiImage(new int[] {60, 70, 39}, mr.affine(), mr.pixdimXyz(), NiftiDataType.FLOAT32,
                new FloatTensor(new int[] {39, 70, 60}, shorter), 1f, 0f);
        double[] pixdim = mr.pixdimXyz();
        pixdim[2] = 2.5;
        NiftiImage otherSpacing = new NiftiImage(mr.shapeXyz(), mr.affine(), pixdim, NiftiDataType.FLOAT32, mr.dataZyx(), 1f, 0f);
        try (ForwardBackend b = CpuBackends.forModel(two, 1, CpuBackend.DEFAULT_MEMORY_BUDGET_BYTES)) {
            NnunetPredictor p = NnunetPredictor.open(two, b, OPTIONS);
            InputException shape = assertThrows(InputException.class,
                    () -> p.preprocess(List.of(CT, otherShape), List.of("in/a_0000.nii.gz", "in/a_0001.nii.gz")));
            assertEquals("in/a_0001.nii.gz is not on the grid of in/a_0000.nii.gz: shape zyx 39×70×60 vs 40×70×60; all channels "
                    + "of a case must share one grid: resample in/a_0001.nii.gz onto in/a_0000.nii.gz's grid first", shape.getMessage());
            InputException spacing = assertThrows(InputException.class,
                    () -> p.preprocess(List.of(CT, otherSpacing), List.of("in/a_0000.nii.gz", "in/a_0001.nii.gz")));
            assertTrue(spacing.getMessage().startsWith("in/a_0001.nii.gz is not on the grid of in/a_0000.nii.gz: spacing zyx [2.5, "),
                    spacing.getMessage());
        }
    }

    @Test
    void oneImageForATwoChannelModelIsRefusedNamingTheChannels() throws IOException {
        NnunetModel two = twoChannel(List.of("CTNormalization", "ZScoreNormalization"), 0);
        try (ForwardBackend b = CpuBackends.forModel(two, 1, CpuBackend.DEFAULT_MEMORY_BUDGET_BYTES)) {
            NnunetPredictor p = NnunetPredictor.open(two, b, OPTIONS);
            InputException e = assertThrows(InputException.class, () -> p.preprocess(List.of(CT), List.of("a_0000.nii.gz")));
            assertTrue(e.getMessage().contains("1 image(s) (a_0000.nii.gz)") && e.getMessage().contains("2 channels [CT, MR]"),
                    e.getMessage());
            InputException single = assertThrows(InputException.class, () -> p.preprocess(CT, "ct.nii.gz"));
            assertTrue(single.getMessage().contains("expects 2 input channels"), single.getMessage());
        }
    }
}

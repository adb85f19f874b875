package segshap.kernels.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import segshap.kernels.backend.ForwardBackend;
import segshap.kernels.cpu.CpuBackend;
import segshap.kernels.cpu.CpuBackends;
import segshap.kernels.model.ModelFolderLoader;
import segshap.kernels.model.NnunetModel;
import segshap.kernels.nifti.NiftiDataType;
import segshap.kernels.nifti.NiftiImage;
import segshap.kernels.nifti.NiftiReader;
import segshap.kernels.preprocess.PreprocessedCase;
import segshap.kernels.tensor.FloatTensor;
import segshap.kernels.tensor.Npy;
import segshap.kernels.window.AccumulationMode;
import segshap.kernels.window.TileProgress;

/** The whole predictor (checkpoint → NIfTI segmentation) on nnU-Net's fixture case. */
class NnunetPredictorFixtureTest {
    static final Path FIXTURES = Path.of("src/test/resources/fixtures/nnunet-v2");
    static final Path MODEL = FIXTURES.resolve("models/Dataset901_TinyCT/nnUNetTrainer__nnUNetPlans__3d_fullres");
    static final Path CASE = FIXTURES.resolve("cases/main");
    /** fp16 exports may differ from nnU-Net's in a few voxels where our tile logits differ in the last fp32 bits. */
    static final int MAX_FP16_LABEL_DIFFERENCES = 3;

    private static FloatTensor segment(AccumulationMode mode) {
        NnunetModel model = ModelFolderLoader.load(MODEL, null, null);
        NiftiImage ct = NiftiReader.read(CASE.resolve("input_0000.nii.gz"));
        try (ForwardBackend backend = CpuBackends.forModel(model, 2, CpuBackend.DEFAULT_MEMORY_BUDGET_BYTES)) {
            NnunetPredictor p = NnunetPredictor.open(model, backend, new NnunetPredictor.Options(4, false, mode));
            PreprocessedCase c = p.preprocess(ct, "input_0000.nii.gz");
            FloatTensor logits = p.predictLogits(c, TileProgress.NONE);
            NiftiImage seg = p.segmentationImage(ct, p.export(logits, c, false).segmentationZyx());
            assertEquals(NiftiDataType.UINT8, seg.dataType());
            assertArrayEquals(ct.affine(), seg.affine(), 0.0);
            return seg.dataZyx();
        }
    }

    @Test
    void float32SegmentationEqualsNnunetsExportOfFloat32Logits() {
        FloatTensor expected = Npy.read(CASE.resolve("plain/seg_from_fp32acc_zyx.npy"));
        assertArrayEquals(expected.data(), segment(AccumulationMode.FLOAT32).data());
    }

    @Test
    void float16SegmentationMatchesNnunetsOwnNifti() {
        FloatTensor expected = NiftiReader.read(CASE.resolve("plain/seg_export.nii.gz")).dataZyx();
        float[] e = expected.data(), a = segment(AccumulationMode.NNUNET_FLOAT16).data();
        int differ = 0;
        for (int i = 0; i < e.length; i++) if (e[i] != a[i]) differ++;
        assertTrue(differ <= MAX_FP16_LABEL_DIFFERENCES, differ + " voxels differ from nnU-Net's segmentation");
    }
}

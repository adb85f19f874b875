package segshap.kernels.window;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import segshap.kernels.tensor.FloatTensor;

/**
 * The predictor against torch replaying nnU-Net's fusion with real fp16/fp32 tensors (tools/make_window_refs.py)
 * on the RAMP fake network, which both sides compute exactly in float32: every result must be bit-equal.
 */
class SlidingWindowTorchReferenceTest {

    @ParameterizedTest(name = "{0} {1} mirror={2}")
    @CsvSource({
            "overlap, NNUNET_FLOAT16, '',    overlap_logits_fp16acc.npy",
            "overlap, FLOAT32,        '',    overlap_logits_fp32acc.npy",
            "overlap, FLOAT32,        '012', overlap_logits_fp32acc_mirror_zyx.npy",
            "overlap, NNUNET_FLOAT16, '12',  overlap_logits_fp16acc_mirror_yx.npy",
            "padded,  NNUNET_FLOAT16, '',    padded_logits_fp16acc.npy",
            "padded,  FLOAT32,        '',    padded_logits_fp32acc.npy"})
    void predictorReproducesTorchBitForBit(String caseName, AccumulationMode mode, String mirror, String reference) {
        FloatTensor input = WindowTestData.window(caseName + "_preprocessed_czyx.npy");
        int[] axes = mirror.chars().map(c -> c - '0').toArray();
        var predictor = new SlidingWindowPredictor(new FakeForwardBackend(FakeForwardBackend.Formula.RAMP),
                new SlidingWindowPredictor.Options(3, axes, mode, 0.5));
        FloatTensor logits = predictor.predictLogits(input, new int[] {8, 16, 16}, TileProgress.NONE);
        WindowTestData.assertBitEqual(WindowTestData.window(reference), logits, reference);
    }
}

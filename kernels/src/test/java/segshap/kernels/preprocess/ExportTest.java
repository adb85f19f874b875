package segshap.kernels.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import segshap.kernels.plans.NormalizationScheme;
import segshap.kernels.plans.ResamplingSpec;
import segshap.kernels.tensor.Box;
import segshap.kernels.tensor.FloatTensor;
import segshap.kernels.tensor.Npy;

class ExportTest {
    /** torch's vectorised float32 exp (Sleef) and Java's Math.exp rounded to float differ by an ulp at most. */
    static final double PROBABILITY_ABS_TOL = 1e-6;
    static final Path REFS = ResamplingMatchesNnunetTest.DIR;

    private static PreprocessedCase fixtureCase() {
        return new Preprocessor(Fixture.plan(new int[] {0, 1, 2}))
                .runCase(List.of(Fixture.channel0(Fixture.inputCzyx())), Fixture.SPACING_ZYX_MM);
    }

    private static int differing(FloatTensor a, FloatTensor b) {
        assertArrayEquals(a.shape(), b.shape());
        int n = 0;
        for (int i = 0; i < a.size(); i++) if (a.data()[i] != b.data()[i]) n++;
        return n;
    }

    private static double maxAbsDiff(FloatTensor a, FloatTensor b) {
        assertArrayEquals(a.shape(), b.shape());
        double m = 0;
        for (int i = 0; i < a.size(); i++) m = Math.max(m, Math.abs(a.data()[i] - b.data()[i]));
        return m;
    }

    @Test
    void fixtureFloat32LogitsGiveTheSegmentationNnunetExportsFromThem() {
        FloatTensor logits = Npy.read(Fixture.CASE.resolve("plain/logits_fp32acc.npy"));
        Export.Prediction p = Export.convertPredictedLogitsToSegmentationWithCorrectShape(logits, fixtureCase(),
                Fixture.spec("resampling_fn_probabilities"), new int[] {0, 1, 2}, Export.Options.DEFAULT);
        assertEquals(0, differing(Npy.read(Fixture.CASE.resolve("plain/seg_from_fp32acc_zyx.npy")), p.segmentationZyx()));
        assertNull(p.probabilitiesCzyx());
    }

    @Test
    void fixtureFloat16LogitsGiveNnunetsOwnSegmentationAndProbabilities() {
        FloatTensor logits = Npy.read(Fixture.CASE.resolve("plain/logits_nnunet_fp16acc.npy"));
        Export.Prediction p = Export.convertPredictedLogitsToSegmentationWithCorrectShape(logits, fixtureCase(),
                Fixture.spec("resampling_fn_probabilities"), new int[] {0, 1, 2}, new Export.Options(true, true));
        assertEquals(0, differing(Npy.read(Fixture.CASE.resolve("plain/seg_zyx.npy")), p.segmentationZyx()));
        double diff = maxAbsDiff(Npy.read(Fixture.CASE.resolve("plain/probabilities_czyx.npy")), p.probabilitiesCzyx());
        System.out.printf("fixture probabilities: max |diff| %.3g vs probabilities_czyx.npy%n", diff);
        assertEquals(0.0, diff, PROBABILITY_ABS_TOL, "probabilities_czyx.npy");
    }

    static PreprocessedCase refCase(JsonNode g) {
        int[] network = ResamplingMatchesNnunetTest.ints(g.get("networkShapeZyx"));
        JsonNode b = g.get("bbox");
        Box bbox = new Box(b.get(0).get(0).asInt(), b.get(1).get(0).asInt(), b.get(2).get(0).asInt(),
                b.get(0).get(1).asInt(), b.get(1).get(1).asInt(), b.get(2).get(1).asInt());
        return new PreprocessedCase(FloatTensor.zeros(1, network[0], network[1], network[2]),
                ResamplingMatchesNnunetTest.doubles(g.get("spacingZyxMm")), ResamplingMatchesNnunetTest.doubles(g.get("spacingTransposedZyxMm")),
                ResamplingMatchesNnunetTest.ints(g.get("shapeBeforeCroppingZyx")), bbox,
                ResamplingMatchesNnunetTest.ints(g.get("shapeAfterCroppingBeforeResamplingZyx")),
                ResamplingMatchesNnunetTest.doubles(g.get("targetSpacingZyxMm")));
    }

    @Test
    void croppedResampledTransposedCaseMatchesNnunetsExportLogic() throws IOException {
        JsonNode export = new ObjectMapper().readTree(REFS.resolve("cases.json").toFile()).get("export");
        PreprocessedCase c = refCase(export.get("geometry"));
        int[] tb = ResamplingMatchesNnunetTest.ints(export.get("geometry").get("transposeBackward"));
        ResamplingSpec spec = new ResamplingSpec(Resampling.RESAMPLE_TO_SHAPE, false, 1, 0, null);
        for (JsonNode e : export.get("cases")) {
            String name = e.get("name").asText();
            boolean fp16 = e.get("dtype").asText().equals("float16");
            FloatTensor logits = Npy.read(REFS.resolve(name + ".logits.npy"));
            Export.Prediction labelsOnly = Export.convertPredictedLogitsToSegmentationWithCorrectShape(logits, c, spec, tb,
                    new Export.Options(fp16, false));
            Export.Prediction withProbs = Export.convertPredictedLogitsToSegmentationWithCorrectShape(logits, c, spec, tb,
                    new Export.Options(fp16, true));
            FloatTensor seg = Npy.read(REFS.resolve(name + ".seg_zyx.npy"));
            assertArrayEquals(new int[] {12, 9, 10}, seg.shape(), "the case's own array order");
            assertEquals(0, differing(seg, labelsOnly.segmentationZyx()), name + " labels from logits");
            assertEquals(0, differing(seg, withProbs.segmentationZyx()), name + " labels from probabilities");
            double diff = maxAbsDiff(Npy.read(REFS.resolve(name + ".probabilities_czyx.npy")), withProbs.probabilitiesCzyx());
            System.out.printf("%s probabilities: max |diff| %.3g vs torch%n", name, diff);
            assertEquals(0.0, diff, PROBABILITY_ABS_TOL, name + " probabilities");
        }
    }

    @Test
    void float16StorageTurnsNearTiesIntoTiesThatTheFirstHeadWins() {
        // network grid 1×1×2 → cropped grid 1×1×4 (order 1). Head 0 is 1.0 everywhere; head 1 goes 1 → 1 + 2^-10.
        // At x = 1 head 1 resamples to 1 + 2^-12: larger in float32, but equal to 1.0 once stored as float16.
        PreprocessedCase c = new PreprocessedCase(FloatTensor.zeros(1, 1, 1, 2), new double[] {1, 1, 0.5},
                new double[] {1, 1, 0.5}, new int[] {1, 1, 4}, new Box(0, 0, 0, 1, 1, 4), new int[] {1, 1, 4}, new double[] {1, 1, 1});
        FloatTensor logits = new FloatTensor(new int[] {2, 1, 1, 2}, new float[] {1f, 1f, 1f, 1f + 0x1p-10f});
        ResamplingSpec spec = new ResamplingSpec(Resampling.RESAMPLE_TO_SHAPE, false, 1, 0, null);
        FloatTensor fp32 = Export.convertPredictedLogitsToSegmentationWithCorrectShape(logits, c, spec, new int[] {0, 1, 2},
                Export.Options.DEFAULT).segmentationZyx();
        FloatTensor fp16 = Export.convertPredictedLogitsToSegmentationWithCorrectShape(logits, c, spec, new int[] {0, 1, 2},
                new Export.Options(true, false)).segmentationZyx();
        assertArrayEquals(new float[] {0, 1, 1, 1}, fp32.data());
        assertArrayEquals(new float[] {0, 0, 1, 1}, fp16.data());
    }

    @Test
    void argmaxTakesTheFirstOfEqualMaximaAndTreatsNanAsMaximum() {
        // 4 voxels, 3 heads: tie between heads 1 and 2; all equal; clear max in head 2; NaN in head 1
        FloatTensor scores = new FloatTensor(new int[] {3, 1, 1, 4}, new float[] {
                0f, 1f, 1f, 5f,
                2f, 1f, 2f, Float.NaN,
                2f, 1f, 3f, 9f});
        assertArrayEquals(new float[] {1, 0, 2, 1}, Export.argmax(scores).data());
    }

    @Test
    void labelMapSurvivesTransposeCropAndExportInTheOriginalOrder() {
        // labels 0..3 placed asymmetrically in a 5×6×7 volume with a zero border; transpose_forward [2, 0, 1]
        FloatTensor labels = FloatTensor.zeros(5, 6, 7);
        for (int z = 1; z < 4; z++) for (int y = 2; y < 6; y++) for (int x = 0; x < 5; x++) labels.data()[(z * 6 + y) * 7 + x] = 1 + (z + 2 * y + 3 * x) % 3;
        int[] tf = {2, 0, 1};
        PreprocessingPlan plan = new PreprocessingPlan(tf, Transpose.permuted(new double[] {1.5, 1.0, 0.5}, tf),
                List.of(NormalizationScheme.NONE), List.of(false), List.of(),
                new ResamplingSpec(Resampling.RESAMPLE_TO_SHAPE, false, 3, 0, null));
        PreprocessedCase c = new Preprocessor(plan).runCase(List.of(labels), new double[] {1.5, 1.0, 0.5});
        assertEquals(new Box(0, 1, 2, 5, 4, 6), c.bboxUsedForCropping(), "transposed frame (x, z, y): x 0..4, z 1..3, y 2..5");

        // one-hot logits of the preprocessed labels: export must give the labels back where they were
        int[] grid = c.shapeZyx();
        int volume = grid[0] * grid[1] * grid[2];
        float[] logits = new float[4 * volume];
        for (int i = 0; i < volume; i++) logits[(int) c.dataCzyx().data()[i] * volume + i] = 1f;
        Export.Prediction p = Export.convertPredictedLogitsToSegmentationWithCorrectShape(
                new FloatTensor(new int[] {4, grid[0], grid[1], grid[2]}, logits), c,
                new ResamplingSpec(Resampling.RESAMPLE_TO_SHAPE, false, 1, 0, null), Transpose.inverse(tf), new Export.Options(false, true));
        assertEquals(labels, p.segmentationZyx());
        // outside the crop the probabilities say background for sure
        assertEquals(1f, p.probabilitiesCzyx().data()[0]);
        assertEquals(0f, p.probabilitiesCzyx().data()[5 * 6 * 7]);
    }
}

package segshap.kernels.preprocess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import segshap.kernels.plans.IntensityProperties;
import segshap.kernels.plans.NormalizationScheme;
import segshap.kernels.plans.ResamplingSpec;
import segshap.kernels.tensor.FloatTensor;
import segshap.kernels.tensor.Npy;

/** The nnU-Net v2 fixture (Dataset901_TinyCT, case main) and the preprocessing fields of its plans. */
final class Fixture {
    static final Path ROOT = Path.of("src/test/resources/fixtures/nnunet-v2");
    static final Path CASE = ROOT.resolve("cases/main");
    static final Path PLANS = ROOT.resolve("models/Dataset901_TinyCT/nnUNetTrainer__nnUNetPlans__3d_fullres/plans.json");
    /** pixdim of input_0000.nii.gz (float32 in the header), reversed to (z, y, x). */
    static final double[] SPACING_ZYX_MM = {2.0, (double) 0.8f, (double) 0.8f};

    private Fixture() {}

    static JsonNode plans() {
        try {
            return new ObjectMapper().readTree(PLANS.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static IntensityProperties intensityProperties() {
        JsonNode p = plans().get("foreground_intensity_properties_per_channel").get("0");
        return new IntensityProperties(p.get("mean").asDouble(), p.get("std").asDouble(),
                p.get("percentile_00_5").asDouble(), p.get("percentile_99_5").asDouble(),
                p.get("min").asDouble(), p.get("max").asDouble());
    }

    static ResamplingSpec spec(String field) {
        JsonNode c = plans().get("configurations").get("3d_fullres");
        JsonNode kw = c.get(field + "_kwargs");
        return new ResamplingSpec(c.get(field).asText(), kw.get("is_seg").asBoolean(), kw.get("order").asInt(),
                kw.get("order_z").asInt(), kw.get("force_separate_z").isNull() ? null : kw.get("force_separate_z").asBoolean());
    }

    static double[] targetSpacing() {
        JsonNode s = plans().get("configurations").get("3d_fullres").get("spacing");
        return new double[] {s.get(0).asDouble(), s.get(1).asDouble(), s.get(2).asDouble()};
    }

    /** The plans' 3d_fullres preprocessing fields with another transpose_forward. */
    static PreprocessingPlan plan(int[] transposeForward) {
        return new PreprocessingPlan(transposeForward, targetSpacing(), List.of(NormalizationScheme.CT), List.of(false),
                List.of(intensityProperties()), spec("resampling_fn_data"));
    }

    static FloatTensor inputCzyx() {
        return Npy.read(CASE.resolve("input_czyx.npy"));
    }

    static FloatTensor preprocessedCzyx() {
        return Npy.read(CASE.resolve("preprocessed_czyx.npy"));
    }

    /** Channel 0 of a (1, z, y, x) tensor as a (z, y, x) volume. */
    static FloatTensor channel0(FloatTensor czyx) {
        int[] s = czyx.shape();
        return new FloatTensor(new int[] {s[1], s[2], s[3]}, java.util.Arrays.copyOf(czyx.data(), s[1] * s[2] * s[3]));
    }
}

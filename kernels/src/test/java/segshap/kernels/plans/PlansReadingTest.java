package segshap.kernels.plans;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.kernels.InputException;
import segshap.kernels.backend.Architecture;
import segshap.kernels.backend.NetworkSpec;
import segshap.kernels.model.ModelFixtures;

/** plans.json → ConfigurationPlan, on the fixture's genuine plans and edited copies of them. */
class PlansReadingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARCH = "configurations.3d_fullres.architecture";
    private static final String KW = ARCH + ".arch_kwargs";

    @TempDir
    Path dir;

    private static DatasetJson dataset() {
        return DatasetJson.read(ModelFixtures.TINY_CT.resolve("dataset.json"));
    }

    @Test
    void theFixturePlansGiveEveryConfigurationField() {
        ConfigurationPlan p = NnunetPlansReader.read(ModelFixtures.TINY_CT.resolve("plans.json"), "3d_fullres", dataset());
        assertEquals("3d_fullres", p.name());
        assertArrayEquals(new int[] {16, 32, 32}, p.patchSizeZyx());
        assertArrayEquals(new double[] {2.0, 0.800000011920929, 0.800000011920929}, p.spacingZyxMm(), 0.0);
        assertArrayEquals(new int[] {0, 1, 2}, p.transposeForward());
        assertArrayEquals(new int[] {0, 1, 2}, p.transposeBackward());
        assertEquals(List.of(NormalizationScheme.CT), p.normalization());
        assertEquals(List.of(false), p.useMaskForNorm());
        assertEquals(List.of(new IntensityProperties(99.32644653320312, 92.98027038574219, -109.55888366699219,
                200.944580078125, -146.19911193847656, 235.602294921875)), p.intensityProperties());
        assertEquals(new ResamplingSpec("resample_data_or_seg_to_shape", false, 3, 0, null), p.resamplingData());
        assertEquals(new ResamplingSpec("resample_data_or_seg_to_shape", false, 1, 0, null), p.resamplingProbabilities());
    }

    @Test
    void theFixtureNetworkMatchesTheFixtureReadme() {
        NetworkSpec n = NnunetPlansReader.read(ModelFixtures.TINY_CT.resolve("plans.json"), "3d_fullres", dataset()).network();
        NetworkSpec expected = new NetworkSpec(Architecture.PLAIN_CONV_UNET, 1, 3, new int[] {4, 8, 16, 32},
                new int[][] {{1, 3, 3}, {3, 3, 3}, {3, 3, 3}, {3, 3, 3}},
                new int[][] {{1, 1, 1}, {1, 2, 2}, {2, 2, 2}, {2, 2, 2}},
                new int[] {2, 2, 2, 2}, new int[] {2, 2, 2}, true, 1e-5, 0.01);
        assertEquals(expected, n);
        assertArrayEquals(new int[] {4, 8, 8}, n.totalStrideZyx());
    }

    @Test
    void theResEncPlansGiveBlocksPerStage() {
        NetworkSpec n = NnunetPlansReader.read(ModelFixtures.RESENC.resolve("plans.json"), "3d_fullres", dataset()).network();
        assertEquals(Architecture.RESIDUAL_ENCODER_UNET, n.architecture());
        assertArrayEquals(new int[] {2, 4, 8, 8}, n.featuresPerStage());
        assertArrayEquals(new int[] {1, 2, 2, 1}, n.blocksPerStage());
        assertArrayEquals(new int[] {1, 1, 1}, n.convsPerStageDecoder());
    }

    @Test
    void inheritedConfigurationsOverrideTheParentsTopLevelKeys() throws IOException {
        Path plans = editPlans(root -> {
            ObjectNode child = ((ObjectNode) root.get("configurations")).putObject("3d_big_patch");
            child.put("inherits_from", "3d_fullres");
            child.putArray("patch_size").add(32).add(64).add(64);
        });
        ConfigurationPlan p = NnunetPlansReader.read(plans, "3d_big_patch", dataset());
        assertEquals("3d_big_patch", p.name());
        assertArrayEquals(new int[] {32, 64, 64}, p.patchSizeZyx());
        assertArrayEquals(new int[] {4, 8, 16, 32}, p.network().featuresPerStage());
    }

    @Test
    void inheritanceCyclesAreRejected() throws IOException {
        Path plans = editPlans(root -> {
            ObjectNode c = (ObjectNode) root.get("configurations");
            c.putObject("a").put("inherits_from", "b");
            c.putObject("b").put("inherits_from", "a");
        });
        InputException e = assertThrows(InputException.class, () -> NnunetPlansReader.read(plans, "a", dataset()));
        assertEquals(plans + ": configurations.a.inherits_from: circular inheritance [a, b] → a; make one "
                + "configuration stand alone", e.getMessage());
    }

    @Test
    void legacyIntensityPropertiesNameIsRead() throws IOException {
        Path plans = editPlans(root -> root.set("foreground_intensity_properties_by_modality",
                root.remove("foreground_intensity_properties_per_channel")));
        ConfigurationPlan p = NnunetPlansReader.read(plans, "3d_fullres", dataset());
        assertEquals(99.32644653320312, p.intensityProperties().get(0).mean(), 0.0);
    }

    @Test
    void legacyPlansWithoutArchitectureAreRebuiltAsNnunetDoes() throws IOException {
        Path plans = editPlans(root -> {
            ObjectNode c = (ObjectNode) root.get("configurations").get("3d_fullres");
            c.remove("architecture");
            c.put("UNet_class_name", "PlainConvUNet");
            c.put("UNet_base_num_features", 4);
            c.put("unet_max_num_features", 16);
            c.set("n_conv_per_stage_encoder", JSON.valueToTree(new int[] {2, 2, 2, 2}));
            c.set("n_conv_per_stage_decoder", JSON.valueToTree(new int[] {2, 2, 2}));
            c.set("conv_kernel_sizes", JSON.valueToTree(new int[][] {{1, 3, 3}, {3, 3, 3}, {3, 3, 3}, {3, 3, 3}}));
            c.set("pool_op_kernel_sizes", JSON.valueToTree(new int[][] {{1, 1, 1}, {1, 2, 2}, {2, 2, 2}, {2, 2, 2}}));
        });
        NetworkSpec n = NnunetPlansReader.read(plans, "3d_fullres", dataset()).network();
        assertArrayEquals(new int[] {4, 8, 16, 16}, n.featuresPerStage()); // min(base·2^i, max)
        assertEquals(0.01, n.leakySlope(), 0.0);
        assertEquals(true, n.convBias());
    }

    @Test
    void leakySlopeComesFromNonlinKwargsAndReluMeansZero() throws IOException {
        Path plans = editPlans(root -> kwargs(root).putObject("nonlin_kwargs").put("negative_slope", 0.2));
        assertEquals(0.2, NnunetPlansReader.read(plans, "3d_fullres", dataset()).network().leakySlope(), 0.0);
        Path relu = editPlans(root -> kwargs(root).put("nonlin", "torch.nn.ReLU"));
        assertEquals(0.0, NnunetPlansReader.read(relu, "3d_fullres", dataset()).network().leakySlope(), 0.0);
    }

    @Test
    void missingForceSeparateZTakesTheFunctionDefaultFalse() throws IOException {
        Path plans = editPlans(root -> ((ObjectNode) root.get("configurations").get("3d_fullres")
                .get("resampling_fn_data_kwargs")).remove("force_separate_z"));
        ResamplingSpec r = NnunetPlansReader.read(plans, "3d_fullres", dataset()).resamplingData();
        assertEquals(Boolean.FALSE, r.forceSeparateZ());
        assertNull(NnunetPlansReader.read(ModelFixtures.TINY_CT.resolve("plans.json"), "3d_fullres", dataset())
                .resamplingData().forceSeparateZ());
    }

    @Test
    void anUnsupportedArchitectureClassNamesTheField() throws IOException {
        Path plans = editPlans(root -> ((ObjectNode) root.get("configurations").get("3d_fullres").get("architecture"))
                .put("network_class_name", "dynamic_network_architectures.architectures.primus.Primus"));
        assertError(plans, ARCH + ".network_class_name: unsupported architecture "
                + "'dynamic_network_architectures.architectures.primus.Primus'; supported: "
                + "dynamic_network_architectures.architectures.unet.PlainConvUNet, "
                + "dynamic_network_architectures.architectures.unet.ResidualEncoderUNet");
    }

    @Test
    void anUnsupportedNormOpNamesTheField() throws IOException {
        Path plans = editPlans(root -> kwargs(root).put("norm_op", "torch.nn.BatchNorm3d"));
        assertError(plans, KW + ".norm_op: is 'torch.nn.BatchNorm3d'; only "
                + "torch.nn.modules.instancenorm.InstanceNorm3d is supported");
    }

    @Test
    void instanceNormWithoutAffineIsRejected() throws IOException {
        Path plans = editPlans(root -> ((ObjectNode) kwargs(root).get("norm_op_kwargs")).remove("affine"));
        assertError(plans, KW + ".norm_op_kwargs.affine: must be true (nnU-Net's default); InstanceNorm without "
                + "affine parameters is not supported");
    }

    @Test
    void aTwoDimensionalConfigurationIsRejected() {
        InputException e = assertThrows(InputException.class,
                () -> NnunetPlansReader.read(ModelFixtures.TINY_CT.resolve("plans.json"), "2d", dataset()));
        assertEquals(ModelFixtures.TINY_CT.resolve("plans.json") + ": configurations.2d.patch_size: has 2 entries "
                + "[80, 64]; only 3D configurations (such as 3d_fullres) are supported", e.getMessage());
    }

    @Test
    void anUnknownConfigurationListsTheAvailableOnes() {
        InputException e = assertThrows(InputException.class,
                () -> NnunetPlansReader.read(ModelFixtures.TINY_CT.resolve("plans.json"), "3d_lowres", dataset()));
        assertEquals(ModelFixtures.TINY_CT.resolve("plans.json") + ": configurations: has no configuration "
                + "'3d_lowres'; available: [2d, 3d_fullres]", e.getMessage());
    }

    @Test
    void resEncVariantsOutsideBasicBlockDAreRejected() throws IOException {
        Path bottleneck = editResEncPlans(root -> kwargs(root).put("block",
                "dynamic_network_architectures.building_blocks.residual.BottleneckD"));
        assertError(bottleneck, KW + ".block: is 'dynamic_network_architectures.building_blocks.residual.BottleneckD'; "
                + "only BasicBlockD residual blocks are supported");
        Path stem = editResEncPlans(root -> kwargs(root).put("stem_channels", 16));
        assertError(stem, KW + ".stem_channels: is 16; only the default stem width features_per_stage[0] = 2 is supported");
        Path channels = editResEncPlans(root -> kwargs(root).put("bottleneck_channels", 4));
        assertError(channels, KW + ".bottleneck_channels: is 4; bottleneck blocks are not supported (must be null or absent)");
        Path plainKey = editResEncPlans(root -> kwargs(root).put("nonlin_first", false));
        assertError(plainKey, KW + ".nonlin_first: unsupported argument of ResidualEncoderUNet (segshap cannot build "
                + "that variant)");
    }

    @Test
    void aChannelCountDifferentFromDatasetJsonIsRejected() throws IOException {
        Path plans = editPlans(root -> ((ObjectNode) root.get("configurations").get("3d_fullres"))
                .set("normalization_schemes", JSON.valueToTree(List.of("CTNormalization", "ZScoreNormalization"))));
        InputException e = assertThrows(InputException.class, () -> NnunetPlansReader.read(plans, "3d_fullres", dataset()));
        assertEquals(plans + ": configurations.3d_fullres.normalization_schemes: has 2 entries but "
                + dataset().source() + " declares 1 input channels; plans.json and dataset.json do not belong together",
                e.getMessage());
    }

    @Test
    void anUnknownResamplingFunctionIsRejected() throws IOException {
        Path plans = editPlans(root -> ((ObjectNode) root.get("configurations").get("3d_fullres"))
                .put("resampling_fn_data", "resample_torch_fornnunet"));
        assertError(plans, "configurations.3d_fullres.resampling_fn_data: unsupported resampling function "
                + "'resample_torch_fornnunet'; supported: [no_resampling_hack, resample_data_or_seg_to_shape, "
                + "resample_data_or_seg_to_spacing]");
    }

    @Test
    void aMissingPlansFileIsNamed() {
        Path plans = dir.resolve("plans.json");
        InputException e = assertThrows(InputException.class, () -> NnunetPlansReader.read(plans, "3d_fullres", dataset()));
        assertEquals(plans + " not found; expected nnU-Net's plans.json (copied into the model folder by training)",
                e.getMessage());
    }

    private void assertError(Path plans, String fieldMessage) {
        InputException e = assertThrows(InputException.class, () -> NnunetPlansReader.read(plans, "3d_fullres", dataset()));
        assertEquals(plans + ": " + fieldMessage, e.getMessage());
    }

    private static ObjectNode kwargs(ObjectNode root) {
        return (ObjectNode) root.get("configurations").get("3d_fullres").get("architecture").get("arch_kwargs");
    }

    private Path editPlans(Consumer<ObjectNode> edit) throws IOException {
        return edit(ModelFixtures.TINY_CT.resolve("plans.json"), edit);
    }

    private Path editResEncPlans(Consumer<ObjectNode> edit) throws IOException {
        return edit(ModelFixtures.RESENC.resolve("plans.json"), edit);
    }

    private Path edit(Path source, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(source.toFile());
        edit.accept(root);
        Path out = Files.createTempDirectory(dir, "plans").resolve("plans.json");
        JSON.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), root);
        return out;
    }
}

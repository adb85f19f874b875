package segshap.kernels.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.kernels.InputException;
import segshap.kernels.backend.Architecture;
import segshap.kernels.backend.ModelWeights;
import segshap.kernels.checkpoint.TorchCheckpointReader;

/** Whole model folders: the fixture, the ResEnc folder, and broken copies of them. */
class ModelFolderLoadingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theFixtureFolderLoadsWithAutoDetectedFolds() {
        NnunetModel m = ModelFolderLoader.load(ModelFixtures.TINY_CT, null, null);
        assertEquals(List.of("fold_0"), m.foldNames());
        assertEquals("nnUNetTrainer", m.trainerName());
        assertEquals("3d_fullres", m.configurationName());
        assertArrayEquals(new int[] {0, 1, 2}, m.inferenceAllowedMirroringAxes());
        assertEquals(List.of(), m.warnings());
        assertEquals(68, m.foldWeights().get(0).tensors().size());
        assertEquals(3, m.network().numHeads());
        assertArrayEquals(new int[] {16, 32, 32}, m.plan().patchSizeZyx());
    }

    @Test
    void explicitFoldsAndConfigurationAreHonoured() {
        NnunetModel m = ModelFolderLoader.load(ModelFixtures.TINY_CT, new int[] {0}, "3d_fullres");
        assertEquals(List.of("fold_0"), m.foldNames());
    }

    @Test
    void theResEncFolderLoads() {
        NnunetModel m = ModelFolderLoader.load(ModelFixtures.RESENC, null, null);
        assertEquals(Architecture.RESIDUAL_ENCODER_UNET, m.network().architecture());
        assertEquals(82, m.foldWeights().get(0).tensors().size());
    }

    @Test
    void foldsAreAutoDetectedInNumericOrder() throws IOException {
        Path model = ModelFixtures.copyModel(ModelFixtures.TINY_CT, dir);
        for (String f : List.of("fold_10", "fold_2")) {
            Files.createDirectories(model.resolve(f));
            Files.copy(model.resolve("fold_0/checkpoint_final.pth"), model.resolve(f).resolve("checkpoint_final.pth"));
        }
        Files.createDirectories(model.resolve("fold_3")); // no checkpoint: not a finished fold
        Files.createDirectories(model.resolve("fold_all"));
        NnunetModel m = ModelFolderLoader.load(model, null, null);
        assertEquals(List.of("fold_0", "fold_2", "fold_10"), m.foldNames());
    }

    @Test
    void aMissingPlansJsonIsNamed() throws IOException {
        Path model = ModelFixtures.copyModel(ModelFixtures.TINY_CT, dir);
        Files.delete(model.resolve("plans.json"));
        InputException e = assertThrows(InputException.class, () -> ModelFolderLoader.load(model, null, null));
        assertEquals(model.resolve("plans.json") + " not found; the model folder " + model + " must hold plans.json "
                + "and dataset.json as nnU-Net training writes them", e.getMessage());
    }

    @Test
    void aMissingFoldFolderIsNamedWithTheAvailableFolds() throws IOException {
        Path model = ModelFixtures.copyModel(ModelFixtures.TINY_CT, dir);
        InputException e = assertThrows(InputException.class, () -> ModelFolderLoader.load(model, new int[] {0, 1}, null));
        assertEquals(model.resolve("fold_1") + " not found; the model folder " + model + " has no fold_1 (available: "
                + "[fold_0])", e.getMessage());
    }

    @Test
    void aFoldWithoutCheckpointIsNamed() throws IOException {
        Path model = ModelFixtures.copyModel(ModelFixtures.TINY_CT, dir);
        Files.createDirectories(model.resolve("fold_all"));
        InputException e = assertThrows(InputException.class,
                () -> ModelFolderLoader.load(model, new int[] {ModelFolderLoader.FOLD_ALL}, null));
        assertEquals(model.resolve("fold_all/checkpoint_final.pth") + " not found; training of fold_all has not finished",
                e.getMessage());
    }

    @Test
    void aFolderWithoutAnyFinishedFoldIsRejected() throws IOException {
        Path model = ModelFixtures.copyModel(ModelFixtures.TINY_CT, dir);
        Files.delete(model.resolve("fold_0/checkpoint_final.pth"));
        InputException e = assertThrows(InputException.class, () -> ModelFolderLoader.load(model, null, null));
        assertEquals("no fold_<N>/checkpoint_final.pth in " + model + "; training has not finished "
                + "(checkpoint_final.pth is written at the end) or folds are elsewhere", e.getMessage());
    }

    @Test
    void aWeightShapeMismatchNamesCheckpointKeyAndBothShapes() throws IOException {
        Path model = ModelFixtures.copyModel(ModelFixtures.TINY_CT, dir);
        editPlans(model, kw -> kw.set("features_per_stage", JSON.valueToTree(new int[] {4, 8, 16, 64})));
        InputException e = assertThrows(InputException.class, () -> ModelFolderLoader.load(model, null, null));
        assertEquals(model.resolve("fold_0/checkpoint_final.pth") + ": weight 'encoder.stages.3.0.convs.0.conv.weight' "
                + "has shape [32, 16, 3, 3, 3] but plans.json implies [64, 16, 3, 3, 3]; the checkpoint does not "
                + "belong to these plans", e.getMessage());
    }

    @Test
    void aMissingWeightKeyIsNamed() throws IOException {
        Path model = ModelFixtures.copyModel(ModelFixtures.TINY_CT, dir);
        editPlans(model, kw -> kw.set("n_conv_per_stage", JSON.valueToTree(new int[] {2, 2, 2, 3})));
        InputException e = assertThrows(InputException.class, () -> ModelFolderLoader.load(model, null, null));
        assertEquals(model.resolve("fold_0/checkpoint_final.pth") + ": missing weight "
                + "'encoder.stages.3.0.convs.2.conv.weight' required by the architecture in plans.json", e.getMessage());
    }

    @Test
    void weightsThePlansDoNotHaveAreRejected() throws IOException {
        Path model = ModelFixtures.copyModel(ModelFixtures.TINY_CT, dir);
        editPlans(model, kw -> kw.set("n_conv_per_stage_decoder", JSON.valueToTree(new int[] {2, 2, 1})));
        InputException e = assertThrows(InputException.class, () -> ModelFolderLoader.load(model, null, null));
        assertEquals(model.resolve("fold_0/checkpoint_final.pth") + ": 4 weight(s) that the PLAIN_CONV_UNET in "
                + "plans.json does not have, e.g. [decoder.stages.2.convs.1.conv.bias, "
                + "decoder.stages.2.convs.1.conv.weight, decoder.stages.2.convs.1.norm.bias, "
                + "decoder.stages.2.convs.1.norm.weight]; the checkpoint was trained with another architecture or trainer",
                e.getMessage());
    }

    @Test
    void aConfigurationOtherThanTheTrainedOneIsRejected() {
        InputException e = assertThrows(InputException.class,
                () -> ModelFolderLoader.load(ModelFixtures.TINY_CT, null, "3d_lowres"));
        assertEquals("configuration '3d_lowres' was requested but the checkpoints in " + ModelFixtures.TINY_CT
                + " were trained as '3d_fullres' (init_args['configuration']); pick the model folder of '3d_lowres' "
                + "or drop the configuration option", e.getMessage());
    }

    @Test
    void safetensorsFoldsUseThePluggedReader() throws IOException {
        Path model = safetensorsOnlyModel("nnUNetTrainer_5epochs__nnUNetPlans__3d_fullres");
        List<Path> asked = new ArrayList<>();
        ModelWeights fixtureWeights = TorchCheckpointReader.read(ModelFixtures.TINY_CT_CHECKPOINT).networkWeights();
        Function<Path, ModelWeights> reader = p -> {
            asked.add(p);
            return fixtureWeights;
        };
        NnunetModel m = ModelFolderLoader.load(model, null, null, reader);
        assertEquals(List.of(model.resolve("fold_0/network_weights.safetensors")), asked);
        assertSame(fixtureWeights, m.foldWeights().get(0));
        assertEquals("3d_fullres", m.configurationName());
        assertEquals("nnUNetTrainer_5epochs", m.trainerName());
        assertEquals(null, m.inferenceAllowedMirroringAxes());
        assertEquals(List.of(
                "no checkpoint names the trainer; assuming 'nnUNetTrainer_5epochs' from the folder name "
                        + "nnUNetTrainer_5epochs__nnUNetPlans__3d_fullres",
                "trainer 'nnUNetTrainer_5epochs' is not nnUNetTrainer; assuming it builds the network from plans.json "
                        + "as nnUNetTrainer does (its weights match the plans)",
                "no checkpoint names the configuration; using '3d_fullres' from the folder name"), m.warnings());
    }

    @Test
    void safetensorsWithoutAReaderAreNotEnough() throws IOException {
        Path model = safetensorsOnlyModel("nnUNetTrainer__nnUNetPlans__3d_fullres");
        InputException e = assertThrows(InputException.class, () -> ModelFolderLoader.load(model, new int[] {0}, null));
        assertEquals(model.resolve("fold_0/checkpoint_final.pth") + " not found (only [network_weights.safetensors], "
                + "and this caller reads .pth checkpoints only); training of fold_0 has not finished", e.getMessage());
    }

    @Test
    void trainersThatMayBuildAnotherNetworkAreRejected() throws IOException {
        Path model = safetensorsOnlyModel("MyTrainer__nnUNetPlans__3d_fullres");
        InputException e = assertThrows(InputException.class, () -> ModelFolderLoader.load(model, null, null,
                p -> TorchCheckpointReader.read(ModelFixtures.TINY_CT_CHECKPOINT).networkWeights()));
        assertEquals("trainer 'MyTrainer' of " + model + " is not supported: it may build a network other than the "
                + "one plans.json describes; supported: nnUNetTrainer and its training-only variants "
                + "(nnUNetTrainer_<N>epochs, nnUNetTrainerNoMirroring, …)", e.getMessage());
    }

    private Path safetensorsOnlyModel(String name) throws IOException {
        Path model = dir.resolve(name);
        Files.createDirectories(model.resolve("fold_0"));
        Files.copy(ModelFixtures.TINY_CT.resolve("plans.json"), model.resolve("plans.json"));
        Files.copy(ModelFixtures.TINY_CT.resolve("dataset.json"), model.resolve("dataset.json"));
        Files.copy(ModelFixtures.TINY_CT.resolve("fold_0/network_weights.safetensors"),
                model.resolve("fold_0/network_weights.safetensors"));
        return model;
    }

    private static void editPlans(Path model, Consumer<ObjectNode> editArchKwargs) throws IOException {
        Path plans = model.resolve("plans.json");
        ObjectNode root = (ObjectNode) JSON.readTree(plans.toFile());
        editArchKwargs.accept((ObjectNode) root.get("configurations").get("3d_fullres").get("architecture").get("arch_kwargs"));
        JSON.writeValue(plans.toFile(), root);
    }
}

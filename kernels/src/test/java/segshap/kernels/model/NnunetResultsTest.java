package segshap.kernels.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.kernels.InputException;

/** nnU-Net's -d/-c/-tr/-p naming and -chk, on an {@code $nnUNet_results} tree with two trainers and two folds. */
class NnunetResultsTest {
    @TempDir Path results;

    /** Dataset901_TinyCT with nnUNetTrainer (folds 0 and 1, fold 1 also with checkpoint_best) and a second trainer. */
    private Path tree() throws IOException {
        Path dataset = results.resolve("Dataset901_TinyCT");
        Path plain = ModelFixtures.copyModel(ModelFixtures.TINY_CT, dataset);
        Files.createDirectories(plain.resolve("fold_1"));
        Files.copy(plain.resolve("fold_0/checkpoint_final.pth"), plain.resolve("fold_1/checkpoint_final.pth"));
        Files.copy(plain.resolve("fold_0/checkpoint_final.pth"), plain.resolve("fold_1/checkpoint_best.pth"));
        Path other = dataset.resolve("nnUNetTrainer_250epochs__nnUNetPlans__3d_fullres");
        Files.createDirectories(other.resolve("fold_1"));
        Files.copy(plain.resolve("plans.json"), other.resolve("plans.json"));
        Files.copy(plain.resolve("dataset.json"), other.resolve("dataset.json"));
        Files.copy(plain.resolve("fold_0/checkpoint_final.pth"), other.resolve("fold_1/checkpoint_final.pth"));
        Files.createDirectories(results.resolve("Dataset017_Spleen"));
        return dataset;
    }

    @Test
    void aDatasetIsFoundByIdPaddedOrNotAndByName() throws IOException {
        tree();
        for (String d : List.of("901", "0901", "Dataset901_TinyCT")) {
            assertEquals(results.resolve("Dataset901_TinyCT/nnUNetTrainer__nnUNetPlans__3d_fullres"),
                    NnunetResults.modelFolder(results, d, NnunetResults.DEFAULT_TRAINER, NnunetResults.DEFAULT_PLANS, "3d_fullres"), d);
        }
        assertEquals("Dataset017_Spleen", NnunetResults.datasetName(results, "17"));
    }

    @Test
    void theTrainerPicksItsFolderAndItsFolds() throws IOException {
        tree();
        Path other = NnunetResults.modelFolder(results, "901", "nnUNetTrainer_250epochs", NnunetResults.DEFAULT_PLANS, "3d_fullres");
        assertEquals("nnUNetTrainer_250epochs__nnUNetPlans__3d_fullres", other.getFileName().toString());
        assertEquals(List.of("fold_1"), ModelFolderLoader.load(other, null, "3d_fullres").foldNames());
        Path plain = NnunetResults.modelFolder(results, "901", NnunetResults.DEFAULT_TRAINER, NnunetResults.DEFAULT_PLANS, "3d_fullres");
        assertEquals(List.of("fold_0", "fold_1"), ModelFolderLoader.load(plain, null, null).foldNames());
        assertEquals(List.of("fold_1"), ModelFolderLoader.load(plain, new int[] {1}, null).foldNames());
    }

    @Test
    void anotherCheckpointIsLoadedFromEachFoldAndFoldsWithoutItAreNotDetected() throws IOException {
        Path plain = tree().resolve("nnUNetTrainer__nnUNetPlans__3d_fullres");
        NnunetModel best = ModelFolderLoader.load(plain, null, null, "checkpoint_best.pth", null);
        assertEquals(List.of("fold_1"), best.foldNames());
        assertTrue(best.foldWeights().get(0).source().endsWith("fold_1/checkpoint_best.pth"), best.foldWeights().get(0).source());
        InputException missing = assertThrows(InputException.class,
                () -> ModelFolderLoader.load(plain, new int[] {0, 1}, null, "checkpoint_best.pth", null));
        assertTrue(missing.getMessage().contains("fold_0/checkpoint_best.pth not found")
                && missing.getMessage().contains("checkpoint_final.pth"), missing.getMessage());
        InputException none = assertThrows(InputException.class,
                () -> ModelFolderLoader.load(plain, null, null, "checkpoint_latest.pth", null));
        assertTrue(none.getMessage().contains("no fold_<N>/checkpoint_latest.pth"), none.getMessage());
        assertThrows(InputException.class, () -> ModelFolderLoader.load(plain, null, null, "../x.pth", null));
    }

    @Test
    void wrongNamesAreRefusedWithWhatTheResultsRootHolds() throws IOException {
        tree();
        InputException trainer = assertThrows(InputException.class,
                () -> NnunetResults.modelFolder(results, "901", "nnUNetTrainerX", NnunetResults.DEFAULT_PLANS, "3d_fullres"));
        assertTrue(trainer.getMessage().contains("nnUNetTrainerX__nnUNetPlans__3d_fullres")
                && trainer.getMessage().contains("nnUNetTrainer_250epochs__nnUNetPlans__3d_fullres"), trainer.getMessage());
        InputException id = assertThrows(InputException.class, () -> NnunetResults.datasetName(results, "5"));
        assertTrue(id.getMessage().contains("Dataset005_") && id.getMessage().contains("Dataset017_Spleen"), id.getMessage());
        Files.createDirectories(results.resolve("Dataset017_Liver"));
        InputException twice = assertThrows(InputException.class, () -> NnunetResults.datasetName(results, "17"));
        assertTrue(twice.getMessage().contains("Dataset017_Liver, Dataset017_Spleen"), twice.getMessage());
        assertThrows(InputException.class, () -> NnunetResults.datasetName(results, "spleen"));
        assertThrows(InputException.class, () -> NnunetResults.datasetName(results.resolve("absent"), "17"));
    }
}

package segshap.kernels.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Paths of the model test resources and a helper to copy a model folder for editing; public because the
 * checkpoint and plans tests read the same folders.
 */
public final class ModelFixtures {
    public static final Path TINY_CT = Path.of("src/test/resources/fixtures/nnunet-v2/models/Dataset901_TinyCT/"
            + "nnUNetTrainer__nnUNetPlans__3d_fullres");
    public static final Path TINY_CT_CHECKPOINT = TINY_CT.resolve("fold_0/checkpoint_final.pth");
    public static final Path RESENC = Path.of("src/test/resources/model/resenc/nnUNetTrainer__nnUNetResEncUNetMPlans__3d_fullres");
    public static final Path RESENC_CHECKPOINT = RESENC.resolve("fold_0/checkpoint_final.pth");
    public static final Path PICKLE = Path.of("src/test/resources/model/pickle");

    private ModelFixtures() {}

    /** Copies plans.json, dataset.json and every fold_N/checkpoint_final.pth of {@code model} into {@code dir}. */
    public static Path copyModel(Path model, Path dir) throws IOException {
        Path out = dir.resolve(model.getFileName());
        Files.createDirectories(out);
        Files.copy(model.resolve("plans.json"), out.resolve("plans.json"));
        Files.copy(model.resolve("dataset.json"), out.resolve("dataset.json"));
        try (Stream<Path> s = Files.list(model)) {
            for (Path fold : (Iterable<Path>) s.filter(p -> p.getFileName().toString().startsWith("fold_"))::iterator) {
                Files.createDirectories(out.resolve(fold.getFileName()));
                Files.copy(fold.resolve("checkpoint_final.pth"), out.resolve(fold.getFileName()).resolve("checkpoint_final.pth"));
            }
        }
        return out;
    }
}

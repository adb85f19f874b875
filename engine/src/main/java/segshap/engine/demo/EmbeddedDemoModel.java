package segshap.engine.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The small nnU-Net v2 model shipped inside segshap (trained on phantoms by {@code tools/train_demo_model.py}),
 * copied out of the jar into a real model folder so that it loads through the same code path as any
 * nnU-Net model.
 */
public final class EmbeddedDemoModel {
    private static final String ROOT = "segshap/demo-model/";
    private static final List<String> FILES = List.of("plans.json", "dataset.json", "fold_0/checkpoint_final.pth");

    private EmbeddedDemoModel() {}

    /**
     * Writes the model folder to {@code dir} (created if missing) and returns it.
     *
     * @throws UncheckedIOException if a file cannot be written
     * @throws IllegalStateException if the jar lacks the model (a broken build)
     */
    public static Path extractTo(Path dir) {
        try {
            for (String f : FILES) {
                Path target = dir.resolve(f);
                Files.createDirectories(target.getParent());
                try (InputStream in = EmbeddedDemoModel.class.getClassLoader().getResourceAsStream(ROOT + f)) {
                    if (in == null) throw new IllegalStateException("the segshap jar lacks " + ROOT + f + "; rebuild it");
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo model to " + dir + ": " + e.getMessage(), e);
        }
    }
}

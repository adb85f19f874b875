package segshap.engine.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import segshap.kernels.InputException;
import segshap.kernels.checkpoint.SafetensorsReader;
import segshap.kernels.model.ModelFolderLoader;
import segshap.kernels.model.NnunetModel;

/** The nnU-Net model folder and folds, shared by every command that runs a model. */
final class ModelOptions {
    @Option(names = {"-m", "--model"}, paramLabel = "DIR", required = true,
            description = "nnU-Net v2 trained model folder (holds plans.json, dataset.json, fold_N/checkpoint_final.pth).")
    Path model;

    @Option(names = {"-f", "--folds"}, paramLabel = "N[,N...]", split = ",",
            description = "Folds to ensemble (logits averaged); 'all' = fold_all. (default: every fold_N folder with a checkpoint)")
    List<String> folds;

    /** Loads and checks the model; the message names the folder and what is wrong. */
    NnunetModel load() {
        if (!Files.isDirectory(model)) {
            throw new InputException("--model " + model + ": not a directory; pass the nnU-Net model folder "
                    + "(the one holding plans.json and fold_0/)");
        }
        return ModelFolderLoader.load(model, foldNumbers(), null, SafetensorsReader::read);
    }

    /** The folds as fold folder names ({@code fold_0}, {@code fold_all}), or {@code null} for every fold. */
    List<String> foldNames() {
        int[] numbers = foldNumbers();
        if (numbers == null) return null;
        List<String> names = new ArrayList<>();
        for (int f : numbers) names.add(f == ModelFolderLoader.FOLD_ALL ? "fold_all" : "fold_" + f);
        return names;
    }

    int[] foldNumbers() {
        if (folds == null || folds.isEmpty()) return null;
        int[] out = new int[folds.size()];
        for (int i = 0; i < out.length; i++) {
            String f = folds.get(i).trim();
            if (f.equals("all")) {
                out[i] = ModelFolderLoader.FOLD_ALL;
                continue;
            }
            try {
                out[i] = Integer.parseInt(f);
            } catch (NumberFormatException e) {
                throw new InputException("--folds: '" + f + "' is not a fold number; use e.g. --folds 0,1,2 or --folds all");
            }
            if (out[i] < 0) throw new InputException("--folds: fold " + out[i] + " must be ≥ 0");
        }
        return out;
    }
}

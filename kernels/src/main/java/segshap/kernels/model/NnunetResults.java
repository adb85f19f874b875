package segshap.kernels.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import segshap.kernels.InputException;

/**
 * nnU-Net's way of naming a trained model, as {@code nnUNetv2_predict -d DATASET -c CONFIG -tr TRAINER -p PLANS}
 * resolves it: {@code <nnUNet_results>/<DatasetXXX_Name>/<TRAINER>__<PLANS>__<CONFIG>}. The dataset is given by
 * name ({@code Dataset017_Spleen}) or by id ({@code 17}, {@code 017}); an id names the one folder of the results
 * root starting with {@code Dataset017_}.
 *
 * <pre>{@code
 * Path model = NnunetResults.modelFolder(Path.of(System.getenv("nnUNet_results")), "17",
 *         NnunetResults.DEFAULT_TRAINER, NnunetResults.DEFAULT_PLANS, "3d_fullres");
 * }</pre>
 */
public final class NnunetResults {
    /** The environment variable nnU-Net reads the results root from. */
    public static final String RESULTS_VARIABLE = "nnUNet_results";
    /** nnUNetv2_predict's default {@code -tr}. */
    public static final String DEFAULT_TRAINER = "nnUNetTrainer";
    /** nnUNetv2_predict's default {@code -p}. */
    public static final String DEFAULT_PLANS = "nnUNetPlans";
    private static final Pattern ID = Pattern.compile("\\d+");

    private NnunetResults() {}

    /**
     * The trained model folder of dataset {@code dataset} under {@code results}.
     *
     * @param results       the results root ({@code $nnUNet_results})
     * @param dataset       dataset name ({@code Dataset017_Spleen}) or id ({@code 17})
     * @param trainer       trainer class name ({@link #DEFAULT_TRAINER})
     * @param plans         plans identifier ({@link #DEFAULT_PLANS})
     * @param configuration configuration ({@code 3d_fullres})
     * @throws InputException naming what is missing and what the results root holds instead
     */
    public static Path modelFolder(Path results, String dataset, String trainer, String plans, String configuration) {
        Path datasetFolder = results.resolve(datasetName(results, dataset));
        String name = trainer + "__" + plans + "__" + configuration;
        Path folder = datasetFolder.resolve(name);
        if (!Files.isDirectory(folder)) {
            List<String> trained = subfolders(datasetFolder, n -> n.split("__").length == 3);
            throw new InputException("no trained model " + name + " in " + datasetFolder + (trained.isEmpty()
                    ? " (it holds no <trainer>__<plans>__<configuration> folder)"
                    : "; it holds " + String.join(", ", trained) + " — pick -tr, -p and -c from these"));
        }
        return folder;
    }

    /**
     * The dataset folder name: {@code dataset} itself when it starts with {@code Dataset}, else the one folder
     * of {@code results} named {@code DatasetNNN_*} for id {@code dataset} (three digits at least, as nnU-Net pads).
     *
     * @throws InputException when the id is not a number, no or several folders match, or the root is missing
     */
    public static String datasetName(Path results, String dataset) {
        if (!Files.isDirectory(results)) {
            throw new InputException("$" + RESULTS_VARIABLE + " = " + results + ": not a folder; set " + RESULTS_VARIABLE
                    + " (or --nnunet-results) to the folder nnU-Net trained into, or pass the model folder with -m");
        }
        if (dataset.startsWith("Dataset")) {
            if (!Files.isDirectory(results.resolve(dataset))) {
                throw new InputException("-d " + dataset + ": no such folder in " + results + "; datasets there: "
                        + String.join(", ", subfolders(results, n -> n.startsWith("Dataset"))));
            }
            return dataset;
        }
        if (!ID.matcher(dataset).matches()) {
            throw new InputException("-d " + dataset + ": expected a dataset id (17) or name (Dataset017_Spleen)");
        }
        String prefix = String.format(Locale.ROOT, "Dataset%03d_", Integer.parseInt(dataset));
        List<String> matches = subfolders(results, n -> n.startsWith(prefix));
        if (matches.size() == 1) return matches.get(0);
        List<String> all = subfolders(results, n -> n.startsWith("Dataset"));
        throw new InputException("-d " + dataset + ": " + (matches.isEmpty() ? "no folder " + prefix + "* in " + results
                + "; datasets there: " + (all.isEmpty() ? "none" : String.join(", ", all))
                : "several folders match in " + results + " (" + String.join(", ", matches) + "); give the full name"));
    }

    private static List<String> subfolders(Path dir, Predicate<String> accept) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(accept).sorted().toList();
        } catch (IOException e) {
            throw new InputException("cannot list " + dir + ": " + e, e);
        }
    }
}

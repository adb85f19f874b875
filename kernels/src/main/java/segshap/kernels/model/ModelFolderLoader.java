package segshap.kernels.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import segshap.kernels.InputException;
import segshap.kernels.backend.ModelWeights;
import segshap.kernels.checkpoint.TorchCheckpoint;
import segshap.kernels.checkpoint.TorchCheckpointReader;
import segshap.kernels.plans.ConfigurationPlan;
import segshap.kernels.plans.DatasetJson;
import segshap.kernels.plans.NnunetPlansReader;

/**
 * Loads and validates an nnU-Net v2 trained model folder
 * ({@code <results>/DatasetXXX_Name/nnUNetTrainer__nnUNetPlans__3d_fullres}):
 * {@code plans.json}, {@code dataset.json} and {@code fold_N/checkpoint_final.pth} for each fold.
 *
 * <p>As nnU-Net's predictor does, the configuration and trainer come from the checkpoint
 * ({@code init_args['configuration']}, {@code trainer_name}), not from the folder name. Trainer
 * {@code nnUNetTrainer} is accepted silently; other {@code nnUNetTrainer*} names are accepted with a warning
 * (they usually change only training), except {@code nnUNetTrainerBN} (BatchNorm) and names not starting with
 * {@code nnUNetTrainer}, which may build another network and are rejected. Every fold's weights are then
 * checked against {@link WeightLayout#expectedWeightShapes(NetworkSpec)} (all names and shapes, nothing extra).
 *
 * <p>Folds may instead hold a {@code *.safetensors} file with the canonical weight names when a
 * safetensors reader is passed (kernels' {@code SafetensorsReader::read}); a {@code .pth} wins when both exist.
 * Without a checkpoint the configuration is the given one or the folder name's last {@code __} part.
 *
 * <pre>{@code
 * NnunetModel m = ModelFolderLoader.load(Path.of(".../nnUNetTrainer__nnUNetPlans__3d_fullres"), null, null);
 * m.foldNames();                 // [fold_0, fold_1, …] auto-detected
 * m.plan().patchSizeZyx();       // [16, 32, 32]
 * m.warnings().forEach(w -> System.err.println("segshap: warning: " + w));
 * }</pre>
 */
public final class ModelFolderLoader {
    /** Fold number that selects the folder {@code fold_all}. */
    public static final int FOLD_ALL = -1;
    /** The checkpoint nnU-Net's predictor uses by default. */
    public static final String CHECKPOINT_NAME = "checkpoint_final.pth";
    private static final String DEFAULT_TRAINER = "nnUNetTrainer";
    private static final Pattern FOLD_DIR = Pattern.compile("fold_(\\d+)");

    private ModelFolderLoader() {}

    /**
     * Loads a model folder whose folds hold {@code checkpoint_final.pth}.
     *
     * @param folder        the trained model folder
     * @param folds         fold numbers ({@link #FOLD_ALL} for {@code fold_all}), or {@code null} to use every
     *                      {@code fold_<int>} folder holding a checkpoint, in ascending order
     * @param configuration expected configuration (e.g. {@code 3d_fullres}), or {@code null} to take it from the checkpoint
     * @throws InputException if a file is missing or malformed, the configuration or trainer is not supported, or
     *                        the weights do not match the plans (the message names the file and key)
     */
    public static NnunetModel load(Path folder, int[] folds, String configuration) {
        return load(folder, folds, configuration, null);
    }

    /**
     * As {@link #load(Path, int[], String)}, and a fold without {@code checkpoint_final.pth} may hold one
     * {@code .safetensors} file (canonical names), read with {@code safetensorsReader}.
     *
     * @param safetensorsReader reads a safetensors file into weights (its {@code source} should be the path),
     *                          or {@code null} to accept only {@code .pth} checkpoints
     */
    public static NnunetModel load(Path folder, int[] folds, String configuration,
                                   Function<Path, ModelWeights> safetensorsReader) {
        return load(folder, folds, configuration, CHECKPOINT_NAME, safetensorsReader);
    }

    /**
     * As {@link #load(Path, int[], String, Function)} with another checkpoint in each fold folder, as nnU-Net's
     * {@code -chk} ({@code checkpoint_best.pth}, {@code checkpoint_latest.pth}).
     *
     * @param checkpointName file name of the checkpoint inside each fold folder; fold auto-detection looks for it
     */
    public static NnunetModel load(Path folder, int[] folds, String configuration, String checkpointName,
                                   Function<Path, ModelWeights> safetensorsReader) {
        if (checkpointName == null || checkpointName.isBlank() || checkpointName.contains("/") || checkpointName.contains("\\")) {
            throw new InputException("checkpoint name '" + checkpointName + "' is not a file name; give the name of the "
                    + "checkpoint inside each fold folder, e.g. " + CHECKPOINT_NAME + " or checkpoint_best.pth");
        }
        if (!Files.isDirectory(folder)) {
            throw new InputException("model folder " + folder + " does not exist or is not a directory; expected an "
                    + "nnU-Net results folder such as .../Dataset001_X/nnUNetTrainer__nnUNetPlans__3d_fullres");
        }
        Path plansJson = folder.resolve("plans.json");
        Path datasetJson = folder.resolve("dataset.json");
        for (Path p : List.of(plansJson, datasetJson)) {
            if (!Files.isRegularFile(p)) {
                throw new InputException(p + " not found; the model folder " + folder + " must hold plans.json and "
                        + "dataset.json as nnU-Net training writes them");
            }
        }
        List<String> warnings = new ArrayList<>();
        DatasetJson dataset = DatasetJson.read(datasetJson);

        List<String> foldNames = folds == null ? detectFolds(folder, checkpointName, safetensorsReader != null) : foldNames(folds);
        List<FoldWeights> loaded = new ArrayList<>();
        for (String fold : foldNames) loaded.add(loadFold(folder, fold, checkpointName, safetensorsReader));

        String trainer = resolveTrainer(folder, loaded, warnings);
        String config = resolveConfiguration(folder, loaded, configuration, warnings);
        ConfigurationPlan plan = NnunetPlansReader.read(plansJson, config, dataset);

        int[] mirroring = null;
        FoldWeights firstCheckpoint = null;
        for (FoldWeights fw : loaded) {
            if (!fw.fromCheckpoint()) continue;
            if (firstCheckpoint == null) {
                firstCheckpoint = fw;
                mirroring = fw.mirroringAxes();
            } else if (!Arrays.equals(mirroring, fw.mirroringAxes())) {
                warnings.add(fw.weights().source() + " allows mirroring axes " + Arrays.toString(fw.mirroringAxes())
                        + " but " + firstCheckpoint.weights().source() + " allows " + Arrays.toString(mirroring)
                        + "; using the latter");
            }
        }
        List<ModelWeights> weights = new ArrayList<>();
        for (FoldWeights fw : loaded) {
            WeightLayout.checkWeights(fw.weights(), plan.network());
            weights.add(fw.weights());
        }
        return new NnunetModel(folder, trainer, plan, dataset, foldNames, weights, mirroring, warnings);
    }

    /** One fold's weights and, when read from a .pth, what its checkpoint says. */
    private record FoldWeights(ModelWeights weights, boolean fromCheckpoint, String trainer, String configuration,
                               int[] mirroringAxes) {}

    private static List<String> foldNames(int[] folds) {
        Set<String> names = new LinkedHashSet<>();
        for (int f : folds) {
            if (f < FOLD_ALL) throw new InputException("fold " + f + " is not valid; folds are numbers >= 0 or 'all'");
            String name = f == FOLD_ALL ? "fold_all" : "fold_" + f;
            if (!names.add(name)) throw new InputException("fold " + (f == FOLD_ALL ? "all" : f) + " is requested twice");
        }
        if (names.isEmpty()) throw new InputException("no folds requested; give at least one fold or none to auto-detect");
        return new ArrayList<>(names);
    }

    private static List<String> detectFolds(Path folder, String checkpointName, boolean acceptSafetensors) {
        TreeMap<Integer, String> found = new TreeMap<>();
        try (Stream<Path> children = Files.list(folder)) {
            for (Path child : (Iterable<Path>) children::iterator) {
                Matcher m = FOLD_DIR.matcher(child.getFileName().toString());
                if (!m.matches() || !Files.isDirectory(child)) continue;
                boolean usable = Files.isRegularFile(child.resolve(checkpointName))
                        || (acceptSafetensors && !safetensorsFiles(child).isEmpty());
                if (usable) found.put(Integer.parseInt(m.group(1)), child.getFileName().toString());
            }
        } catch (IOException | NumberFormatException e) {
            throw new InputException("cannot list the model folder " + folder + ": " + e, e);
        }
        if (found.isEmpty()) {
            throw new InputException("no fold_<N>/" + checkpointName + " in " + folder + (checkpointName.equals(CHECKPOINT_NAME)
                    ? "; training has not finished (checkpoint_final.pth is written at the end) or folds are elsewhere"
                    : "; check the checkpoint name (nnU-Net writes checkpoint_final.pth, checkpoint_best.pth, checkpoint_latest.pth)"));
        }
        return new ArrayList<>(found.values());
    }

    private static FoldWeights loadFold(Path folder, String fold, String checkpointName,
                                        Function<Path, ModelWeights> safetensorsReader) {
        Path dir = folder.resolve(fold);
        if (!Files.isDirectory(dir)) {
            throw new InputException(dir + " not found; the model folder " + folder + " has no " + fold
                    + " (available: " + availableFolds(folder) + ")");
        }
        Path pth = dir.resolve(checkpointName);
        if (Files.isRegularFile(pth)) {
            TorchCheckpoint ckpt = TorchCheckpointReader.read(pth);
            return new FoldWeights(ckpt.networkWeights(), true, ckpt.trainerName(), ckpt.configuration(),
                    ckpt.inferenceAllowedMirroringAxes());
        }
        List<Path> st = safetensorsFiles(dir);
        if (safetensorsReader != null && !st.isEmpty()) {
            Path chosen = st.size() == 1 ? st.get(0) : dir.resolve("checkpoint_final.safetensors");
            if (!st.contains(chosen)) {
                throw new InputException(dir + " holds several .safetensors files " + fileNames(st)
                        + " and no checkpoint_final.safetensors; keep only one");
            }
            return new FoldWeights(safetensorsReader.apply(chosen), false, null, null, null);
        }
        throw new InputException(pth + " not found" + (st.isEmpty() ? "" : " (only " + fileNames(st)
                + ", and this caller reads .pth checkpoints only)") + (checkpointName.equals(CHECKPOINT_NAME)
                ? "; training of " + fold + " has not finished" : "; " + fold + " holds " + fileNames(pthFiles(dir))));
    }

    private static String resolveTrainer(Path folder, List<FoldWeights> folds, List<String> warnings) {
        Set<String> names = new LinkedHashSet<>();
        for (FoldWeights fw : folds) {
            if (!fw.fromCheckpoint()) continue;
            if (fw.trainer() == null) {
                throw new InputException(fw.weights().source() + " has no 'trainer_name'; it is not an nnU-Net v2 checkpoint");
            }
            names.add(fw.trainer());
        }
        if (names.size() > 1) {
            throw new InputException("the folds of " + folder + " were trained with different trainers " + names
                    + "; ensemble only folds of one training run");
        }
        String trainer;
        if (names.isEmpty()) {
            String[] parts = folder.getFileName().toString().split("__");
            trainer = parts.length == 3 ? parts[0] : DEFAULT_TRAINER;
            warnings.add("no checkpoint names the trainer; assuming '" + trainer + "' from the folder name "
                    + folder.getFileName());
        } else {
            trainer = names.iterator().next();
        }
        if (trainer.equals(DEFAULT_TRAINER)) return trainer;
        if (!trainer.startsWith(DEFAULT_TRAINER) || trainer.startsWith("nnUNetTrainerBN")) {
            throw new InputException("trainer '" + trainer + "' of " + folder + " is not supported: it may build a "
                    + "network other than the one plans.json describes; supported: nnUNetTrainer and its "
                    + "training-only variants (nnUNetTrainer_<N>epochs, nnUNetTrainerNoMirroring, …)");
        }
        warnings.add("trainer '" + trainer + "' is not nnUNetTrainer; assuming it builds the network from plans.json "
                + "as nnUNetTrainer does (its weights match the plans)");
        return trainer;
    }

    private static String resolveConfiguration(Path folder, List<FoldWeights> folds, String requested,
                                               List<String> warnings) {
        Set<String> names = new LinkedHashSet<>();
        for (FoldWeights fw : folds) {
            if (!fw.fromCheckpoint()) continue;
            if (fw.configuration() == null) {
                throw new InputException(fw.weights().source() + " has no init_args['configuration']; it is not an "
                        + "nnU-Net v2 checkpoint");
            }
            names.add(fw.configuration());
        }
        if (names.size() > 1) {
            throw new InputException("the folds of " + folder + " were trained with different configurations " + names
                    + "; ensemble only folds of one configuration");
        }
        if (!names.isEmpty()) {
            String trained = names.iterator().next();
            if (requested != null && !requested.equals(trained)) {
                throw new InputException("configuration '" + requested + "' was requested but the checkpoints in "
                        + folder + " were trained as '" + trained + "' (init_args['configuration']); pick the "
                        + "model folder of '" + requested + "' or drop the configuration option");
            }
            return trained;
        }
        if (requested != null) return requested;
        String[] parts = folder.getFileName().toString().split("__");
        if (parts.length == 3) {
            warnings.add("no checkpoint names the configuration; using '" + parts[2] + "' from the folder name");
            return parts[2];
        }
        throw new InputException("cannot tell the configuration of " + folder + ": no checkpoint_final.pth and the "
                + "folder name is not <trainer>__<plans>__<configuration>; give the configuration (e.g. 3d_fullres)");
    }

    private static List<Path> safetensorsFiles(Path dir) {
        return filesEndingIn(dir, ".safetensors");
    }

    private static List<Path> pthFiles(Path dir) {
        return filesEndingIn(dir, ".pth");
    }

    private static List<Path> filesEndingIn(Path dir, String ending) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(ending) && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new InputException("cannot list " + dir + ": " + e, e);
        }
    }

    private static List<String> availableFolds(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("fold_")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static List<String> fileNames(List<Path> paths) {
        return paths.stream().map(p -> p.getFileName().toString()).toList();
    }
}

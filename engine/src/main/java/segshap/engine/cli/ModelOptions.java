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
import segshap.kernels.model.NnunetResults;
import segshap.protocol.job.JobInputs;

/**
 * The nnU-Net model, folds and checkpoint, shared by every command that runs a model: a model folder ({@code -m},
 * as {@code nnUNetv2_predict_from_modelfolder}) or nnU-Net's naming ({@code -d -c [-tr] [-p]}, as
 * {@code nnUNetv2_predict}) resolved under {@code $nnUNet_results}.
 */
final class ModelOptions {
    @Option(names = {"-m", "--model"}, paramLabel = "DIR",
            description = "nnU-Net v2 trained model folder (holds plans.json, dataset.json, fold_N/checkpoint_final.pth). Or name it as nnUNetv2_predict does, with -d and -c.")
    Path model;

    @Option(names = {"-d", "--dataset"}, paramLabel = "DATASET",
            description = "nnU-Net dataset name (Dataset017_Spleen) or id (17) under $nnUNet_results; with -c, instead of -m.")
    String dataset;

    @Option(names = {"-c", "--configuration"}, paramLabel = "CONFIG",
            description = "nnU-Net configuration (3d_fullres, 3d_lowres, …); required with -d.")
    String configuration;

    @Option(names = {"-tr", "--trainer"}, paramLabel = "TRAINER",
            description = "Trainer class of the training run, with -d. (default: " + NnunetResults.DEFAULT_TRAINER + ")")
    String trainer;

    @Option(names = {"-p", "--plans"}, paramLabel = "PLANS",
            description = "Plans identifier of the training run, with -d. (default: " + NnunetResults.DEFAULT_PLANS + ")")
    String plans;

    @Option(names = {"-f", "--folds"}, paramLabel = "N", arity = "1..*", split = ",",
            description = "Folds to ensemble (logits averaged), as nnU-Net writes them: -f 0 1 2 (or 0,1,2); 'all' = fold_all. (default: every fold_N folder holding the checkpoint)")
    List<String> folds;

    @Option(names = {"-chk", "--checkpoint"}, paramLabel = "NAME",
            description = "Checkpoint file in each fold folder: checkpoint_best.pth, checkpoint_latest.pth, … (default: " + JobInputs.DEFAULT_CHECKPOINT + ")")
    String checkpoint;

    @Option(names = "--nnunet-results", paramLabel = "DIR", defaultValue = "${env:" + NnunetResults.RESULTS_VARIABLE + "}",
            description = "nnU-Net's results root that -d is resolved under. (default: $" + NnunetResults.RESULTS_VARIABLE + ")")
    Path results;

    private Path resolved;

    /**
     * The model folder: {@code -m}, or {@code -d/-c/-tr/-p} resolved under the results root; checked to exist.
     *
     * @throws InputException naming the options at fault and the fix
     */
    Path folder() {
        if (resolved == null) resolved = resolve();
        return resolved;
    }

    private Path resolve() {
        if (model != null && dataset != null) {
            throw new InputException("-m " + model + " and -d " + dataset + " both name a model; give the model folder "
                    + "with -m, or nnU-Net's -d DATASET -c CONFIG, not both");
        }
        if (model != null) {
            for (String[] o : new String[][] {{"-c", configuration}, {"-tr", trainer}, {"-p", plans}}) {
                if (o[1] != null) {
                    throw new InputException(o[0] + " " + o[1] + ": names a model under $" + NnunetResults.RESULTS_VARIABLE
                            + " together with -d; with -m the folder " + model + " already is the trained model (drop " + o[0] + ")");
                }
            }
            if (!Files.isDirectory(model)) {
                throw new InputException("-m " + model + ": not a directory; pass the nnU-Net model folder "
                        + "(the one holding plans.json and fold_0/)");
            }
            return model;
        }
        if (dataset == null) {
            throw new InputException("no model: give the model folder with -m DIR, or name it as nnUNetv2_predict does with "
                    + "-d DATASET -c CONFIG [-tr TRAINER] [-p PLANS] (resolved under $" + NnunetResults.RESULTS_VARIABLE + ")");
        }
        if (configuration == null) {
            throw new InputException("-d " + dataset + ": needs -c CONFIG (e.g. -c 3d_fullres), as nnUNetv2_predict does");
        }
        if (results == null || results.toString().isBlank()) {
            throw new InputException("-d " + dataset + ": $" + NnunetResults.RESULTS_VARIABLE + " is not set; export "
                    + NnunetResults.RESULTS_VARIABLE + "=/path/to/nnUNet_results, pass --nnunet-results DIR, or give the model folder with -m");
        }
        return NnunetResults.modelFolder(results, dataset, trainer == null ? NnunetResults.DEFAULT_TRAINER : trainer,
                plans == null ? NnunetResults.DEFAULT_PLANS : plans, configuration);
    }

    /** Loads and checks the model; the message names the folder and what is wrong. */
    NnunetModel load() {
        return ModelFolderLoader.load(folder(), foldNumbers(), configuration, checkpointName(), SafetensorsReader::read);
    }

    /** The checkpoint file name in each fold folder. */
    String checkpointName() {
        return checkpoint == null ? JobInputs.DEFAULT_CHECKPOINT : checkpoint;
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
                throw new InputException("--folds: '" + f + "' is not a fold number; use e.g. -f 0 1 2 (or 0,1,2) or -f all");
            }
            if (out[i] < 0) throw new InputException("--folds: fold " + out[i] + " must be ≥ 0");
        }
        return out;
    }
}

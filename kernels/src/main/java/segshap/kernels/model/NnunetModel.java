package segshap.kernels.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import segshap.kernels.backend.ModelWeights;
import segshap.kernels.backend.NetworkSpec;
import segshap.kernels.plans.ConfigurationPlan;
import segshap.kernels.plans.DatasetJson;

/**
 * A loaded nnU-Net v2 model folder: the resolved configuration, dataset labels and the weights of every
 * fold, all checked against each other. Built by {@link ModelFolderLoader}.
 *
 * @param folder                        the model folder ({@code …/nnUNetTrainer__nnUNetPlans__3d_fullres})
 * @param trainerName                   the trainer class ({@code nnUNetTrainer})
 * @param plan                          the configuration that was trained ({@code plan.name()}, e.g. 3d_fullres)
 * @param dataset                       dataset.json: channels and labels
 * @param foldNames                     fold folder names in load order ({@code fold_0}, …, or {@code fold_all})
 * @param foldWeights                   float32 weights per fold, same order; logits are averaged over folds
 * @param inferenceAllowedMirroringAxes axes test-time mirroring may flip ({@code [0,1,2]}), or {@code null}
 *                                      when the checkpoint does not say (no mirroring)
 * @param warnings                      things a user should know (unusual trainer name, …), in order; kernels
 *                                      does not log, so the caller prints them
 */
public record NnunetModel(Path folder, String trainerName, ConfigurationPlan plan, DatasetJson dataset,
                          List<String> foldNames, List<ModelWeights> foldWeights, int[] inferenceAllowedMirroringAxes,
                          List<String> warnings) {
    public NnunetModel {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(trainerName, "trainerName");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(dataset, "dataset");
        foldNames = List.copyOf(foldNames);
        foldWeights = List.copyOf(foldWeights);
        warnings = List.copyOf(warnings);
        if (foldNames.isEmpty() || foldNames.size() != foldWeights.size()) {
            throw new IllegalArgumentException("need one weight set per fold, got " + foldNames.size() + " folds and "
                    + foldWeights.size() + " weight sets");
        }
        inferenceAllowedMirroringAxes = inferenceAllowedMirroringAxes == null ? null : inferenceAllowedMirroringAxes.clone();
    }

    /** The configuration name, e.g. {@code 3d_fullres}. */
    public String configurationName() {
        return plan.name();
    }

    /** The network shape (same for every fold). */
    public NetworkSpec network() {
        return plan.network();
    }

    @Override
    public int[] inferenceAllowedMirroringAxes() {
        return inferenceAllowedMirroringAxes == null ? null : inferenceAllowedMirroringAxes.clone();
    }
}

package segshap.protocol.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * The region of interest explained; in JSON an object whose {@code "type"} says which kind:
 * <pre>
 * {"type": "mask", "file": "roi.nii.gz"}
 * {"type": "component", "label": 1, "seedWorldMm": [-80.5, 20.0, 310.0]}
 * </pre>
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = JobRoi.Mask.class, name = "mask"),
        @JsonSubTypes.Type(value = JobRoi.Component.class, name = "component")})
public sealed interface JobRoi {

    /**
     * A mask file on the CT's grid; nonzero voxels are the ROI.
     *
     * @param file the mask (.nii/.nii.gz), absolute or relative to the job file's folder; required
     * @throws IllegalArgumentException when {@code file} is missing ({@code roi.file})
     */
    record Mask(String file) implements JobRoi {
        public Mask {
            JobInputs.requirePath("roi.file", file, "the ROI mask (.nii.gz, nonzero = ROI)");
        }
    }

    /**
     * A 26-connected component of {@code label} in the baseline prediction: the one containing the world point
     * {@code seedWorldMm}, or the one containing CT voxel {@code seedVoxelIjk}, or the largest when both are
     * {@code null}. At most one seed.
     *
     * @param label        predicted label, ≥ 1 (a label of the model's dataset.json)
     * @param seedWorldMm  world point [x, y, z] in mm (NIfTI RAS+), finite, or {@code null}
     * @param seedVoxelIjk CT voxel [i, j, k] in NIfTI index order, each ≥ 0, or {@code null}
     * @throws IllegalArgumentException naming the field ({@code roi.seedWorldMm}), the value and the fix
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Component(int label, List<Double> seedWorldMm, List<Integer> seedVoxelIjk) implements JobRoi {
        public Component {
            if (label < 1) {
                throw new IllegalArgumentException("roi.label " + label
                        + ": must be a foreground label ≥ 1 of the model's dataset.json");
            }
            if (seedWorldMm != null && seedVoxelIjk != null) {
                throw new IllegalArgumentException("roi.seedVoxelIjk " + seedVoxelIjk + ": excludes roi.seedWorldMm "
                        + seedWorldMm + "; give one seed");
            }
            if (seedWorldMm != null) {
                if (seedWorldMm.size() != 3 || seedWorldMm.stream().anyMatch(v -> v == null || !Double.isFinite(v))) {
                    throw new IllegalArgumentException("roi.seedWorldMm " + seedWorldMm
                            + ": expected three finite numbers [x, y, z] in mm (RAS)");
                }
                seedWorldMm = List.copyOf(seedWorldMm);
            }
            if (seedVoxelIjk != null) {
                if (seedVoxelIjk.size() != 3 || seedVoxelIjk.stream().anyMatch(v -> v == null || v < 0)) {
                    throw new IllegalArgumentException("roi.seedVoxelIjk " + seedVoxelIjk
                            + ": expected three voxel indices [i, j, k], each ≥ 0");
                }
                seedVoxelIjk = List.copyOf(seedVoxelIjk);
            }
        }

        // Boxed so that a missing "label" is reported as missing rather than read as label 0.
        @JsonCreator
        static Component fromJson(@JsonProperty("label") Integer label,
                                  @JsonProperty("seedWorldMm") List<Double> seedWorldMm,
                                  @JsonProperty("seedVoxelIjk") List<Integer> seedVoxelIjk) {
            if (label == null) {
                throw new IllegalArgumentException("roi.label: required for a component ROI; give the predicted label, e.g. 1");
            }
            return new Component(label, seedWorldMm, seedVoxelIjk);
        }
    }
}

package segshap.protocol.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The files an explanation reads. Paths are strings as written in the job (absolute, or relative to the job
 * file's folder until {@link JobSpec#resolvedAgainst} makes them absolute).
 *
 * <p>Example: {@code {"model": "/models/Dataset017", "folds": ["fold_0"], "ct": "ct.nii.gz",
 * "organs": "organs.nii.gz"}}; {@code "checkpoint": "checkpoint_best.pth"} picks another checkpoint.
 *
 * @param model      nnU-Net v2 trained model folder (holds plans.json, dataset.json, fold_N/); required
 * @param folds      fold folder names to ensemble ({@code fold_0}, …, {@code fold_all}), no repeats, or
 *                   {@code null} for every fold folder with a finished checkpoint
 * @param checkpoint checkpoint file name inside each fold folder ({@code checkpoint_best.pth}, as nnU-Net's
 *                   {@code -chk}), or {@code null} for {@value #DEFAULT_CHECKPOINT}
 * @param ct         CT image (.nii/.nii.gz, HU); required
 * @param organs     organ label map (TotalSegmentator numbering) on the CT grid or in the same space; required
 * @param organNames names sidecar (JSON {@code {"1": "spleen"}} or TSV {@code id<TAB>name}), or {@code null}
 *                   for TotalSegmentator's built-in names
 * @throws IllegalArgumentException naming the field ({@code inputs.folds[1]}), the value and the fix
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobInputs(String model, List<String> folds, String checkpoint, String ct, String organs, String organNames) {
    /** The checkpoint nnU-Net's predictor loads by default. */
    public static final String DEFAULT_CHECKPOINT = "checkpoint_final.pth";
    private static final Pattern FOLD = Pattern.compile("fold_(all|0|[1-9][0-9]*)");

    public JobInputs {
        requirePath("inputs.model", model, "the nnU-Net model folder (the one holding plans.json and fold_0/)");
        requirePath("inputs.ct", ct, "the CT image (.nii.gz)");
        requirePath("inputs.organs", organs, "the organ label map (.nii.gz)");
        if (organNames != null && organNames.isBlank()) {
            throw new IllegalArgumentException("inputs.organNames '" + organNames
                    + "': blank; name the sidecar file, or omit the field for TotalSegmentator's names");
        }
        if (checkpoint != null && (checkpoint.isBlank() || checkpoint.contains("/") || checkpoint.contains("\\")
                || checkpoint.equals(".") || checkpoint.equals(".."))) {
            throw new IllegalArgumentException("inputs.checkpoint " + quote(checkpoint) + ": not a file name; give the "
                    + "checkpoint's name inside each fold folder, e.g. checkpoint_best.pth, or omit it for " + DEFAULT_CHECKPOINT);
        }
        if (folds != null) {
            if (folds.isEmpty()) {
                throw new IllegalArgumentException("inputs.folds []: empty; list folds like [\"fold_0\"], "
                        + "or omit the field to use every finished fold");
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < folds.size(); i++) {
                String f = folds.get(i);
                if (f == null || !FOLD.matcher(f).matches()) {
                    throw new IllegalArgumentException("inputs.folds[" + i + "] " + quote(f)
                            + ": not a fold folder name; expected fold_N (N ≥ 0) or fold_all");
                }
                if (!seen.add(f)) {
                    throw new IllegalArgumentException("inputs.folds[" + i + "] '" + f + "': listed twice; list each fold once");
                }
            }
            folds = List.copyOf(folds);
        }
    }

    static void requirePath(String field, String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " " + quote(value) + ": required; give " + what);
        }
    }

    static String quote(String s) {
        return s == null ? "null" : "'" + s + "'";
    }
}

package segshap.kernels.checkpoint;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import segshap.kernels.backend.ModelWeights;

/**
 * An nnU-Net v2 {@code checkpoint_final.pth} as read by {@link TorchCheckpointReader}: the unpickled
 * top-level dict plus the network weights converted to float32 under their canonical names.
 *
 * <p>Values in {@link #topLevel()} follow the mapping documented on the reader (dict → map, tuple/list →
 * list, int → Long, float → Double, tensors → {@link TorchTensor} without data, unknown objects →
 * {@link PickleObject}); treat them as read-only.
 *
 * @param source         the checkpoint path, used in error messages
 * @param topLevel       the saved dict ({@code network_weights}, {@code init_args}, {@code trainer_name}, …)
 * @param networkWeights float32 weights, canonical names only (see {@link TorchCheckpointReader})
 */
public record TorchCheckpoint(String source, Map<String, Object> topLevel, ModelWeights networkWeights) {
    public TorchCheckpoint {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(networkWeights, "networkWeights");
        topLevel = Collections.unmodifiableMap(new LinkedHashMap<>(topLevel));
    }

    /** {@code trainer_name} (e.g. {@code nnUNetTrainer}), or {@code null} when absent. */
    public String trainerName() {
        return topLevel.get("trainer_name") instanceof String s ? s : null;
    }

    /** {@code init_args['configuration']} (e.g. {@code 3d_fullres}), or {@code null} when absent. */
    public String configuration() {
        if (topLevel.get("init_args") instanceof Map<?, ?> initArgs && initArgs.get("configuration") instanceof String s) {
            return s;
        }
        return null;
    }

    /**
     * {@code inference_allowed_mirroring_axes} (e.g. {@code [0, 1, 2]}), or {@code null} when absent or
     * None (older checkpoints: no test-time mirroring).
     */
    public int[] inferenceAllowedMirroringAxes() {
        if (!(topLevel.get("inference_allowed_mirroring_axes") instanceof List<?> axes)) return null;
        int[] out = new int[axes.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(axes.get(i) instanceof Long a) || a < 0 || a > 2) {
                throw new segshap.kernels.InputException(source + ": inference_allowed_mirroring_axes holds "
                        + axes + "; expected a tuple of spatial axes 0, 1, 2");
            }
            out[i] = (int) (long) a;
        }
        return out;
    }

    /**
     * The raw {@code network_weights} state dict in saved order, every alias included (nnU-Net: each encoder
     * tensor under 4 names sharing one storage).
     */
    public Map<String, TorchTensor> rawNetworkWeights() {
        Map<String, TorchTensor> out = new LinkedHashMap<>();
        if (topLevel.get("network_weights") instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (e.getKey() instanceof String k && e.getValue() instanceof TorchTensor t) out.put(k, t);
            }
        }
        return Collections.unmodifiableMap(out);
    }
}

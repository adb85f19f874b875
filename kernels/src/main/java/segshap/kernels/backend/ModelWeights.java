package segshap.kernels.backend;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import segshap.kernels.InputException;
import segshap.kernels.tensor.FloatTensor;

/**
 * The float32 weights of one fold, keyed by nnU-Net's canonical state-dict names
 * ({@code encoder.stages.0.0.convs.0.conv.weight}, …; aliases {@code *.all_modules.*} and
 * {@code decoder.encoder.*} removed).
 *
 * @param source  where the weights came from (a file path), used in error messages
 * @param tensors name → tensor; iteration order is sorted by name
 */
public record ModelWeights(String source, Map<String, FloatTensor> tensors) {
    public ModelWeights {
        tensors = Collections.unmodifiableMap(new TreeMap<>(tensors));
    }

    /**
     * The tensor called {@code name}, checked against the shape the plans imply.
     *
     * @throws InputException if it is missing or has another shape
     */
    public FloatTensor require(String name, int... expectedShape) {
        FloatTensor t = tensors.get(name);
        if (t == null) {
            throw new InputException(source + ": missing weight '" + name + "' required by the architecture in plans.json");
        }
        if (!Arrays.equals(t.shape(), expectedShape)) {
            throw new InputException(source + ": weight '" + name + "' has shape " + Arrays.toString(t.shape())
                    + " but plans.json implies " + Arrays.toString(expectedShape)
                    + "; the checkpoint does not belong to these plans");
        }
        return t;
    }

    /** Whether a tensor of that name exists. */
    public boolean has(String name) {
        return tensors.containsKey(name);
    }
}

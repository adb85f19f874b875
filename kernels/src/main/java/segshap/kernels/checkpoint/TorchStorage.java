package segshap.kernels.checkpoint;

import java.util.Objects;

/**
 * One storage record of a torch zip checkpoint ({@code <root>/data/<key>}), as named by a pickled
 * persistent id. Tensors that alias memory share one {@code TorchStorage} instance.
 *
 * @param key      record name under {@code <root>/data/}, e.g. {@code "0"}
 * @param dtype    element type
 * @param numel    number of elements the storage declares, ≥ 0
 * @param location device it was saved from ({@code cpu}, {@code cuda:0}); irrelevant for loading
 */
public record TorchStorage(String key, TorchDtype dtype, long numel, String location) {
    public TorchStorage {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(dtype, "dtype");
        if (numel < 0) throw new IllegalArgumentException("numel must be >= 0, got " + numel);
    }
}

package segshap.kernels.checkpoint;

import java.util.Arrays;
import java.util.Objects;

/**
 * A tensor as pickled in a torch checkpoint ({@code torch._utils._rebuild_tensor_v2}): a strided view into
 * a {@link TorchStorage}. It holds no data; {@link TorchCheckpointReader} materialises the network weights.
 *
 * @param storage       the storage it views
 * @param storageOffset first element, in elements, ≥ 0
 * @param shape         extent per axis
 * @param stride        step per axis, in elements
 * @param requiresGrad  as saved (irrelevant for inference)
 */
public record TorchTensor(TorchStorage storage, long storageOffset, int[] shape, long[] stride, boolean requiresGrad) {
    public TorchTensor {
        Objects.requireNonNull(storage, "storage");
        if (shape.length != stride.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " and stride "
                    + Arrays.toString(stride) + " differ in rank");
        }
        if (storageOffset < 0) throw new IllegalArgumentException("negative storage offset " + storageOffset);
        shape = shape.clone();
        stride = stride.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public long[] stride() {
        return stride.clone();
    }

    /** Number of elements. */
    public long numel() {
        long n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    /** Whether it is C-contiguous ({@code stride} of a row-major layout of {@code shape}). */
    public boolean isContiguous() {
        long expected = 1;
        for (int a = shape.length - 1; a >= 0; a--) {
            if (shape[a] != 1 && stride[a] != expected) return false;
            expected *= shape[a];
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TorchTensor t && storage.equals(t.storage) && storageOffset == t.storageOffset
                && Arrays.equals(shape, t.shape) && Arrays.equals(stride, t.stride) && requiresGrad == t.requiresGrad;
    }

    @Override
    public int hashCode() {
        return Objects.hash(storage, storageOffset, Arrays.hashCode(shape), Arrays.hashCode(stride), requiresGrad);
    }

    @Override
    public String toString() {
        return "TorchTensor" + Arrays.toString(shape) + " " + storage.dtype() + " @" + storage.key();
    }
}

package segshap.kernels.tensor;

import java.util.Arrays;

/**
 * A dense float32 tensor in C order: the last axis varies fastest.
 *
 * <p>The record owns {@code data}; callers must not mutate it after handing it in unless they own the
 * tensor (workspaces do). Shapes of volumes follow nnU-Net's axis order, e.g. {@code (c, z, y, x)}.
 *
 * @param shape extent per axis, each ≥ 0
 * @param data  values, {@code data.length == product(shape)}
 */
public record FloatTensor(int[] shape, float[] data) {
    public FloatTensor {
        shape = shape.clone();
        long n = numel(shape);
        if (n != data.length) {
            throw new IllegalArgumentException("data length " + data.length + " does not match shape "
                    + Arrays.toString(shape) + " (" + n + " elements)");
        }
    }

    /** A zero tensor of the given shape. */
    public static FloatTensor zeros(int... shape) {
        return new FloatTensor(shape, new float[Math.toIntExact(numel(shape))]);
    }

    /** Number of elements of a shape; throws on negative extents. */
    public static long numel(int... shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative extent in shape " + Arrays.toString(shape));
            n *= d;
        }
        return n;
    }

    /** The shape (a copy). */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Extent of axis {@code axis}. */
    public int dim(int axis) {
        return shape[axis];
    }

    /** Number of axes. */
    public int rank() {
        return shape.length;
    }

    /** Number of elements. */
    public int size() {
        return data.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatTensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "FloatTensor" + Arrays.toString(shape);
    }
}

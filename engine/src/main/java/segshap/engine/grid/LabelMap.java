package segshap.engine.grid;

import java.util.Arrays;
import segshap.kernels.InputException;
import segshap.kernels.tensor.FloatTensor;

/**
 * An integer label volume (organ labels, a predicted segmentation) in C order (z, y, x); 0 is background.
 *
 * <p>Like {@link FloatTensor}, the record takes ownership of {@code labels} without copying (label maps are
 * large); callers must not mutate it afterwards, and {@link #labels()} returns the array itself, read-only
 * by contract.
 *
 * @param shapeZyx extents (z, y, x), each ≥ 1
 * @param labels   one label ≥ 0 per voxel, {@code labels.length == z·y·x}
 */
public record LabelMap(int[] shapeZyx, int[] labels) {
    public LabelMap {
        shapeZyx = shapeZyx.clone();
        if (shapeZyx.length != 3 || shapeZyx[0] < 1 || shapeZyx[1] < 1 || shapeZyx[2] < 1) {
            throw new IllegalArgumentException("shapeZyx must hold 3 extents ≥ 1, got " + Arrays.toString(shapeZyx));
        }
        if ((long) shapeZyx[0] * shapeZyx[1] * shapeZyx[2] != labels.length) {
            throw new IllegalArgumentException("labels length " + labels.length + " does not match shape zyx "
                    + Arrays.toString(shapeZyx));
        }
    }

    /**
     * Labels from a float tensor of shape (z, y, x) or (1, z, y, x) holding whole numbers ≥ 0 (as read from
     * a NIfTI or .npy label file).
     *
     * @param source the file the tensor came from, for messages
     * @throws InputException when the rank is wrong or a value is negative, not whole or not finite
     */
    public static LabelMap fromTensor(FloatTensor tensor, String source) {
        int[] shape = tensor.shape();
        if (shape.length == 4 && shape[0] == 1) {
            shape = new int[] {shape[1], shape[2], shape[3]};
        }
        if (shape.length != 3) {
            throw new InputException("label map '" + source + "' has shape " + Arrays.toString(tensor.shape())
                    + "; expected a 3D volume (z, y, x) or (1, z, y, x)");
        }
        float[] data = tensor.data();
        int[] labels = new int[data.length];
        for (int i = 0; i < data.length; i++) {
            float v = data[i];
            if (!(v >= 0) || v != Math.rint(v) || v > Integer.MAX_VALUE) {
                int x = i % shape[2], y = (i / shape[2]) % shape[1], z = i / shape[2] / shape[1];
                throw new InputException("label map '" + source + "' holds " + v + " at voxel zyx (" + z + ","
                        + y + "," + x + "); labels must be whole numbers ≥ 0 — is this an image rather than a "
                        + "label map?");
            }
            labels[i] = (int) v;
        }
        return new LabelMap(shape, labels);
    }

    @Override
    public int[] shapeZyx() {
        return shapeZyx.clone();
    }

    public int sizeZ() { return shapeZyx[0]; }

    public int sizeY() { return shapeZyx[1]; }

    public int sizeX() { return shapeZyx[2]; }

    /** The label at flat C-order index {@code (z·Y + y)·X + x}. */
    public int labelAt(int flatIndex) {
        return labels[flatIndex];
    }

    /** The label at voxel (z, y, x). */
    public int labelAt(int z, int y, int x) {
        return labels[(z * shapeZyx[1] + y) * shapeZyx[2] + x];
    }

    /** Whether this map has the given shape (z, y, x). */
    public boolean hasShape(int[] otherShapeZyx) {
        return Arrays.equals(shapeZyx, otherShapeZyx);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelMap m && Arrays.equals(shapeZyx, m.shapeZyx) && Arrays.equals(labels, m.labels);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shapeZyx) + Arrays.hashCode(labels);
    }

    @Override
    public String toString() {
        return "LabelMap[zyx " + shapeZyx[0] + "×" + shapeZyx[1] + "×" + shapeZyx[2] + "]";
    }
}

package segshap.kernels.preprocess;

import java.util.Arrays;
import segshap.kernels.tensor.Box;
import segshap.kernels.tensor.FloatTensor;

/**
 * nnU-Net's {@code crop_to_nonzero}: crop {@code (c, z, y, x)} data to the bounding box of the voxels where any
 * channel is ≠ 0, and put results back into the full grid at export.
 *
 * <p>nnU-Net fills holes in the non-zero mask before taking its box; filling never enlarges the box, so the box
 * here is taken from {@code data != 0} directly. The filled mask itself matters only to
 * {@code ZScoreNormalization} with {@code use_mask_for_norm}, see {@link #createNonzeroMask}. NaN counts as
 * non-zero, as in numpy. If no voxel is non-zero the box is the whole image. Example: a 10×10×10 volume that is
 * 0 except in slices z 2..6 crops to {@code zyx [2,0,0)..[7,10,10)}.
 */
public final class CropToNonzero {
    private CropToNonzero() {}

    /**
     * Cropped data and the box it was cut from.
     *
     * @param dataCzyx the cropped {@code (c, z', y', x')} data
     * @param bbox     half-open box in the input's {@code (z, y, x)} grid ({@code bbox_used_for_cropping})
     */
    public record Cropped(FloatTensor dataCzyx, Box bbox) {}

    /** Crops {@code dataCzyx} to its non-zero bounding box; returns the input itself when the box is the whole image. */
    public static Cropped cropToNonzero(FloatTensor dataCzyx) {
        Box bbox = nonzeroBoundingBox(dataCzyx);
        return new Cropped(crop(dataCzyx, bbox), bbox);
    }

    /** The half-open box of voxels where any channel is ≠ 0 (the whole image when there is none). */
    public static Box nonzeroBoundingBox(FloatTensor dataCzyx) {
        int[] s = checkCzyx(dataCzyx);
        int c = s[0], nz = s[1], ny = s[2], nx = s[3];
        int volume = nz * ny * nx;
        float[] a = dataCzyx.data();
        int z0 = nz, y0 = ny, x0 = nx, z1 = -1, y1 = -1, x1 = -1;
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                int row = (z * ny + y) * nx;
                for (int x = 0; x < nx; x++) {
                    if (isNonzero(a, row + x, c, volume)) {
                        if (z < z0) z0 = z;
                        if (z > z1) z1 = z;
                        if (y < y0) y0 = y;
                        if (y > y1) y1 = y;
                        if (x < x0) x0 = x;
                        if (x > x1) x1 = x;
                    }
                }
            }
        }
        if (z1 < 0) return new Box(0, 0, 0, nz, ny, nx);
        return new Box(z0, y0, x0, z1 + 1, y1 + 1, x1 + 1);
    }

    /** {@code dataCzyx[:, bbox]}; the input itself when {@code bbox} covers the whole image. */
    public static FloatTensor crop(FloatTensor dataCzyx, Box bbox) {
        int[] s = checkCzyx(dataCzyx);
        checkInside(bbox, s[1], s[2], s[3]);
        if (bbox.equals(Box.ofShape(new int[] {s[1], s[2], s[3]}))) return dataCzyx;
        int c = s[0], ny = s[2], nx = s[3];
        int bz = bbox.sizeZ(), by = bbox.sizeY(), bx = bbox.sizeX();
        float[] src = dataCzyx.data();
        float[] dst = new float[c * bz * by * bx];
        int o = 0;
        for (int ch = 0; ch < c; ch++) {
            for (int z = 0; z < bz; z++) {
                for (int y = 0; y < by; y++) {
                    int from = ((ch * s[1] + bbox.z0() + z) * ny + bbox.y0() + y) * nx + bbox.x0();
                    System.arraycopy(src, from, dst, o, bx);
                    o += bx;
                }
            }
        }
        return new FloatTensor(new int[] {c, bz, by, bx}, dst);
    }

    /**
     * The inverse of {@link #crop}: a {@code (c, z, y, x)} tensor of {@code shapeZyx} holding {@code croppedCzyx}
     * at {@code bbox} and {@code outsidePerChannel[c]} elsewhere (nnU-Net's {@code insert_crop_into_image} into a
     * prepared array).
     *
     * @param outsidePerChannel one value per channel, e.g. {@code {1, 0, 0}} for probabilities (background 1)
     */
    public static FloatTensor insertCrop(FloatTensor croppedCzyx, Box bbox, int[] shapeZyx, float[] outsidePerChannel) {
        int[] s = checkCzyx(croppedCzyx);
        checkInside(bbox, shapeZyx[0], shapeZyx[1], shapeZyx[2]);
        if (s[1] != bbox.sizeZ() || s[2] != bbox.sizeY() || s[3] != bbox.sizeX()) {
            throw new IllegalArgumentException("cropped data shape " + Arrays.toString(s) + " does not fit " + bbox);
        }
        if (outsidePerChannel.length != s[0]) {
            throw new IllegalArgumentException("need one outside value per channel (" + s[0] + "), got " + outsidePerChannel.length);
        }
        int c = s[0], nz = shapeZyx[0], ny = shapeZyx[1], nx = shapeZyx[2];
        int volume = nz * ny * nx;
        float[] dst = new float[c * volume];
        float[] src = croppedCzyx.data();
        int bz = bbox.sizeZ(), by = bbox.sizeY(), bx = bbox.sizeX();
        int i = 0;
        for (int ch = 0; ch < c; ch++) {
            if (outsidePerChannel[ch] != 0f) Arrays.fill(dst, ch * volume, (ch + 1) * volume, outsidePerChannel[ch]);
            for (int z = 0; z < bz; z++) {
                for (int y = 0; y < by; y++) {
                    int to = ((ch * nz + bbox.z0() + z) * ny + bbox.y0() + y) * nx + bbox.x0();
                    System.arraycopy(src, i, dst, to, bx);
                    i += bx;
                }
            }
        }
        return new FloatTensor(new int[] {c, nz, ny, nx}, dst);
    }

    /** {@link #insertCrop} for one {@code (z, y, x)} volume. */
    public static FloatTensor insertCropZyx(FloatTensor croppedZyx, Box bbox, int[] shapeZyx, float outside) {
        int[] s = croppedZyx.shape();
        if (s.length != 3) throw new IllegalArgumentException("expected a (z, y, x) volume, got " + Arrays.toString(s));
        FloatTensor four = new FloatTensor(new int[] {1, s[0], s[1], s[2]}, croppedZyx.data());
        FloatTensor out = insertCrop(four, bbox, shapeZyx, new float[] {outside});
        return new FloatTensor(shapeZyx, out.data());
    }

    /**
     * nnU-Net's {@code create_nonzero_mask}: voxels where any channel is ≠ 0, with holes filled (scipy
     * {@code binary_fill_holes}, face connectivity: zero voxels not connected to the image border through zero
     * voxels become part of the mask). Layout {@code (z, y, x)}, C order.
     */
    public static boolean[] createNonzeroMask(FloatTensor dataCzyx) {
        int[] s = checkCzyx(dataCzyx);
        int c = s[0], nz = s[1], ny = s[2], nx = s[3];
        int volume = nz * ny * nx;
        float[] a = dataCzyx.data();
        boolean[] mask = new boolean[volume];
        for (int i = 0; i < volume; i++) mask[i] = isNonzero(a, i, c, volume);
        // flood the background from every zero voxel on the border; what stays unreached is mask or hole
        boolean[] outside = new boolean[volume];
        IntStack stack = new IntStack();
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    boolean border = z == 0 || y == 0 || x == 0 || z == nz - 1 || y == ny - 1 || x == nx - 1;
                    int i = (z * ny + y) * nx + x;
                    if (border && !mask[i] && !outside[i]) {
                        outside[i] = true;
                        stack.push(i);
                    }
                }
            }
        }
        int plane = ny * nx;
        while (stack.size > 0) {
            int i = stack.pop();
            int z = i / plane, y = (i / nx) % ny, x = i % nx;
            if (z > 0) visit(i - plane, mask, outside, stack);
            if (z < nz - 1) visit(i + plane, mask, outside, stack);
            if (y > 0) visit(i - nx, mask, outside, stack);
            if (y < ny - 1) visit(i + nx, mask, outside, stack);
            if (x > 0) visit(i - 1, mask, outside, stack);
            if (x < nx - 1) visit(i + 1, mask, outside, stack);
        }
        for (int i = 0; i < volume; i++) mask[i] = !outside[i];
        return mask;
    }

    private static void visit(int j, boolean[] mask, boolean[] outside, IntStack stack) {
        if (!mask[j] && !outside[j]) {
            outside[j] = true;
            stack.push(j);
        }
    }

    private static boolean isNonzero(float[] a, int voxel, int channels, int volume) {
        for (int ch = 0; ch < channels; ch++) {
            if (a[ch * volume + voxel] != 0f) return true; // NaN != 0 is true, as in numpy
        }
        return false;
    }

    private static int[] checkCzyx(FloatTensor t) {
        if (t.rank() != 4) throw new IllegalArgumentException("expected (c, z, y, x) data, got shape " + Arrays.toString(t.shape()));
        return t.shape();
    }

    private static void checkInside(Box b, int nz, int ny, int nx) {
        if (b.z0() < 0 || b.y0() < 0 || b.x0() < 0 || b.z1() > nz || b.y1() > ny || b.x1() > nx) {
            throw new IllegalArgumentException(b + " is not inside the grid " + nz + "×" + ny + "×" + nx);
        }
    }

    /** A growable int stack, so the flood fill does not box every voxel index. */
    private static final class IntStack {
        int[] items = new int[1024];
        int size;

        void push(int v) {
            if (size == items.length) items = Arrays.copyOf(items, size * 2);
            items[size++] = v;
        }

        int pop() {
            return items[--size];
        }
    }
}

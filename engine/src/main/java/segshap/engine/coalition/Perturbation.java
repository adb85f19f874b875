package segshap.engine.coalition;

import java.util.Arrays;
import segshap.engine.units.UnitPartition;
import segshap.kernels.tensor.Box;

/**
 * The perturbation operator (paper eq. 1) in the preprocessed volume: every voxel of a removed unit, in
 * every channel, becomes the masking value b_norm; every other voxel keeps its preprocessed value.
 *
 * <p>Because CT normalisation is a fixed per-voxel map, writing b_norm = norm(−1024 HU) after
 * preprocessing equals masking to −1024 HU before it. A coalition is a {@link Coalition} over unit indices
 * ({@link UnitPartition#units()} order): bit set = unit kept. Bits of excluded units are ignored (those
 * units are never perturbed). Neither method allocates.
 */
public final class Perturbation {
    private Perturbation() {}

    /**
     * Writes X^(m) into {@code dstCzyx} on the voxels of {@code region} only (all channels).
     *
     * @param preprocessedCzyx original preprocessed volume (c, z, y, x) on the partition's grid
     * @param keptUnits        coalition m: bit i set = unit i kept
     * @param region           the box of grid voxels to write; voxels outside it are not touched
     * @param dstCzyx          destination of the same length as {@code preprocessedCzyx}
     */
    public static void apply(float[] preprocessedCzyx, UnitPartition partition, Coalition keptUnits, Box region,
                             float[] dstCzyx) {
        Box grid = partition.grid().box();
        if (dstCzyx.length != preprocessedCzyx.length) {
            throw new IllegalArgumentException("dst length " + dstCzyx.length + " != source length "
                    + preprocessedCzyx.length);
        }
        if (!grid.intersect(region).equals(region)) {
            throw new IllegalArgumentException("region " + region + " must lie inside the grid " + grid);
        }
        int channels = channels(preprocessedCzyx, partition);
        int sy = grid.sizeY(), sx = grid.sizeX();
        long voxels = grid.voxelCount();
        for (int c = 0; c < channels; c++) {
            for (int z = region.z0(); z < region.z1(); z++) {
                for (int y = region.y0(); y < region.y1(); y++) {
                    int row = (int) (c * voxels + ((long) z * sy + y) * sx);
                    writeRow(preprocessedCzyx, row, z, y, region.x0(), region.x1(), dstCzyx, row + region.x0(),
                            partition, keptUnits);
                }
            }
        }
    }

    /**
     * Writes the perturbed input of one sliding-window tile into a tile buffer (c, pz, py, px): zero wherever the
     * tile reaches outside {@code visible} (nnU-Net's padding of the volume, or of a crop predicted alone).
     *
     * @param visible       the grid voxels the sliding window sees: the whole grid, or a crop inside it
     * @param tileStartZyx  the tile's first voxel in the unpadded network-grid frame (negative, or reaching
     *                      past the visible box, where nnU-Net pads)
     * @param patchSizeZyx  the patch size (pz, py, px)
     * @param tileBuffer    destination; {@code channels·pz·py·px} floats are written from {@code tileOffset}
     */
    public static void writeTileInput(float[] preprocessedCzyx, UnitPartition partition, Coalition keptUnits, Box visible,
                                      int[] tileStartZyx, int[] patchSizeZyx, float[] tileBuffer, int tileOffset) {
        int channels = channels(preprocessedCzyx, partition);
        Box grid = partition.grid().box();
        if (visible.isEmpty() || !grid.intersect(visible).equals(visible)) {
            throw new IllegalArgumentException("visible box " + visible + " must be non-empty and inside the grid " + grid);
        }
        int sy = grid.sizeY(), sx = grid.sizeX();
        int pz = patchSizeZyx[0], py = patchSizeZyx[1], px = patchSizeZyx[2];
        if (tileOffset < 0 || tileOffset + (long) channels * pz * py * px > tileBuffer.length) {
            throw new IllegalArgumentException("tile buffer of length " + tileBuffer.length + " cannot hold "
                    + channels + "×" + pz + "×" + py + "×" + px + " floats at offset " + tileOffset);
        }
        int z0 = tileStartZyx[0], y0 = tileStartZyx[1], x0 = tileStartZyx[2];
        int xIn0 = Math.max(visible.x0(), x0), xIn1 = Math.min(visible.x1(), x0 + px); // visible part of each row
        long voxels = grid.voxelCount();
        int dst = tileOffset;
        for (int c = 0; c < channels; c++) {
            for (int tz = 0; tz < pz; tz++) {
                int z = z0 + tz;
                for (int ty = 0; ty < py; ty++, dst += px) {
                    int y = y0 + ty;
                    if (z < visible.z0() || z >= visible.z1() || y < visible.y0() || y >= visible.y1() || xIn0 >= xIn1) {
                        Arrays.fill(tileBuffer, dst, dst + px, 0f);
                        continue;
                    }
                    Arrays.fill(tileBuffer, dst, dst + (xIn0 - x0), 0f);
                    int row = (int) (c * voxels + ((long) z * sy + y) * sx);
                    writeRow(preprocessedCzyx, row, z, y, xIn0, xIn1, tileBuffer, dst + (xIn0 - x0), partition,
                            keptUnits);
                    Arrays.fill(tileBuffer, dst + (xIn1 - x0), dst + px, 0f);
                }
            }
        }
    }

    /** Copies src[row + x] for x ∈ [xFrom, xTo) of grid row (z, y) to dst[dstPos…], masking removed units. */
    private static void writeRow(float[] src, int row, int z, int y, int xFrom, int xTo, float[] dst, int dstPos,
                                 UnitPartition partition, Coalition kept) {
        Box ur = partition.unitRegion();
        int uFrom = Math.max(xFrom, ur.x0()), uTo = Math.min(xTo, ur.x1());
        if (z < ur.z0() || z >= ur.z1() || y < ur.y0() || y >= ur.y1() || uFrom >= uTo) {
            System.arraycopy(src, row + xFrom, dst, dstPos, xTo - xFrom);
            return;
        }
        System.arraycopy(src, row + xFrom, dst, dstPos, uFrom - xFrom);
        int[] index = partition.rawUnitIndexOverRegion();
        boolean[] perturbable = partition.rawPerturbable();
        float b = partition.maskingValue();
        int unitRow = ((z - ur.z0()) * ur.sizeY() + (y - ur.y0())) * ur.sizeX() - ur.x0();
        int d = dstPos + (uFrom - xFrom);
        for (int x = uFrom; x < uTo; x++, d++) {
            int u = index[unitRow + x];
            dst[d] = u >= 0 && perturbable[u] && !kept.contains(u) ? b : src[row + x];
        }
        System.arraycopy(src, row + uTo, dst, d, xTo - uTo);
    }

    private static int channels(float[] preprocessedCzyx, UnitPartition partition) {
        long voxels = partition.grid().voxelCount();
        if (preprocessedCzyx.length == 0 || preprocessedCzyx.length % voxels != 0) {
            throw new IllegalArgumentException("preprocessed volume length " + preprocessedCzyx.length
                    + " is not a positive multiple of the grid's " + voxels + " voxels");
        }
        return (int) (preprocessedCzyx.length / voxels);
    }
}

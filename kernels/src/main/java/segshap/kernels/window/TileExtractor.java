package segshap.kernels.window;

import java.util.Arrays;
import segshap.kernels.tensor.Box;
import segshap.kernels.tensor.FloatTensor;

/** Copies one tile's network input out of the preprocessed volume, reading zeros where the tile covers padding. */
public final class TileExtractor {
    private TileExtractor() {}

    /**
     * Writes the tile's input {@code (c, Z, Y, X)} (patch extent) into {@code dst} from {@code off}. Voxels in
     * the padding read 0, nnU-Net's pad value (zero in normalised units), so the padded volume is never built.
     *
     * @param preprocessedCzyx preprocessed volume {@code (c, z, y, x)} with {@code (z, y, x) == grid.shapeZyx()}
     * @param grid             the tiling of that volume
     * @param tile             one of {@code grid.tiles()}
     * @param dst              destination, at least {@code off + c·Z·Y·X} long
     * @param off              first index written
     */
    public static void extractTile(FloatTensor preprocessedCzyx, TileGrid grid, Tile tile, float[] dst, int off) {
        int[] shape = preprocessedCzyx.shape();
        int[] vol = grid.shapeZyx();
        if (shape.length != 4 || shape[1] != vol[0] || shape[2] != vol[1] || shape[3] != vol[2]) {
            throw new IllegalArgumentException("preprocessed volume " + Arrays.toString(shape)
                    + " does not match the tile grid's (c, " + vol[0] + ", " + vol[1] + ", " + vol[2] + ")");
        }
        int[] p = grid.patchZyx();
        int channels = shape[0];
        int tileVoxels = p[0] * p[1] * p[2];
        if (dst.length - off < channels * tileVoxels || off < 0) {
            throw new IllegalArgumentException("dst holds " + (dst.length - off) + " floats from " + off + ", tile needs "
                    + channels * tileVoxels);
        }
        Box t = grid.tileBoxUnpaddedUnclipped(tile); // tile voxel (i,j,k) is volume voxel (t.z0+i, t.y0+j, t.x0+k)
        Box inside = t.intersect(grid.volumeBox());
        float[] src = preprocessedCzyx.data();
        int nz = vol[0], ny = vol[1], nx = vol[2];
        // x range of a row that lies in the volume, in tile coordinates
        int xLo = inside.x0() - t.x0(), xHi = inside.x1() - t.x0();
        for (int c = 0; c < channels; c++) {
            int dstC = off + c * tileVoxels;
            for (int i = 0; i < p[0]; i++) {
                int z = t.z0() + i;
                for (int j = 0; j < p[1]; j++) {
                    int y = t.y0() + j;
                    int row = dstC + (i * p[1] + j) * p[2];
                    if (z < 0 || z >= nz || y < 0 || y >= ny || xLo >= xHi) {
                        Arrays.fill(dst, row, row + p[2], 0f);
                        continue;
                    }
                    Arrays.fill(dst, row, row + xLo, 0f);
                    System.arraycopy(src, ((c * nz + z) * ny + y) * nx + t.x0() + xLo, dst, row + xLo, xHi - xLo);
                    Arrays.fill(dst, row + xHi, row + p[2], 0f);
                }
            }
        }
    }
}

package segshap.engine.grid;

import segshap.kernels.InputException;

/**
 * Brings a label map from its own grid onto another grid (usually the network grid) by nearest neighbour
 * in world space.
 *
 * <p>For every target voxel centre, the world point {@code T·(z, y, x, 1)} is mapped into the source grid
 * with {@code S⁻¹}; each continuous index is rounded half up ({@code floor(v + 0.5)}); a centre that falls
 * outside the source grid gets background 0. The composite {@code S⁻¹·T} is formed once in double.
 */
public final class LabelResampling {
    private LabelResampling() {}

    /**
     * The label map resampled onto {@code targetGrid}.
     *
     * @param source      labels on {@code sourceGrid}
     * @param sourceFile  the label map's file, for messages
     * @param targetFile  the CT the target grid belongs to, for messages
     * @throws InputException when the two grids' world extents do not overlap
     */
    public static LabelMap nearestNeighbour(LabelMap source, GridGeometry sourceGrid, GridGeometry targetGrid,
                                            String sourceFile, String targetFile) {
        if (!source.hasShape(sourceGrid.shapeZyx())) {
            throw new IllegalArgumentException("label map shape zyx " + GridGeometry.dims(source.shapeZyx())
                    + " differs from its grid geometry's " + GridGeometry.dims(sourceGrid.shapeZyx()));
        }
        if (sourceGrid.equals(targetGrid)) return source;
        double[] s = sourceGrid.worldBoundsMm(), t = targetGrid.worldBoundsMm();
        for (int i = 0; i < 3; i++) {
            if (!(Math.min(s[i + 3], t[i + 3]) > Math.max(s[i], t[i]))) {
                throw new InputException("label map '" + sourceFile + "' does not overlap the CT ('" + targetFile
                        + "'): world extent " + bounds(s) + " vs " + bounds(t) + "; check that both files belong "
                        + "to the same scan and that their headers (origin, direction) are right");
            }
        }
        double[] inv = sourceGrid.worldXyzMmToNetZyx();
        double[] a = targetGrid.netZyxToWorldXyzMm();
        double[] m = new double[12]; // (S⁻¹·T) rows 0..2: target (z,y,x,1) → source (z,y,x)
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                m[4 * r + c] = inv[4 * r] * a[c] + inv[4 * r + 1] * a[4 + c] + inv[4 * r + 2] * a[8 + c]
                        + (c == 3 ? inv[4 * r + 3] : 0.0);
            }
        }
        int tz = targetGrid.sizeZ(), ty = targetGrid.sizeY(), tx = targetGrid.sizeX();
        int sz = sourceGrid.sizeZ(), sy = sourceGrid.sizeY(), sx = sourceGrid.sizeX();
        int[] src = source.labels();
        int[] out = new int[Math.toIntExact(targetGrid.voxelCount())];
        int k = 0;
        for (int z = 0; z < tz; z++) {
            for (int y = 0; y < ty; y++) {
                for (int x = 0; x < tx; x++, k++) {
                    int iz = GridGeometry.roundHalfUp(m[0] * z + m[1] * y + m[2] * x + m[3]);
                    int iy = GridGeometry.roundHalfUp(m[4] * z + m[5] * y + m[6] * x + m[7]);
                    int ix = GridGeometry.roundHalfUp(m[8] * z + m[9] * y + m[10] * x + m[11]);
                    if (iz >= 0 && iz < sz && iy >= 0 && iy < sy && ix >= 0 && ix < sx) {
                        out[k] = src[(iz * sy + iy) * sx + ix];
                    }
                }
            }
        }
        return new LabelMap(targetGrid.shapeZyx(), out);
    }

    private static String bounds(double[] b) {
        return "x [" + GridGeometry.mm(b[0]) + ", " + GridGeometry.mm(b[3]) + "] y [" + GridGeometry.mm(b[1]) + ", " + GridGeometry.mm(b[4])
                + "] z [" + GridGeometry.mm(b[2]) + ", " + GridGeometry.mm(b[5]) + "] mm";
    }
}

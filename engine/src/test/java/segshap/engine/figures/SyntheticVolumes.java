package segshap.engine.figures;

import segshap.kernels.tensor.FloatTensor;

/** Small synthetic (z, y, x) volumes for figure tests. */
final class SyntheticVolumes {
    private SyntheticVolumes() {}

    static FloatTensor filled(int[] shapeZyx, float value) {
        FloatTensor t = FloatTensor.zeros(shapeZyx);
        java.util.Arrays.fill(t.data(), value);
        return t;
    }

    /** Sets the half-open box [z0, z1) × [y0, y1) × [x0, x1) of a (z, y, x) tensor to value. */
    static void fillBox(FloatTensor t, int z0, int z1, int y0, int y1, int x0, int x1, float value) {
        int ny = t.dim(1);
        int nx = t.dim(2);
        float[] d = t.data();
        for (int z = z0; z < z1; z++) {
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) d[(z * ny + y) * nx + x] = value;
            }
        }
    }

    static int red(int rgb) {
        return (rgb >> 16) & 0xff;
    }

    static int green(int rgb) {
        return (rgb >> 8) & 0xff;
    }

    static int blue(int rgb) {
        return rgb & 0xff;
    }

    static String rgbText(int rgb) {
        return "(" + red(rgb) + ", " + green(rgb) + ", " + blue(rgb) + ")";
    }
}

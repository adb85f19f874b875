package segshap.kernels.cpu;

/**
 * {@code AvgPool3d(kernel = stride = s)}, no padding, floor: the pooling on the skip path of a strided
 * ResEnc block. {@code out[c,z,y,x] = mean over the s-box at (z·sz, y·sy, x·sx)}.
 */
final class AvgPool3d {
    private final int sz, sy, sx;

    AvgPool3d(int[] strideZyx) {
        sz = strideZyx[0];
        sy = strideZyx[1];
        sx = strideZyx[2];
    }

    int[] outputZyx(int[] inZyx) {
        return new int[] {inZyx[0] / sz, inZyx[1] / sy, inZyx[2] / sx};
    }

    /** @param in {@code (C, Z, Y, X)} · @param out {@code (C, Z/sz, Y/sy, X/sx)} */
    void forward(float[] in, int channels, int[] inZyx, float[] out, ParallelFor par) {
        int[] o = outputZyx(inZyx);
        int zIn = inZyx[0], yIn = inZyx[1], xIn = inZyx[2];
        float count = sz * sy * sx;
        par.run(channels, (c, worker) -> {
            int inBase = c * zIn * yIn * xIn;
            int outIdx = c * o[0] * o[1] * o[2];
            for (int z = 0; z < o[0]; z++) {
                for (int y = 0; y < o[1]; y++) {
                    for (int x = 0; x < o[2]; x++) {
                        float s = 0f;
                        for (int a = 0; a < sz; a++) {
                            for (int b = 0; b < sy; b++) {
                                int row = inBase + ((z * sz + a) * yIn + y * sy + b) * xIn + x * sx;
                                for (int d = 0; d < sx; d++) s += in[row + d];
                            }
                        }
                        out[outIdx++] = s / count;
                    }
                }
            }
        });
    }
}

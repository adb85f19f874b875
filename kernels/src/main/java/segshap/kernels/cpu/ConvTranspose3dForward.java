package segshap.kernels.cpu;

import java.util.Arrays;

/**
 * nnU-Net's decoder upsampling, {@code ConvTranspose3d(kernel = stride = s)}: no overlap between taps.
 *
 * <p>{@code out[o, z·sz+a, y·sy+b, x·sx+c] = bias[o] + Σ_i in[i,z,y,x] · W[i,o,a,b,c]}
 * <br>layouts: in {@code (I,Z,Y,X)} · W {@code (I,O,sz,sy,sx)} (in/out swapped against Conv3d, trap 6)
 * · out {@code (O, Z·sz, Y·sy, X·sx)}.
 *
 * <p>Per input-position block the input channels are copied into rows once, then each tap {@code (a,b,c)}
 * is a small GEMM with {@link GemmRows} whose result is scattered to the tap's output lattice.
 */
final class ConvTranspose3dForward {
    final int inChannels;
    final int outChannels;
    private final int sz, sy, sx;
    private final int kBlocks;       // ceil(inChannels / 3)
    private final int oBlocks;       // ceil(outChannels / 3)
    private final float[][][][] wTap; // per tap (a,b,c): GemmRows.packWeights of (outChannels, inChannels)
    private final float[] bias;       // (3·oBlocks), zero-padded

    /**
     * @param weight {@code (I, O, sz, sy, sx)} as in the state dict
     * @param bias   {@code (O)} or {@code null}
     */
    ConvTranspose3dForward(float[] weight, float[] bias, int inChannels, int outChannels, int[] strideZyx) {
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        sz = strideZyx[0];
        sy = strideZyx[1];
        sx = strideZyx[2];
        int taps = sz * sy * sx;
        if (weight.length != inChannels * outChannels * taps) {
            throw new IllegalArgumentException("transposed conv weight has " + weight.length + " values, expected "
                    + inChannels * outChannels * taps);
        }
        kBlocks = GemmRows.blocks(inChannels);
        oBlocks = GemmRows.blocks(outChannels);
        wTap = new float[taps][][][];
        float[] tapMatrix = new float[outChannels * inChannels]; // (O, I) of one tap
        for (int t = 0; t < taps; t++) {
            for (int i = 0; i < inChannels; i++) {
                for (int o = 0; o < outChannels; o++) {
                    tapMatrix[o * inChannels + i] = weight[(i * outChannels + o) * taps + t];
                }
            }
            wTap[t] = GemmRows.packWeights(tapMatrix, outChannels, inChannels);
        }
        this.bias = new float[3 * oBlocks];
        if (bias != null) System.arraycopy(bias, 0, this.bias, 0, outChannels);
    }

    int[] outputZyx(int[] inZyx) {
        return new int[] {inZyx[0] * sz, inZyx[1] * sy, inZyx[2] * sx};
    }

    /** im2col rows this op needs: all input channels at once. */
    int colRows() {
        return 3 * kBlocks;
    }

    /** Accumulator rows one task needs at most. */
    int accRows() {
        return 3 * oBlocks;
    }

    /** @param in {@code (I, Z, Y, X)} from 0 · @param out {@code (O, Z·sz, Y·sy, X·sx)} from 0 */
    void forward(float[] in, int[] inZyx, float[] out, ParallelFor par, Scratch[] scratch) {
        int positions = inZyx[0] * inZyx[1] * inZyx[2];
        Conv3dForward.forEachBlock(positions, oBlocks, par, (p0, n, ob0, ob1, worker) ->
                computeBlock(in, inZyx, positions, out, p0, n, ob0, ob1, scratch[worker]));
    }

    private void computeBlock(float[] in, int[] inZyx, int positions, float[] out, int p0, int n, int ob0, int ob1,
                              Scratch s) {
        float[][] col = s.col;
        int o0 = 3 * ob0;
        int o1 = 3 * ob1;
        int oEnd = Math.min(o1, outChannels); // padded outputs are computed into spare rows and dropped
        for (int i = 0; i < 3 * kBlocks; i++) {
            if (i < inChannels) System.arraycopy(in, i * positions + p0, col[i], 0, n);
            else Arrays.fill(col[i], 0, n, 0f);
        }
        int yIn = inZyx[1], xIn = inZyx[2];
        int zOut = inZyx[0] * sz, yOut = yIn * sy, xOut = xIn * sx;
        float[][] acc = s.acc;
        int t = 0;
        for (int a = 0; a < sz; a++) {
            for (int b = 0; b < sy; b++) {
                for (int c = 0; c < sx; c++, t++) {
                    for (int o = o0; o < o1; o++) Arrays.fill(acc[o - o0], 0, n, bias[o]);
                    GemmRows.accumulate(acc, col, wTap[t], ob0, ob1, 0, kBlocks, n);
                    for (int o = o0; o < oEnd; o++) {
                        float[] row = acc[o - o0];
                        int outChannel = o * zOut * yOut * xOut;
                        for (int j = 0, p = p0; j < n; ) {
                            int z = p / (yIn * xIn), y = (p / xIn) % yIn, x = p % xIn;
                            int len = Math.min(xIn - x, n - j);
                            int dst = outChannel + ((z * sz + a) * yOut + y * sy + b) * xOut + x * sx + c;
                            for (int q = 0; q < len; q++) out[dst + q * sx] = row[j + q];
                            j += len;
                            p += len;
                        }
                    }
                }
            }
        }
    }
}

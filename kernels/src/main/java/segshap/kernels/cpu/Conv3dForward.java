package segshap.kernels.cpu;

import java.util.Arrays;

/**
 * 3D convolution as nnU-Net's {@code Conv3d}: zero padding {@code (k−1)/2} per axis, stride, optional bias.
 *
 * <p>{@code out[o,z,y,x] = b[o] + Σ_{c,dz,dy,dx} W[o,c,dz,dy,dx] · in[c, z·sz+dz−pz, y·sy+dy−py, x·sx+dx−px]}
 * <br>layouts: in {@code (C,Z,Y,X)} · W {@code (O,C,kz,ky,kx)} · out {@code (O,Zo,Yo,Xo)}; fp32 fused multiply-add.
 *
 * <p>Method: im2col + GEMM on blocks. Output positions are cut into blocks of {@link Scratch#BLOCK_POSITIONS}
 * (flattened {@code z,y,x}); for each block the im2col rows {@code k = (c,dz,dy,dx)} are gathered
 * {@link Scratch#BLOCK_ROWS} at a time and multiplied into accumulator rows by {@link GemmRows}. Tasks are
 * (position block × output-channel group); every output element sums its K products in ascending k, so the
 * result does not depend on the number of threads.
 */
final class Conv3dForward {
    final int inChannels;
    final int outChannels;
    private final int kz, ky, kx;
    private final int sz, sy, sx;
    private final int pz, py, px;
    private final int k;        // inChannels·kz·ky·kx
    private final int kp;       // k rounded up to a multiple of 3
    private final float[] w;    // (outChannels, kp), zero beyond k
    private final float[] bias; // (outChannels), zeros when the conv has none

    /**
     * @param weight {@code (O, C, kz, ky, kx)} as in the state dict
     * @param bias   {@code (O)} or {@code null}
     */
    Conv3dForward(float[] weight, float[] bias, int outChannels, int inChannels, int[] kernelZyx, int[] strideZyx) {
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        kz = kernelZyx[0];
        ky = kernelZyx[1];
        kx = kernelZyx[2];
        sz = strideZyx[0];
        sy = strideZyx[1];
        sx = strideZyx[2];
        pz = (kz - 1) / 2;
        py = (ky - 1) / 2;
        px = (kx - 1) / 2;
        k = inChannels * kz * ky * kx;
        kp = GemmRows.padK(k);
        if (weight.length != outChannels * k) {
            throw new IllegalArgumentException("conv weight has " + weight.length + " values, expected " + outChannels * k);
        }
        w = new float[outChannels * kp];
        for (int o = 0; o < outChannels; o++) System.arraycopy(weight, o * k, w, o * kp, k);
        this.bias = bias == null ? new float[outChannels] : bias.clone();
    }

    /** Output extent {@code (Zo, Yo, Xo)} for an input extent. */
    int[] outputZyx(int[] inZyx) {
        return new int[] {(inZyx[0] + 2 * pz - kz) / sz + 1, (inZyx[1] + 2 * py - ky) / sy + 1,
                (inZyx[2] + 2 * px - kx) / sx + 1};
    }

    /** Multiply-accumulates of one forward. */
    long macs(int[] inZyx) {
        int[] o = outputZyx(inZyx);
        return (long) o[0] * o[1] * o[2] * outChannels * k;
    }

    /**
     * @param in    {@code (C, Z, Y, X)} from {@code inOffset}
     * @param out   {@code (O, Zo, Yo, Xo)} from 0
     */
    void forward(float[] in, int inOffset, int[] inZyx, float[] out, ParallelFor par, Scratch[] scratch) {
        int[] outZyx = outputZyx(inZyx);
        int positions = outZyx[0] * outZyx[1] * outZyx[2];
        int blocks = (positions + Scratch.BLOCK_POSITIONS - 1) / Scratch.BLOCK_POSITIONS;
        int groupSize = channelGroupSize(outChannels, blocks, par.threads());
        int groups = (outChannels + groupSize - 1) / groupSize;
        par.run(blocks * groups, (task, worker) -> {
            int block = task / groups;
            int o0 = (task % groups) * groupSize;
            int o1 = Math.min(outChannels, o0 + groupSize);
            int p0 = block * Scratch.BLOCK_POSITIONS;
            int n = Math.min(Scratch.BLOCK_POSITIONS, positions - p0);
            computeBlock(in, inOffset, inZyx, outZyx, out, positions, p0, n, o0, o1, scratch[worker]);
        });
    }

    /**
     * Output channels per task: all of them when there are enough position blocks to keep every thread busy,
     * otherwise fewer (a multiple of 3, the kernel's row block) so small deep layers still spread out.
     */
    static int channelGroupSize(int channels, int blocks, int threads) {
        int wantedTasks = 2 * threads;
        if (blocks >= wantedTasks) return channels;
        int groups = (wantedTasks + blocks - 1) / blocks;
        int size = (channels + groups - 1) / groups;
        size = Math.max(6, GemmRows.padK(size));
        return Math.min(channels, size);
    }

    private void computeBlock(float[] in, int inOffset, int[] inZyx, int[] outZyx, float[] out, int positions,
                              int p0, int n, int o0, int o1, Scratch s) {
        float[][] acc = s.acc;
        for (int o = o0; o < o1; o++) Arrays.fill(acc[o - o0], 0, n, bias[o]);
        int rows = Math.min(Scratch.BLOCK_ROWS, s.col.length) / 3 * 3;
        for (int k0 = 0; k0 < kp; k0 += rows) {
            int k1 = Math.min(kp, k0 + rows);
            im2col(in, inOffset, inZyx, outZyx, p0, n, k0, k1, s.col);
            GemmRows.accumulate(acc, o0, s.col, w, kp, o0, o1, k0, k1, n);
        }
        for (int o = o0; o < o1; o++) System.arraycopy(acc[o - o0], 0, out, o * positions + p0, n);
    }

    /** Gathers im2col rows {@code [k0,k1)} for output positions {@code [p0, p0+n)} into {@code col[k−k0][0..n)}. */
    private void im2col(float[] in, int inOffset, int[] inZyx, int[] outZyx, int p0, int n, int k0, int k1,
                        float[][] col) {
        int zIn = inZyx[0], yIn = inZyx[1], xIn = inZyx[2];
        int yOut = outZyx[1], xOut = outZyx[2];
        int taps = kz * ky * kx;
        for (int kk = k0; kk < k1; kk++) {
            float[] row = col[kk - k0];
            if (kk >= k) { // padding row of the 3-tap kernel block
                Arrays.fill(row, 0, n, 0f);
                continue;
            }
            int c = kk / taps;
            int t = kk % taps;
            int dz = t / (ky * kx), dy = (t / kx) % ky, dx = t % kx;
            int channelBase = inOffset + c * zIn * yIn * xIn;
            // x range of this tap that lands inside the input: xi = xo·sx + dx − px ∈ [0, xIn)
            int xoLo = ceilDiv(px - dx, sx);
            int xoHi = ceilDiv(xIn + px - dx, sx); // exclusive
            int p = p0;
            int j = 0;
            while (j < n) {
                int zo = p / (yOut * xOut);
                int yo = (p / xOut) % yOut;
                int xo = p % xOut;
                int len = Math.min(xOut - xo, n - j);
                int zi = zo * sz + dz - pz;
                int yi = yo * sy + dy - py;
                if (zi < 0 || zi >= zIn || yi < 0 || yi >= yIn) {
                    Arrays.fill(row, j, j + len, 0f);
                } else {
                    int lo = Math.max(xo, Math.min(xoLo, xo + len));
                    int hi = Math.max(lo, Math.min(xoHi, xo + len));
                    if (lo > xo) Arrays.fill(row, j, j + lo - xo, 0f);
                    int rowBase = channelBase + (zi * yIn + yi) * xIn + dx - px;
                    if (sx == 1) {
                        System.arraycopy(in, rowBase + lo, row, j + lo - xo, hi - lo);
                    } else {
                        for (int x = lo; x < hi; x++) row[j + x - xo] = in[rowBase + x * sx];
                    }
                    if (hi < xo + len) Arrays.fill(row, j + hi - xo, j + len, 0f);
                }
                j += len;
                p += len;
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}

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
    private final int k;            // inChannels·kz·ky·kx
    private final int kBlocks;      // ceil(k / 3)
    private final int oBlocks;      // ceil(outChannels / 3)
    private final float[][][] w;    // GemmRows.packWeights of (outChannels, k)
    private final float[] bias;     // (3·oBlocks), zeros when the conv has none and for padded outputs

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
        if (weight.length != outChannels * k) {
            throw new IllegalArgumentException("conv weight has " + weight.length + " values, expected " + outChannels * k);
        }
        kBlocks = GemmRows.blocks(k);
        oBlocks = GemmRows.blocks(outChannels);
        w = GemmRows.packWeights(weight, outChannels, k);
        this.bias = new float[3 * oBlocks];
        if (bias != null) System.arraycopy(bias, 0, this.bias, 0, outChannels);
    }

    /** Output extent {@code (Zo, Yo, Xo)} for an input extent. */
    int[] outputZyx(int[] inZyx) {
        return new int[] {(inZyx[0] + 2 * pz - kz) / sz + 1, (inZyx[1] + 2 * py - ky) / sy + 1,
                (inZyx[2] + 2 * px - kx) / sx + 1};
    }

    /**
     * @param in    {@code (C, Z, Y, X)} from {@code inOffset}
     * @param out   {@code (O, Zo, Yo, Xo)} from 0
     */
    void forward(float[] in, int inOffset, int[] inZyx, float[] out, ParallelFor par, Scratch[] scratch) {
        int[] outZyx = outputZyx(inZyx);
        int positions = outZyx[0] * outZyx[1] * outZyx[2];
        forEachBlock(positions, oBlocks, par, (p0, n, ob0, ob1, worker) ->
                computeBlock(in, inOffset, inZyx, outZyx, out, positions, p0, n, ob0, ob1, scratch[worker]));
    }

    /** One task of {@link #forEachBlock}: positions {@code [p0, p0+n)} × output-channel blocks {@code [ob0, ob1)}. */
    @FunctionalInterface
    interface BlockTask {
        void run(int p0, int n, int ob0, int ob1, int worker);
    }

    /**
     * Splits {@code positions} into blocks of {@link Scratch#BLOCK_POSITIONS} and the {@code oBlocks} output
     * blocks into groups ({@link #outputBlocksPerTask}), and runs every (position block, group) pair on {@code par}.
     * Each pair writes a disjoint part of the output, so the result does not depend on the schedule.
     */
    static void forEachBlock(int positions, int oBlocks, ParallelFor par, BlockTask task) {
        int blocks = (positions + Scratch.BLOCK_POSITIONS - 1) / Scratch.BLOCK_POSITIONS;
        int groupSize = outputBlocksPerTask(oBlocks, blocks, par.threads());
        int groups = (oBlocks + groupSize - 1) / groupSize;
        par.run(blocks * groups, (t, worker) -> {
            int ob0 = (t % groups) * groupSize;
            int p0 = (t / groups) * Scratch.BLOCK_POSITIONS;
            task.run(p0, Math.min(Scratch.BLOCK_POSITIONS, positions - p0), ob0, Math.min(oBlocks, ob0 + groupSize), worker);
        });
    }

    /** Accumulator rows one task needs at most. */
    int accRows() {
        return 3 * oBlocks;
    }

    /**
     * Output-channel blocks (of 3) per task: all of them when there are enough position blocks to keep every
     * thread busy, otherwise fewer so that small deep layers still spread over the threads.
     */
    static int outputBlocksPerTask(int oBlocks, int positionBlocks, int threads) {
        int wantedTasks = 2 * threads;
        if (positionBlocks >= wantedTasks) return oBlocks;
        int groups = (wantedTasks + positionBlocks - 1) / positionBlocks;
        return Math.min(oBlocks, Math.max(2, (oBlocks + groups - 1) / groups));
    }

    private void computeBlock(float[] in, int inOffset, int[] inZyx, int[] outZyx, float[] out, int positions,
                              int p0, int n, int ob0, int ob1, Scratch s) {
        float[][] acc = s.acc;
        int o0 = 3 * ob0;
        int o1 = 3 * ob1; // padded outputs are computed into spare rows and dropped
        for (int o = o0; o < o1; o++) Arrays.fill(acc[o - o0], 0, n, bias[o]);
        int chunk = s.col.length / 3; // k-blocks per im2col chunk
        for (int kb0 = 0; kb0 < kBlocks; kb0 += chunk) {
            int kb1 = Math.min(kBlocks, kb0 + chunk);
            im2col(in, inOffset, inZyx, outZyx, p0, n, 3 * kb0, 3 * kb1, s.col);
            GemmRows.accumulate(acc, s.col, w, ob0, ob1, kb0, kb1, n);
        }
        for (int o = o0; o < Math.min(o1, outChannels); o++) System.arraycopy(acc[o - o0], 0, out, o * positions + p0, n);
    }

    /** Gathers im2col rows {@code [k0,k1)} for output positions {@code [p0, p0+n)} into {@code col[k−k0][0..n)}. */
    private void im2col(float[] in, int inOffset, int[] inZyx, int[] outZyx, int p0, int n, int k0, int k1,
                        float[][] col) {
        int zIn = inZyx[0], yIn = inZyx[1], xIn = inZyx[2];
        int yOut = outZyx[1], xOut = outZyx[2];
        int taps = kz * ky * kx;
        // output rows and input rows line up (same extent, unit stride in y and x): copy whole plane runs
        boolean planeRuns = sy == 1 && sx == 1 && outZyx[1] == yIn && outZyx[2] == xIn;
        for (int kk = k0; kk < k1; kk++) {
            float[] row = col[kk - k0];
            if (kk >= k) { // padding row of the last 3-tap block
                zero(row, 0, n);
                continue;
            }
            int c = kk / taps;
            int t = kk % taps;
            int dz = t / (ky * kx), dy = (t / kx) % ky, dx = t % kx;
            int channelBase = inOffset + c * zIn * yIn * xIn;
            if (planeRuns) {
                gatherPlaneRuns(in, channelBase, inZyx, outZyx, p0, n, dz, dy, dx, row);
                continue;
            }
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
                    zero(row, j, j + len);
                } else {
                    int lo = Math.max(xo, Math.min(xoLo, xo + len));
                    int hi = Math.max(lo, Math.min(xoHi, xo + len));
                    zero(row, j, j + lo - xo);
                    int rowBase = channelBase + (zi * yIn + yi) * xIn + dx - px;
                    if (sx == 1) {
                        System.arraycopy(in, rowBase + lo, row, j + lo - xo, hi - lo);
                    } else {
                        for (int x = lo; x < hi; x++) row[j + x - xo] = in[rowBase + x * sx];
                    }
                    zero(row, j + hi - xo, j + len);
                }
                j += len;
                p += len;
            }
        }
    }

    /**
     * im2col row of one tap when {@code sy = sx = 1}: within one output z-plane, consecutive output positions
     * read consecutive input positions shifted by {@code (dy−py)·X + (dx−px)}, so each plane run is one
     * {@code arraycopy}; the x-edge elements that wrapped into a neighbouring input row are then zeroed.
     * Much cheaper than one copy per output row when rows are short.
     */
    private void gatherPlaneRuns(float[] in, int channelBase, int[] inZyx, int[] outZyx, int p0, int n,
                                 int dz, int dy, int dx, float[] row) {
        int zIn = inZyx[0], yIn = inZyx[1], xIn = inZyx[2];
        int plane = outZyx[1] * outZyx[2]; // = yIn·xIn
        int xOut = outZyx[2];
        int shiftX = dx - px;
        int shift = (dy - py) * xIn + shiftX;
        int qValidLo = Math.max(0, py - dy) * xOut;                    // first output q whose input row exists
        int qValidHi = Math.min(outZyx[1], yIn + py - dy) * xOut;      // exclusive
        int j = 0;
        while (j < n) {
            int p = p0 + j;
            int zo = p / plane;
            int q0 = p - zo * plane;
            int len = Math.min(plane - q0, n - j);
            int zi = zo * sz + dz - pz;
            if (zi < 0 || zi >= zIn) {
                zero(row, j, j + len);
            } else {
                int qa = Math.max(q0, Math.min(qValidLo, q0 + len));
                int qb = Math.max(qa, Math.min(qValidHi, q0 + len));
                zero(row, j, j + qa - q0);
                zero(row, j + qb - q0, j + len);
                // copy [qa, qb), clamped to the array; clamped-off elements are x edges, zeroed below
                int src = channelBase + zi * yIn * xIn + shift;
                int from = Math.max(qa, -src);
                int to = Math.min(qb, in.length - src);
                if (to > from) System.arraycopy(in, src + from, row, j + from - q0, to - from);
                zero(row, j + qa - q0, j + from - q0);
                zero(row, j + Math.max(to, from) - q0, j + qb - q0);
                if (shiftX != 0) zeroWrappedEdges(row, j - q0, qa, qb, xOut, shiftX);
            }
            j += len;
        }
    }

    /** Zeroes {@code row[offset + q]} for q in [qa, qb) whose x falls outside the input: x + shiftX ∉ [0, X). */
    private static void zeroWrappedEdges(float[] row, int offset, int qa, int qb, int xSize, int shiftX) {
        int edgeLo = Math.min(xSize, Math.max(0, -shiftX));          // x < edgeLo is outside
        int edgeHi = Math.max(0, Math.min(xSize, xSize - shiftX));   // x >= edgeHi is outside
        for (int r = qa - qa % xSize; r < qb; r += xSize) {
            zero(row, offset + Math.max(r, qa), offset + Math.min(r + edgeLo, qb));
            zero(row, offset + Math.max(r + edgeHi, qa), offset + Math.min(r + xSize, qb));
        }
    }

    /** Plain loop: the zero runs here are mostly 1–2 floats, where {@code Arrays.fill}'s call costs more. */
    private static void zero(float[] row, int from, int to) {
        for (int i = from; i < to; i++) row[i] = 0f;
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}

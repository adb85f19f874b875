package segshap.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import segshap.kernels.backend.Architecture;
import segshap.kernels.backend.ModelWeights;
import segshap.kernels.backend.NetworkSpec;
import segshap.kernels.backend.TileBatch;
import segshap.kernels.cpu.CpuBackend;
import segshap.kernels.tensor.Box;
import segshap.kernels.tensor.FloatTensor;

/**
 * Times {@link CpuBackend#forward} on one tile: warm-up runs, then the median of N timed runs, reported as
 * ms/tile and GFLOP/s (2 × multiply-accumulates of every conv, transposed conv and the seg layer). The twin
 * {@code tools/bench_torch_forward.py} times PyTorch on the same network, tile and thread count;
 * {@code bench/run-cpu-forward.sh} runs both and prints the ratio.
 *
 * <pre>
 * java -cp kernels/target/classes:bench/target/classes segshap.bench.CpuForwardBench \
 *     --net nnunet --tile 64x128x128 --threads 2 --warmup 2 --reps 5
 * </pre>
 *
 * Networks (random He-scaled weights, seed 1; speed does not depend on the values):
 * {@code fixture} = the Dataset901_TinyCT PlainConvUNet (features 4,8,16,32);
 * {@code nnunet} = an nnU-Net-sized PlainConvUNet: features 32,64,128,256,320,320, kernels 3×3×3,
 * strides 1,2,2,2,2,[1,2,2], two convs per stage in encoder and decoder, 3 heads.
 * Prints one result line {@code RESULT impl=java ...} on stdout.
 */
public final class CpuForwardBench {
    private CpuForwardBench() {}

    /** The benchmark networks, shared in meaning with tools/bench_torch_forward.py. */
    static NetworkSpec network(String name) {
        return switch (name) {
            case "fixture" -> new NetworkSpec(Architecture.PLAIN_CONV_UNET, 1, 3, new int[] {4, 8, 16, 32},
                    new int[][] {{1, 3, 3}, {3, 3, 3}, {3, 3, 3}, {3, 3, 3}},
                    new int[][] {{1, 1, 1}, {1, 2, 2}, {2, 2, 2}, {2, 2, 2}},
                    new int[] {2, 2, 2, 2}, new int[] {2, 2, 2}, true, 1e-5, 0.01);
            case "nnunet" -> {
                int[][] k = new int[6][];
                Arrays.fill(k, new int[] {3, 3, 3});
                yield new NetworkSpec(Architecture.PLAIN_CONV_UNET, 1, 3, new int[] {32, 64, 128, 256, 320, 320}, k,
                        new int[][] {{1, 1, 1}, {2, 2, 2}, {2, 2, 2}, {2, 2, 2}, {2, 2, 2}, {1, 2, 2}},
                        new int[] {2, 2, 2, 2, 2, 2}, new int[] {2, 2, 2, 2, 2}, true, 1e-5, 0.01);
            }
            default -> throw new IllegalArgumentException("--net must be fixture or nnunet, got '" + name + "'");
        };
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = parse(args);
        String net = opt.getOrDefault("net", "fixture");
        int[] tile = parseTile(opt.getOrDefault("tile", net.equals("fixture") ? "16x32x32" : "64x128x128"));
        int threads = Integer.parseInt(opt.getOrDefault("threads", "2"));
        int warmup = Integer.parseInt(opt.getOrDefault("warmup", "2"));
        int reps = Integer.parseInt(opt.getOrDefault("reps", "5"));
        NetworkSpec spec = network(net);
        ModelWeights weights = randomWeights(spec, 1);
        int voxels = tile[0] * tile[1] * tile[2];
        float[] input = new float[spec.inputChannels() * voxels];
        SplittableRandom rng = new SplittableRandom(901);
        for (int i = 0; i < input.length; i++) input[i] = (float) rng.nextGaussian();
        float[] out = new float[spec.numHeads() * voxels];
        long macs = convMacs(spec, tile);
        double[] ms = new double[reps];
        TileBatch batch = TileBatch.packed(tile, spec.numHeads(), input, new Box[] {Box.ofShape(tile)}, out);
        try (CpuBackend cpu = new CpuBackend(spec, weights, threads, CpuBackend.DEFAULT_MEMORY_BUDGET_BYTES)) {
            for (int i = 0; i < warmup; i++) {
                long t = System.nanoTime();
                cpu.forward(batch);
                System.err.printf("segshap-bench: warm-up %d: %.1f ms%n", i, (System.nanoTime() - t) / 1e6);
            }
            for (int i = 0; i < reps; i++) {
                long t = System.nanoTime();
                cpu.forward(batch);
                ms[i] = (System.nanoTime() - t) / 1e6;
                System.err.printf("segshap-bench: run %d: %.1f ms%n", i, ms[i]);
            }
        }
        double checksum = 0;
        for (float v : out) checksum += v;
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : 0.5 * (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]);
        System.out.printf("RESULT impl=java net=%s tile=%dx%dx%d threads=%d median_ms=%.2f min_ms=%.2f gflop=%.3f"
                        + " gflops=%.1f checksum=%.6g%n", net, tile[0], tile[1], tile[2], threads, median, sorted[0],
                2.0 * macs / 1e9, 2.0 * macs / (median * 1e6), checksum);
    }

    /** Multiply-accumulates of one forward: every conv, transposed conv and the final seg layer. */
    static long convMacs(NetworkSpec spec, int[] tileZyx) {
        int n = spec.stageCount();
        int[] f = spec.featuresPerStage();
        int[][] k = spec.kernelSizesZyx();
        int[][] s = spec.stridesZyx();
        int[] blocks = spec.blocksPerStage();
        int[] dec = spec.convsPerStageDecoder();
        long[] voxels = new long[n];
        int[] zyx = tileZyx.clone();
        long macs = 0;
        int in = spec.inputChannels();
        for (int st = 0; st < n; st++) {
            for (int a = 0; a < 3; a++) zyx[a] /= s[st][a];
            voxels[st] = (long) zyx[0] * zyx[1] * zyx[2];
            long taps = (long) k[st][0] * k[st][1] * k[st][2];
            for (int j = 0; j < blocks[st]; j++) macs += voxels[st] * f[st] * (j == 0 ? in : f[st]) * taps;
            in = f[st];
        }
        for (int d = 0; d < n - 1; d++) {
            int level = n - 2 - d;
            long taps = (long) k[level][0] * k[level][1] * k[level][2];
            macs += voxels[level] * f[level] * f[level + 1]; // transposed conv: every output voxel gets one tap
            for (int j = 0; j < dec[d]; j++) macs += voxels[level] * f[level] * (j == 0 ? 2L * f[level] : f[level]) * taps;
        }
        return macs + voxels[0] * f[0] * spec.numHeads();
    }

    /** He-scaled normal weights under the canonical PlainConvUNet names; norm γ = 1, β = 0, biases 0. */
    static ModelWeights randomWeights(NetworkSpec spec, long seed) {
        if (spec.architecture() != Architecture.PLAIN_CONV_UNET) {
            throw new IllegalArgumentException("the bench generates PlainConvUNet weights only");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        Map<String, FloatTensor> w = new LinkedHashMap<>();
        int n = spec.stageCount();
        int[] f = spec.featuresPerStage();
        int[][] k = spec.kernelSizesZyx();
        int[][] s = spec.stridesZyx();
        int in = spec.inputChannels();
        for (int st = 0; st < n; st++) {
            for (int j = 0; j < spec.blocksPerStage()[st]; j++) {
                convNorm(w, rng, "encoder.stages." + st + ".0.convs." + j, j == 0 ? in : f[st], f[st], k[st]);
            }
            in = f[st];
        }
        for (int d = 0; d < n - 1; d++) {
            int level = n - 2 - d;
            int[] st = s[level + 1];
            w.put("decoder.transpconvs." + d + ".weight", he(rng, f[level + 1], f[level], st[0], st[1], st[2]));
            w.put("decoder.transpconvs." + d + ".bias", FloatTensor.zeros(f[level]));
            for (int j = 0; j < spec.convsPerStageDecoder()[d]; j++) {
                convNorm(w, rng, "decoder.stages." + d + ".convs." + j, j == 0 ? 2 * f[level] : f[level], f[level], k[level]);
            }
        }
        w.put("decoder.seg_layers." + (n - 2) + ".weight", he(rng, spec.numHeads(), f[0], 1, 1, 1));
        w.put("decoder.seg_layers." + (n - 2) + ".bias", FloatTensor.zeros(spec.numHeads()));
        return new ModelWeights("random(seed " + seed + ")", w);
    }

    private static void convNorm(Map<String, FloatTensor> w, SplittableRandom rng, String prefix, int in, int out, int[] k) {
        w.put(prefix + ".conv.weight", he(rng, out, in, k[0], k[1], k[2]));
        w.put(prefix + ".conv.bias", FloatTensor.zeros(out));
        float[] ones = new float[out];
        Arrays.fill(ones, 1f);
        w.put(prefix + ".norm.weight", new FloatTensor(new int[] {out}, ones));
        w.put(prefix + ".norm.bias", FloatTensor.zeros(out));
    }

    private static FloatTensor he(SplittableRandom rng, int... shape) {
        FloatTensor t = FloatTensor.zeros(shape);
        int fanIn = t.size() / shape[0];
        double scale = Math.sqrt(2.0 / fanIn);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) d[i] = (float) (rng.nextGaussian() * scale);
        return t;
    }

    private static int[] parseTile(String s) {
        String[] p = s.split("x");
        if (p.length != 3) throw new IllegalArgumentException("--tile must be ZxYxX, got '" + s + "'");
        return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2])};
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: --net fixture|nnunet --tile ZxYxX --threads N --warmup W --reps R;"
                        + " bad argument '" + args[i] + "'");
            }
            m.put(args[i].substring(2), args[++i]);
        }
        return m;
    }
}

package segshap.engine.coalition;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import segshap.engine.units.UnitPartition;
import segshap.kernels.backend.ModelWeights;
import segshap.kernels.backend.NetworkSpec;
import segshap.kernels.tensor.Box;
import segshap.kernels.tensor.FloatTensor;

/**
 * The persistent tile key: {@code SHA-256("segshap tile key v1" ‖ model ‖ volume ‖ b ‖ tile start ‖ patch ‖ crop
 * [‖ seen] ‖ masked)}, where
 * <ul>
 *   <li><b>model</b> = {@link #modelDigest}: the network shape from the plans, the fold names in order, every
 *       fold's weights (by name, shape and float bits) and the backend's {@code numerics()} (precision and
 *       reduction order);</li>
 *   <li><b>volume</b> = {@link #volumeDigest}: the preprocessed network-grid input (shape and float bits);</li>
 *   <li><b>b</b> the masking value (float bits), the <b>tile start</b> on the unpadded network grid and the
 *       <b>patch</b> size, the <b>crop</b> the entry stores (tile coordinates);</li>
 *   <li><b>seen</b>, only when the sliding window covers a crop W that clips the tile more than the volume does:
 *       the tile's part inside W (grid box), outside which its input is zero;</li>
 *   <li><b>masked</b> = SHA-256 of the bitmap, over the tile's voxels in (z, y, x) order, of the voxels the
 *       coalition sets to b (32 zero bytes when none).</li>
 * </ul>
 * Why equal keys imply equal outputs: a tile's input is the volume's values over the tile (zero outside the
 * volume, or outside the window: then the seen part is in the key), with b written on exactly the masked voxels in every channel ({@link Perturbation}); volume, start,
 * patch, b and the bitmap fix that input bit for bit. The backend's output on an input depends only on the
 * weights, the network shape and its numerics ({@code ForwardBackend}'s contract), and the crop picks which of
 * those logits are stored. Nothing about units, partitions or ROIs is in the key, only which voxels they mask:
 * two partitions or two ROIs that mask the same voxels of a tile share its entry (always the unmasked
 * baseline tiles), and so do nnU-Net's tiling and the crop tiling wherever a tile lies inside the crop.
 * Collisions of SHA-256 are not a practical concern.
 *
 * <p>Keys are memoised per (relevant tile, {@code m|U_s}): the bitmap is hashed once per distinct pattern.
 * Safe for concurrent use.
 */
public final class TileKeys {
    private static final byte[] NO_VOXEL_MASKED = new byte[TileKey.BYTES];

    private final TilePlan plan;
    private final byte[] namespace;
    private final Map<Pattern, TileKey> memo = new ConcurrentHashMap<>();

    TileKeys(TilePlan plan, byte[] modelDigest, byte[] volumeDigest) {
        this.plan = plan;
        MessageDigest d = sha256();
        d.update("segshap tile key v1".getBytes(StandardCharsets.US_ASCII));
        d.update(modelDigest);
        d.update(volumeDigest);
        d.update(ints(Float.floatToIntBits(plan.partition().maskingValue())));
        this.namespace = d.digest();
    }

    /** The key of relevant tile {@code i} under coalition {@code kept}. */
    TileKey keyOf(int i, Coalition kept) {
        return memo.computeIfAbsent(Pattern.of(i, plan.unitsOfRelevantTile(i), kept), p -> derive(i, kept));
    }

    private TileKey derive(int i, Coalition kept) {
        int[] start = plan.tileStartZyx(i);
        int[] patch = plan.patchZyx();
        Box crop = plan.cropOfRelevantTile(i);
        MessageDigest d = sha256();
        d.update(namespace);
        d.update(ints(start[0], start[1], start[2], patch[0], patch[1], patch[2],
                crop.z0(), crop.y0(), crop.x0(), crop.z1(), crop.y1(), crop.x1()));
        Box tile = Box.ofStartAndSize(start, patch);
        Box seen = tile.intersect(plan.window());
        // nnU-Net's tiling keeps its v1 keys: the volume (in the volume digest) bounds what the tile sees
        if (!seen.equals(tile.intersect(plan.partition().grid().box()))) {
            d.update(ints(seen.z0(), seen.y0(), seen.x0(), seen.z1(), seen.y1(), seen.x1()));
        }
        d.update(plan.isClean(i, kept) ? NO_VOXEL_MASKED : maskedVoxels(start, patch, kept));
        return new TileKey(d.digest());
    }

    /** SHA-256 of the bitmap of voxels set to b inside the tile, or 32 zero bytes when there are none. */
    private byte[] maskedVoxels(int[] start, int[] patch, Coalition kept) {
        UnitPartition partition = plan.partition();
        Box ur = partition.unitRegion();
        int[] index = partition.rawUnitIndexOverRegion();
        boolean[] perturbable = partition.rawPerturbable();
        int pz = patch[0], py = patch[1], px = patch[2];
        long[] bits = new long[(int) (((long) pz * py * px + 63) >>> 6)];
        boolean any = false;
        int z0 = Math.max(start[0], ur.z0()), z1 = Math.min(start[0] + pz, ur.z1());
        int y0 = Math.max(start[1], ur.y0()), y1 = Math.min(start[1] + py, ur.y1());
        int x0 = Math.max(start[2], ur.x0()), x1 = Math.min(start[2] + px, ur.x1());
        for (int z = z0; z < z1; z++) {
            for (int y = y0; y < y1; y++) {
                int unitRow = ((z - ur.z0()) * ur.sizeY() + (y - ur.y0())) * ur.sizeX() - ur.x0();
                long tileRow = ((long) (z - start[0]) * py + (y - start[1])) * px - start[2];
                for (int x = x0; x < x1; x++) {
                    int u = index[unitRow + x];
                    if (u >= 0 && perturbable[u] && !kept.contains(u)) {
                        long bit = tileRow + x;
                        bits[(int) (bit >>> 6)] |= 1L << bit;
                        any = true;
                    }
                }
            }
        }
        if (!any) return NO_VOXEL_MASKED;
        MessageDigest d = sha256();
        ByteBuffer buf = ByteBuffer.allocate(8192).order(ByteOrder.LITTLE_ENDIAN);
        for (long w : bits) {
            if (!buf.hasRemaining()) flush(d, buf);
            buf.putLong(w);
        }
        flush(d, buf);
        return d.digest();
    }

    /**
     * The model part of every key: what decides a tile's logits besides its input.
     *
     * @param network     the network shape (from the plans)
     * @param foldNames   the folds averaged, in order (averaging order is part of the bits)
     * @param foldWeights their weights, same order
     * @param numerics    the backend's {@code ForwardBackend.numerics()}
     */
    public static byte[] modelDigest(NetworkSpec network, List<String> foldNames, List<ModelWeights> foldWeights,
                                     String numerics) {
        MessageDigest d = sha256();
        d.update(("segshap model v1\n" + network + "\n" + numerics + "\n").getBytes(StandardCharsets.UTF_8));
        for (int f = 0; f < foldWeights.size(); f++) {
            d.update((foldNames.get(f) + "\n").getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, FloatTensor> t : new TreeMap<>(foldWeights.get(f).tensors()).entrySet()) {
                d.update((t.getKey() + Arrays.toString(t.getValue().shape()) + "\n").getBytes(StandardCharsets.UTF_8));
                updateFloats(d, t.getValue().data());
            }
        }
        return d.digest();
    }

    /** The volume part of every key: the preprocessed network-grid input, shape and bits. */
    public static byte[] volumeDigest(FloatTensor preprocessedCzyx) {
        MessageDigest d = sha256();
        d.update(("segshap volume v1 " + Arrays.toString(preprocessedCzyx.shape())).getBytes(StandardCharsets.UTF_8));
        updateFloats(d, preprocessedCzyx.data());
        return d.digest();
    }

    private static void updateFloats(MessageDigest d, float[] values) {
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < values.length; ) {
            int n = Math.min(values.length - from, buf.capacity() / Float.BYTES);
            buf.clear();
            buf.asFloatBuffer().put(values, from, n);
            d.update(buf.array(), 0, n * Float.BYTES);
            from += n;
        }
    }

    private static void flush(MessageDigest d, ByteBuffer buf) {
        d.update(buf.array(), 0, buf.position());
        buf.clear();
    }

    private static byte[] ints(int... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) b.putInt(v);
        return b.array();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** A tile's {@code m|U_s}: the coalition's bits on the units meeting it (bit j = unit U_s[j] kept). */
    private record Pattern(int tile, long[] bits) {
        static Pattern of(int tile, int[] tileUnits, Coalition kept) {
            long[] bits = new long[(tileUnits.length + 63) >>> 6];
            for (int j = 0; j < tileUnits.length; j++) {
                if (kept.contains(tileUnits[j])) bits[j >>> 6] |= 1L << j;
            }
            return new Pattern(tile, bits);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Pattern p && p.tile == tile && Arrays.equals(p.bits, bits);
        }

        @Override
        public int hashCode() {
            return 31 * tile + Arrays.hashCode(bits);
        }
    }
}

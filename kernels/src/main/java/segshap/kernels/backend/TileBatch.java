package segshap.kernels.backend;

import java.util.Arrays;
import segshap.kernels.tensor.Box;

/**
 * One forward call's work: {@code tileCount} tiles of one shape, each with its own crop of the logits to
 * return. A tile's logits depend on that tile's input only, never on the other tiles of the batch or on
 * the crops.
 *
 * <pre>
 * input: (tileCount, C, Z, Y, X) from inputOffset, C = the network's input channels
 * out:   tile k's logits (numHeads, crops[k].z, crops[k].y, crops[k].x) from outOffsets[k]
 * </pre>
 *
 * <p>Two tiles of 2×4×4 voxels, one network head, the first returned whole (32 floats), the second only its
 * first 1×2×2 corner (4 floats): {@code TileBatch.packed(new int[] {2, 4, 4}, 1, input, new Box[] {
 * new Box(0, 0, 0, 2, 4, 4), new Box(0, 0, 0, 1, 2, 2)}, out)} has out offsets {@code [0, 32]} and needs
 * {@code out.length ≥ 36}.
 *
 * <p>{@code tileZyx}, {@code crops} and {@code outOffsets} are copied in. {@code input} and {@code out} are
 * the caller's buffers, shared on purpose (the backend writes into {@code out}); the caller must not touch
 * them while a forward runs.
 *
 * @param tileZyx     tile extent zyx, each ≥ 1 (a backend also wants it divisible by the network's total stride)
 * @param tileCount   number of tiles, ≥ 1
 * @param input       the tiles' inputs, {@code (tileCount, C, Z, Y, X)} C order
 * @param inputOffset index of tile 0's first input float, ≥ 0
 * @param crops       per tile, the region of the tile whose logits are returned, in tile coordinates zyx;
 *                    inside the tile ({@code Box.ofShape(tileZyx)} for all of it)
 * @param out         receives the logits
 * @param outOffsets  per tile, the index in {@code out} of its first logit, ≥ 0
 */
public record TileBatch(int[] tileZyx, int tileCount, float[] input, int inputOffset, Box[] crops, float[] out,
                        int[] outOffsets) {

    /** @throws IllegalArgumentException naming the value when a rule above is broken */
    public TileBatch {
        if (tileZyx == null || tileZyx.length != 3) {
            throw new IllegalArgumentException("tileZyx must have 3 entries, got "
                    + (tileZyx == null ? "null" : Arrays.toString(tileZyx)));
        }
        tileZyx = tileZyx.clone();
        if (tileZyx[0] < 1 || tileZyx[1] < 1 || tileZyx[2] < 1) {
            throw new IllegalArgumentException("tileZyx must be positive, got " + Arrays.toString(tileZyx));
        }
        if (tileCount < 1) throw new IllegalArgumentException("tileCount must be >= 1, got " + tileCount);
        if (input == null || out == null) throw new IllegalArgumentException("input and out must not be null");
        if (inputOffset < 0) throw new IllegalArgumentException("inputOffset must be >= 0, got " + inputOffset);
        if (crops == null || crops.length != tileCount) {
            throw new IllegalArgumentException("crops must have tileCount = " + tileCount + " entries, got "
                    + (crops == null ? "null" : crops.length));
        }
        if (outOffsets == null || outOffsets.length != tileCount) {
            throw new IllegalArgumentException("outOffsets must have tileCount = " + tileCount + " entries, got "
                    + (outOffsets == null ? "null" : outOffsets.length));
        }
        crops = crops.clone();
        outOffsets = outOffsets.clone();
        for (int k = 0; k < tileCount; k++) {
            Box c = crops[k];
            if (c == null || c.z0() < 0 || c.y0() < 0 || c.x0() < 0
                    || c.z1() > tileZyx[0] || c.y1() > tileZyx[1] || c.x1() > tileZyx[2]) {
                throw new IllegalArgumentException("crop of tile " + k + " " + c + " is not inside the tile zyx "
                        + Arrays.toString(tileZyx));
            }
            if (outOffsets[k] < 0) {
                throw new IllegalArgumentException("outOffsets[" + k + "] must be >= 0, got " + outOffsets[k]);
            }
        }
    }

    /**
     * A batch whose tiles lie one after another in {@code input} (from 0) and in {@code out} (from 0, tile k
     * after tile k−1's {@code numHeads × crops[k−1].voxelCount()} floats).
     *
     * @param numHeads the network's output channels, ≥ 1
     * @param crops    one crop per tile; {@code crops.length} is the tile count
     * @throws IllegalArgumentException if the batch breaks a rule of the record, or its packed output
     *                                  does not fit an int index
     */
    public static TileBatch packed(int[] tileZyx, int numHeads, float[] input, Box[] crops, float[] out) {
        long floats = outputFloats(numHeads, crops);
        if (floats > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("packed output of " + floats + " floats does not fit one float[]");
        }
        int[] offsets = new int[crops.length];
        int next = 0;
        for (int k = 0; k < crops.length; k++) {
            offsets[k] = next;
            next += (int) (numHeads * crops[k].voxelCount());
        }
        return new TileBatch(tileZyx, crops.length, input, 0, crops, out, offsets);
    }

    /**
     * Floats a packed batch writes: Σ_k numHeads × crops[k].voxelCount().
     *
     * @throws IllegalArgumentException if {@code numHeads < 1}
     */
    public static long outputFloats(int numHeads, Box[] crops) {
        if (numHeads < 1) throw new IllegalArgumentException("numHeads must be >= 1, got " + numHeads);
        long sum = 0;
        for (Box c : crops) sum += numHeads * c.voxelCount();
        return sum;
    }

    /** Voxels of one tile, Z·Y·X. */
    public int tileVoxels() {
        return Math.multiplyExact(Math.multiplyExact(tileZyx[0], tileZyx[1]), tileZyx[2]);
    }

    /** Tile k's crop, without copying the array. */
    public Box crop(int k) {
        return crops[k];
    }

    /** Where tile k's logits start in {@link #out()}, without copying the array. */
    public int outOffset(int k) {
        return outOffsets[k];
    }

    /**
     * Checks the batch against the network a backend runs, before any computation: the tile is divisible by
     * the total stride, {@code input} holds every tile, every tile's logits fit in {@code out}, and no two
     * tiles' logits overlap there (their results would then depend on the order they are written in).
     *
     * @throws IllegalArgumentException naming the value and the rule it breaks
     */
    public void requireFits(NetworkSpec spec) {
        int[] total = spec.totalStrideZyx();
        for (int a = 0; a < 3; a++) {
            if (tileZyx[a] % total[a] != 0) {
                throw new IllegalArgumentException("tile zyx " + Arrays.toString(tileZyx)
                        + " must be positive multiples of the total stride " + Arrays.toString(total));
            }
        }
        long inNeeded = (long) tileCount * spec.inputChannels() * tileVoxels();
        if (inputOffset + inNeeded > input.length) {
            throw new IllegalArgumentException("input holds " + input.length + " floats; " + inNeeded
                    + " needed from offset " + inputOffset + " for " + tileCount + " tile(s) of "
                    + spec.inputChannels() + "×" + Arrays.toString(tileZyx));
        }
        long[][] ranges = new long[tileCount][];
        for (int k = 0; k < tileCount; k++) {
            long floats = spec.numHeads() * crops[k].voxelCount();
            if (outOffsets[k] + floats > out.length) {
                throw new IllegalArgumentException("out holds " + out.length + " floats; tile " + k + " needs "
                        + floats + " from outOffsets[" + k + "] = " + outOffsets[k] + " for " + spec.numHeads()
                        + " heads × crop " + crops[k]);
            }
            ranges[k] = new long[] {outOffsets[k], outOffsets[k] + floats, k};
        }
        Arrays.sort(ranges, (p, q) -> Long.compare(p[0], q[0]));
        long end = -1;
        long endTile = -1;
        for (long[] r : ranges) {
            if (r[0] == r[1]) continue; // an empty crop writes nothing
            if (r[0] < end) {
                throw new IllegalArgumentException("out regions of tiles " + endTile + " and " + r[2]
                        + " overlap: tile " + r[2] + " starts at " + r[0] + ", before tile " + endTile + " ends at " + end);
            }
            end = r[1];
            endTile = r[2];
        }
    }

    @Override
    public int[] tileZyx() {
        return tileZyx.clone();
    }

    @Override
    public Box[] crops() {
        return crops.clone();
    }

    @Override
    public int[] outOffsets() {
        return outOffsets.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TileBatch b && Arrays.equals(tileZyx, b.tileZyx) && tileCount == b.tileCount
                && input == b.input && inputOffset == b.inputOffset && Arrays.equals(crops, b.crops) && out == b.out
                && Arrays.equals(outOffsets, b.outOffsets);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(tileZyx) * 31 + Arrays.hashCode(outOffsets);
    }

    @Override
    public String toString() {
        return "TileBatch[" + tileCount + " tile(s) zyx " + Arrays.toString(tileZyx) + ", crops "
                + Arrays.toString(crops) + ", out offsets " + Arrays.toString(outOffsets) + "]";
    }
}

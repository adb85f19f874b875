package segshap.kernels.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import segshap.kernels.tensor.Box;

/**
 * What every {@link ForwardBackend} promises, run by one subclass per implementation ({@code CpuBackendContractTest},
 * {@code EnsembleBackendContractTest}, {@code MirroringBackendContractTest}; a CUDA backend's test extends it too,
 * gated on the device). The kernels test-jar carries it to other modules.
 *
 * <p>Comparisons are bit-exact: a tile's logits must not depend on its batch or its crop at all.
 */
public abstract class ForwardBackendContract {
    private ForwardBackend backend;
    private NetworkSpec spec;
    private int[] tile;

    /** A fresh backend; the contract closes it after each test. */
    protected abstract ForwardBackend open();

    /** The tile shape the cases use: by default twice the total stride on each axis, which keeps them quick. */
    protected int[] tileZyx(NetworkSpec spec) {
        int[] t = spec.totalStrideZyx();
        return new int[] {2 * t[0], 2 * t[1], 2 * t[2]};
    }

    @BeforeEach
    void openBackend() {
        backend = open();
        spec = backend.spec();
        tile = tileZyx(spec);
    }

    @AfterEach
    void closeBackend() {
        backend.close();
    }

    private int inputFloats() {
        return spec.inputChannels() * tile[0] * tile[1] * tile[2];
    }

    /** Seeded Gaussian inputs for {@code count} tiles, each tile different. */
    private float[] randomTiles(long seed, int count) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] in = new float[count * inputFloats()];
        for (int i = 0; i < in.length; i++) in[i] = (float) r.nextGaussian();
        return in;
    }

    private float[] tileOf(float[] tiles, int k) {
        return Arrays.copyOfRange(tiles, k * inputFloats(), (k + 1) * inputFloats());
    }

    /** Full-tile logits {@code (numHeads, Z, Y, X)} of one tile run alone. */
    private float[] alone(float[] oneTile) {
        Box[] whole = {Box.ofShape(tile)};
        float[] out = new float[(int) TileBatch.outputFloats(spec.numHeads(), whole)];
        backend.forward(TileBatch.packed(tile, spec.numHeads(), oneTile, whole, out));
        return out;
    }

    /** {@code full (numHeads, tile)} restricted to {@code crop}, in {@code (numHeads, crop)} order. */
    private float[] restrict(float[] full, Box crop) {
        float[] r = new float[(int) (spec.numHeads() * crop.voxelCount())];
        int i = 0;
        for (int h = 0; h < spec.numHeads(); h++)
            for (int z = crop.z0(); z < crop.z1(); z++)
                for (int y = crop.y0(); y < crop.y1(); y++)
                    for (int x = crop.x0(); x < crop.x1(); x++)
                        r[i++] = full[((h * tile[0] + z) * tile[1] + y) * tile[2] + x];
        return r;
    }

    private Box[] whole(int count) {
        Box[] crops = new Box[count];
        Arrays.fill(crops, Box.ofShape(tile));
        return crops;
    }

    @Test
    public void aTilesLogitsDoNotDependOnItsBatchCompanionsOrTheirOrder() {
        float[] abc = randomTiles(1, 3);
        float[] a = tileOf(abc, 0), b = tileOf(abc, 1), c = tileOf(abc, 2);
        float[] cab = new float[abc.length];
        System.arraycopy(c, 0, cab, 0, c.length);
        System.arraycopy(a, 0, cab, a.length, a.length);
        System.arraycopy(b, 0, cab, 2 * a.length, b.length);
        int heads = spec.numHeads();
        float[] outAbc = new float[(int) TileBatch.outputFloats(heads, whole(3))];
        float[] outCab = new float[outAbc.length];
        backend.forward(TileBatch.packed(tile, heads, abc, whole(3), outAbc));
        backend.forward(TileBatch.packed(tile, heads, cab, whole(3), outCab));
        int per = outAbc.length / 3;
        float[][] single = {alone(a), alone(b), alone(c)};
        int[] positionInCab = {1, 2, 0};
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(single[k], Arrays.copyOfRange(outAbc, k * per, (k + 1) * per), "tile " + k + " in [a, b, c]");
            assertArrayEquals(single[k], Arrays.copyOfRange(outCab, positionInCab[k] * per, (positionInCab[k] + 1) * per),
                    "tile " + k + " in [c, a, b]");
        }
    }

    @Test
    public void eachTileHonoursItsOwnCropInAMixedBatch() {
        float[] tiles = randomTiles(2, 3);
        Box[] crops = {
                new Box(1, 2, 3, tile[0] - 1, tile[1] - 2, tile[2]),   // interior, touching the +x face
                Box.ofShape(tile),                                     // all of it
                new Box(0, 0, 0, 1, 1, 1),                             // one voxel at the corner
        };
        int heads = spec.numHeads();
        // out regions in reverse tile order with gaps, to catch a backend that assumes packed output
        int[] offsets = new int[3];
        int next = 5;
        for (int k = 2; k >= 0; k--) {
            offsets[k] = next;
            next += (int) (heads * crops[k].voxelCount()) + 3;
        }
        float[] out = new float[next];
        Arrays.fill(out, Float.NaN);
        backend.forward(new TileBatch(tile, 3, tiles, 0, crops, out, offsets));
        for (int k = 0; k < 3; k++) {
            float[] expected = restrict(alone(tileOf(tiles, k)), crops[k]);
            assertArrayEquals(expected, Arrays.copyOfRange(out, offsets[k], offsets[k] + expected.length),
                    "tile " + k + " crop " + crops[k]);
        }
        assertTrue(Float.isNaN(out[0]) && Float.isNaN(out[offsets[0] - 1]), "floats outside the tiles' regions are untouched");
    }

    @Test
    public void inputIsReadFromItsOffset() {
        float[] tiles = randomTiles(3, 1);
        float[] shifted = new float[tiles.length + 7];
        System.arraycopy(tiles, 0, shifted, 7, tiles.length);
        float[] out = new float[(int) TileBatch.outputFloats(spec.numHeads(), whole(1))];
        backend.forward(new TileBatch(tile, 1, shifted, 7, whole(1), out, new int[] {0}));
        assertArrayEquals(alone(tiles), out);
    }

    @Test
    public void batchBytesIsPositiveAndGrowsWithTileCount() {
        long one = backend.batchBytes(tile, 1);
        long two = backend.batchBytes(tile, 2);
        long four = backend.batchBytes(tile, 4);
        assertTrue(one > 0, "batchBytes(1) = " + one);
        assertTrue(two > one && four > two, "batchBytes 1, 2, 4 tiles: " + one + ", " + two + ", " + four);
        // at least the batch's own input and full-tile output at 2 bytes a value (fp16 would be the narrowest)
        long floor = 2L * 4 * (spec.inputChannels() + spec.numHeads()) * tile[0] * tile[1] * tile[2];
        assertTrue(four >= floor, "batchBytes(4) = " + four + " is below 4 tiles' input + output " + floor);
    }

    @Test
    public void memoryBudgetIsPositive() {
        assertTrue(backend.memoryBudgetBytes() > 0, "memoryBudgetBytes = " + backend.memoryBudgetBytes());
    }

    @Test
    public void outTooShortIsRejectedNamingItsLength() {
        float[] in = randomTiles(4, 2);
        int needed = (int) TileBatch.outputFloats(spec.numHeads(), whole(2));
        float[] out = new float[needed - 1];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> backend.forward(TileBatch.packed(tile, spec.numHeads(), in, whole(2), out)));
        assertTrue(e.getMessage().contains(String.valueOf(out.length)), e.getMessage());
    }

    @Test
    public void inputTooShortIsRejectedNamingItsLength() {
        float[] in = new float[2 * inputFloats() - 1];
        float[] out = new float[(int) TileBatch.outputFloats(spec.numHeads(), whole(2))];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> backend.forward(TileBatch.packed(tile, spec.numHeads(), in, whole(2), out)));
        assertTrue(e.getMessage().contains(String.valueOf(in.length)), e.getMessage());
    }

    @Test
    public void cropOutsideTheTileIsRejectedNamingTheCrop() {
        Box outside = new Box(0, 0, 0, tile[0] + 1, tile[1], tile[2]);
        float[] out = new float[(int) (spec.numHeads() * outside.voxelCount())];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> backend.forward(TileBatch.packed(tile, spec.numHeads(), randomTiles(5, 1), new Box[] {outside}, out)));
        assertTrue(e.getMessage().contains(outside.toString()), e.getMessage());
    }

    @Test
    public void overlappingOutputRegionsAreRejected() {
        int per = (int) TileBatch.outputFloats(spec.numHeads(), whole(1));
        float[] out = new float[2 * per];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> backend.forward(new TileBatch(tile, 2, randomTiles(6, 2), 0, whole(2), out, new int[] {0, per - 1})));
        assertTrue(e.getMessage().contains("overlap"), e.getMessage());
    }

    @Test
    public void tileNotDivisibleByTheTotalStrideIsRejectedNamingTheShape() {
        int[] stride = spec.totalStrideZyx();
        int axis = stride[2] > 1 ? 2 : stride[1] > 1 ? 1 : 0;
        assumeTrue(stride[axis] > 1, "a network without strides accepts every tile shape");
        int[] bad = tile.clone();
        bad[axis] += 1;
        String shape = Arrays.toString(bad);
        IllegalArgumentException e1 = assertThrows(IllegalArgumentException.class, () -> backend.batchBytes(bad, 1));
        assertTrue(e1.getMessage().contains(shape), e1.getMessage());
        Box[] crops = {Box.ofShape(bad)};
        float[] in = new float[spec.inputChannels() * bad[0] * bad[1] * bad[2]];
        float[] out = new float[(int) TileBatch.outputFloats(spec.numHeads(), crops)];
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> backend.forward(TileBatch.packed(bad, spec.numHeads(), in, crops, out)));
        assertTrue(e2.getMessage().contains(shape), e2.getMessage());
    }

    @Test
    public void closeIsIdempotentAndForwardAfterCloseIsRefused() {
        float[] in = randomTiles(7, 1);
        float[] out = new float[(int) TileBatch.outputFloats(spec.numHeads(), whole(1))];
        backend.close();
        backend.close();
        assertThrows(IllegalStateException.class,
                () -> backend.forward(TileBatch.packed(tile, spec.numHeads(), in, whole(1), out)));
        assertFalse(backend.describe().isEmpty(), "describe still answers after close");
    }
}

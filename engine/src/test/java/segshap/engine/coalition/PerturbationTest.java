package segshap.engine.coalition;

import segshap.engine.units.UnitPartitioner;
import segshap.engine.units.UnitPartition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import segshap.engine.grid.GridGeometry;
import segshap.engine.grid.LabelMap;
import segshap.engine.roi.ReceptiveFieldSupport;
import segshap.kernels.tensor.Box;

class PerturbationTest {
    private static final int[] SHAPE = {5, 6, 7};
    private static final int CHANNELS = 2;
    private static final float B_NORM = -9f;
    private static final float SENTINEL = 12345f;

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 6);
    }

    private static float[] randomVolume(SplittableRandom rnd) {
        float[] volume = new float[CHANNELS * 5 * 6 * 7];
        for (int i = 0; i < volume.length; i++) volume[i] = (float) rnd.nextDouble(-2, 2);
        return volume;
    }

    /** Each unit kept with probability 1/2. */
    private static Coalition randomCoalition(UnitPartition p, SplittableRandom rnd) {
        boolean[] flags = new boolean[p.unitCount()];
        for (int u = 0; u < p.unitCount(); u++) flags[u] = rnd.nextBoolean();
        return Coalition.fromFlags(flags);
    }

    /** Organ and regular partitions over a volume with background, an excluded unit and voxels outside units. */
    private static List<UnitPartition> partitions(float[] volume, SplittableRandom rnd) {
        GridGeometry g = GridGeometry.ofSpacingAndOrigin(SHAPE, new double[] {1, 1, 1}, new double[] {0.5, 0, 0});
        // tiles: x [0,5) and x [3,7); B at x = 0 meets only the first → units only in x ≥ 5 are excluded
        List<Box> tiles = List.of(new Box(0, 0, 0, 5, 6, 5), new Box(0, 0, 3, 5, 6, 7));
        ReceptiveFieldSupport s = ReceptiveFieldSupport.of(SHAPE, new Box(1, 1, 0, 3, 3, 1), tiles);
        int[] l = new int[5 * 6 * 7];
        for (int i = 0; i < l.length; i++) l[i] = i % 7 >= 5 ? 4 : rnd.nextInt(4); // label 4 only at x ≥ 5
        UnitPartitioner up = new UnitPartitioner(g, s, volume, B_NORM).withUnitRegion(new Box(1, 0, 0, 5, 5, 7));
        return List.of(up.organs(new LabelMap(SHAPE, l), Map.of()), up.regular(3.0),
                up.hybrid(new LabelMap(SHAPE, l), Map.of(), 3.0));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void removedUnitsGetTheMaskingValueAndNothingElseChanges(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] volume = randomVolume(rnd);
        for (UnitPartition p : partitions(volume, rnd)) {
            assertTrue(p.playerUnitIndices().length < p.unitCount(), "the fixture has an excluded unit");
            Coalition kept = randomCoalition(p, rnd);
            Box region = new Box(rnd.nextInt(2), rnd.nextInt(2), rnd.nextInt(2), 5 - rnd.nextInt(2), 6, 7 - rnd.nextInt(3));
            float[] dst = new float[volume.length];
            java.util.Arrays.fill(dst, SENTINEL);
            Perturbation.apply(volume, p, kept, region, dst);
            int n = 5 * 6 * 7;
            for (int c = 0; c < CHANNELS; c++) for (int z = 0; z < 5; z++) for (int y = 0; y < 6; y++)
                for (int x = 0; x < 7; x++) {
                    int i = c * n + (z * 6 + y) * 7 + x;
                    int u = p.unitIndexAt(z, y, x);
                    float expected;
                    if (!region.contains(z, y, x)) expected = SENTINEL;
                    else if (u >= 0 && !p.isExcluded(u) && !kept.contains(u)) expected = B_NORM;
                    else expected = volume[i]; // outside units, excluded or kept: never changed
                    assertEquals(expected, dst[i], p.kind() + " c,z,y,x " + c + "," + z + "," + y + "," + x);
                }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void tileInputEqualsThePerturbedVolumeWithZeroPaddingOutside(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] volume = randomVolume(rnd);
        int n = 5 * 6 * 7;
        for (UnitPartition p : partitions(volume, rnd)) {
            Coalition kept = randomCoalition(p, rnd);
            float[] full = new float[volume.length];
            Perturbation.apply(volume, p, kept, Box.ofShape(SHAPE), full);
            int[] start = {rnd.nextInt(-3, 4), rnd.nextInt(-3, 4), rnd.nextInt(-3, 5)};
            int[] patch = {4, 5, 6};
            int offset = 3;
            float[] buffer = new float[offset + CHANNELS * 4 * 5 * 6 + 2];
            java.util.Arrays.fill(buffer, SENTINEL);
            // a crop seen alone (the crop tiling) every other seed, the whole grid otherwise
            Box visible = seed % 2 == 0 ? Box.ofShape(SHAPE) : new Box(1, 0, 2, 4, 5, 7);
            Perturbation.writeTileInput(volume, p, kept, visible, start, patch, buffer, offset);
            assertEquals(SENTINEL, buffer[0]);
            assertEquals(SENTINEL, buffer[buffer.length - 1]);
            int k = offset;
            for (int c = 0; c < CHANNELS; c++) for (int a = 0; a < 4; a++) for (int b = 0; b < 5; b++)
                for (int d = 0; d < 6; d++, k++) {
                    int z = start[0] + a, y = start[1] + b, x = start[2] + d;
                    boolean inside = visible.contains(z, y, x);
                    float expected = inside ? full[c * n + (z * 6 + y) * 7 + x] : 0f;
                    assertEquals(expected, buffer[k], "tile " + c + "," + a + "," + b + "," + d);
                }
        }
    }
}

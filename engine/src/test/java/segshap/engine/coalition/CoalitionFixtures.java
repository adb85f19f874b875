package segshap.engine.coalition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import segshap.engine.grid.GridGeometry;
import segshap.engine.grid.LabelMap;
import segshap.engine.roi.ReceptiveFieldSupport;
import segshap.engine.roi.Roi;
import segshap.engine.units.UnitPartition;
import segshap.engine.units.UnitPartitioner;
import segshap.engine.value.ScoringRegion;
import segshap.kernels.tensor.Box;
import segshap.kernels.tensor.FloatTensor;
import segshap.kernels.window.Tile;
import segshap.kernels.window.TileGrid;

/**
 * A synthetic explanation for coalition-level tests: a random 12×22×20 volume with four box "organs" of raised
 * intensity (organ 2 is the target-like structure), an ROI box, organ units, and the tile plan over it.
 */
public final class CoalitionFixtures {
    private CoalitionFixtures() {}

    public static final int[] SHAPE = {12, 22, 20};
    public static final int[] PATCH = {8, 8, 8};
    public static final float MASK = -1.5f;

    public static LongStream seeds() {
        return LongStream.of(1, 2, 3);
    }

    /** A random volume with four box "organs" of raised intensity; organ 2 is the target-like structure. */
    public static Fixture fixture(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = SHAPE[0] * SHAPE[1] * SHAPE[2];
        float[] vol = new float[n];
        int[] labels = new int[n];
        Box[] organs = {new Box(2, 3, 3, 7, 9, 9), new Box(4, 8, 8, 9, 15, 14), new Box(1, 12, 2, 6, 20, 8),
                new Box(7, 2, 12, 11, 10, 19)};
        for (int z = 0; z < SHAPE[0]; z++) {
            for (int y = 0; y < SHAPE[1]; y++) {
                for (int x = 0; x < SHAPE[2]; x++) {
                    int i = (z * SHAPE[1] + y) * SHAPE[2] + x;
                    vol[i] = (float) (rnd.nextDouble() * 0.4 - 0.2);
                    for (int k = 0; k < organs.length; k++) {
                        if (organs[k].contains(z, y, x)) {
                            labels[i] = k + 1;
                            vol[i] += 0.6f + 0.1f * k;
                        }
                    }
                }
            }
        }
        FloatTensor volume = new FloatTensor(new int[] {1, SHAPE[0], SHAPE[1], SHAPE[2]}, vol);
        TileGrid grid = TileGrid.of(SHAPE, PATCH);
        List<Box> tiles = new ArrayList<>();
        for (Tile t : grid.tiles()) tiles.add(grid.boxUnpadded(t));
        Box roiBox = new Box(4, 9, 9, 8, 14, 13);
        float[] roiMask = new float[n];
        for (int z = roiBox.z0(); z < roiBox.z1(); z++)
            for (int y = roiBox.y0(); y < roiBox.y1(); y++)
                for (int x = roiBox.x0(); x < roiBox.x1(); x++) roiMask[(z * SHAPE[1] + y) * SHAPE[2] + x] = 1;
        Roi roi = Roi.fromMask(new FloatTensor(SHAPE, roiMask), SHAPE, "roi");
        ReceptiveFieldSupport support = ReceptiveFieldSupport.of(SHAPE, roi.box(), tiles);
        GridGeometry geometry = GridGeometry.ofSpacingAndOrigin(SHAPE, new double[] {2, 1, 1}, new double[] {0, 0, 0});
        UnitPartition partition = new UnitPartitioner(geometry, support, vol, MASK)
                .organs(new LabelMap(SHAPE, labels), Map.of(1, "a", 2, "b", 3, "c", 4, "d"));
        return new Fixture(volume, grid, partition, roi);
    }

    /** The fixture's parts; {@link #plan()} scores head 1 over the box. */
    public record Fixture(FloatTensor volume, TileGrid grid, UnitPartition partition, Roi roi) {
        public TilePlan plan() {
            return new TilePlan(volume, grid, grid.volumeBox(), partition, roi.box(), TileMeanBackend.SPEC.numHeads(), 1,
                    ScoringRegion.BOX.maskOverBox(roi), TileMeanBackend.MODEL_DIGEST);
        }
    }

    /** Every coalition over {@code units} units, in mask order (bit u of the index = unit u kept). */
    public static List<Coalition> allCoalitions(int units) {
        List<Coalition> out = new ArrayList<>();
        for (int m = 0; m < (1 << units); m++) out.add(Coalition.fromMask(units, m));
        return out;
    }
}

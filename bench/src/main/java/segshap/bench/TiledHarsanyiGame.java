package segshap.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import segshap.engine.coalition.Coalition;
import segshap.engine.coalition.Game;

/**
 * A synthetic game with the engine's cost structure: M units at random points of the unit cube, each a small box of
 * half-width {@code radius}, and 3×3×3 tiles of side ½ at steps of ¼ (nnU-Net's 50 % overlap), so a unit meets 1–8
 * tiles. A coalition costs one forward per tile whose pattern (which of the tile's units are kept) was not seen before,
 * exactly as the engine's {@code m|U_s} cache counts. Values come from a known Harsanyi decomposition: a main effect
 * per unit, M/2 pair and M/4 triple interactions among units that share a tile, so the Shapley values are exact:
 * φ_i = Σ_{T ∋ i} d_T / |T|.
 */
final class TiledHarsanyiGame implements Game {
    private static final int TILES_PER_AXIS = 3;
    private final int playerCount;
    private final int[][] unitsOfTile;
    private final int[][] terms;
    private final double[] dividends;
    private final double[] shapley;
    private final Set<TileKey> seen = new HashSet<>();
    private long forwards;

    private record TileKey(int tile, long[] kept) {
        @Override
        public boolean equals(Object o) {
            return o instanceof TileKey k && k.tile == tile && Arrays.equals(k.kept, kept);
        }

        @Override
        public int hashCode() {
            return 31 * tile + Arrays.hashCode(kept);
        }
    }

    TiledHarsanyiGame(int playerCount, double radius, long seed) {
        this.playerCount = playerCount;
        SplittableRandom r = new SplittableRandom(seed);
        double[][] at = new double[playerCount][3];
        List<List<Integer>> tiles = new ArrayList<>();
        for (int t = 0; t < TILES_PER_AXIS * TILES_PER_AXIS * TILES_PER_AXIS; t++) tiles.add(new ArrayList<>());
        List<List<Integer>> tilesOfUnit = new ArrayList<>();
        for (int i = 0; i < playerCount; i++) {
            for (int a = 0; a < 3; a++) at[i][a] = r.nextDouble();
            List<Integer> mine = new ArrayList<>();
            for (int t = 0; t < tiles.size(); t++) {
                boolean meets = true;
                for (int a = 0, rest = t; a < 3; a++, rest /= TILES_PER_AXIS) {
                    double lo = 0.25 * (rest % TILES_PER_AXIS);
                    meets &= at[i][a] + radius > lo && at[i][a] - radius < lo + 0.5;
                }
                if (meets) {
                    tiles.get(t).add(i);
                    mine.add(t);
                }
            }
            tilesOfUnit.add(mine);
        }
        unitsOfTile = new int[tiles.size()][];
        for (int t = 0; t < tiles.size(); t++) unitsOfTile[t] = tiles.get(t).stream().mapToInt(Integer::intValue).toArray();
        List<int[]> termList = new ArrayList<>();
        List<Double> dividendList = new ArrayList<>();
        for (int i = 0; i < playerCount; i++) {
            termList.add(new int[] {i});
            dividendList.add(r.nextGaussian());
        }
        for (int order = 2; order <= 3; order++) {
            int count = order == 2 ? playerCount / 2 : playerCount / 4;
            for (int c = 0; c < count; c++) { // members drawn from one tile of a random unit
                int first = r.nextInt(playerCount);
                List<Integer> own = tilesOfUnit.get(first);
                int[] pool = unitsOfTile[own.get(r.nextInt(own.size()))];
                Set<Integer> members = new HashSet<>(List.of(first));
                while (members.size() < Math.min(order, pool.length)) members.add(pool[r.nextInt(pool.length)]);
                termList.add(members.stream().mapToInt(Integer::intValue).sorted().toArray());
                dividendList.add(r.nextGaussian() * (order == 2 ? 0.7 : 0.5));
            }
        }
        terms = termList.toArray(new int[0][]);
        dividends = dividendList.stream().mapToDouble(Double::doubleValue).toArray();
        shapley = new double[playerCount];
        for (int t = 0; t < terms.length; t++) {
            for (int i : terms[t]) shapley[i] += dividends[t] / terms[t].length;
        }
    }

    /** The exact Shapley values. */
    double[] shapley() {
        return shapley.clone();
    }

    /** Mean number of tiles a unit meets. */
    double tilesPerUnit() {
        long s = 0;
        for (int[] u : unitsOfTile) s += u.length;
        return s / (double) playerCount;
    }

    int tileCount() {
        return unitsOfTile.length;
    }

    @Override
    public double[][] evaluate(List<Coalition> batch) {
        double[][] out = new double[batch.size()][1];
        for (int j = 0; j < batch.size(); j++) {
            Coalition c = batch.get(j);
            for (int t = 0; t < unitsOfTile.length; t++) {
                int[] units = unitsOfTile[t];
                long[] kept = new long[(units.length + 63) >>> 6];
                for (int k = 0; k < units.length; k++) {
                    if (c.contains(units[k])) kept[k >>> 6] |= 1L << k;
                }
                if (seen.add(new TileKey(t, kept))) forwards++;
            }
            double v = 0;
            for (int t = 0; t < terms.length; t++) {
                boolean inside = true;
                for (int i : terms[t]) {
                    if (!c.contains(i)) {
                        inside = false;
                        break;
                    }
                }
                if (inside) v += dividends[t];
            }
            out[j][0] = v;
        }
        return out;
    }

    @Override
    public int valueCount() {
        return 1;
    }

    @Override
    public long forwardsSpent() {
        return forwards;
    }

    int playerCount() {
        return playerCount;
    }
}

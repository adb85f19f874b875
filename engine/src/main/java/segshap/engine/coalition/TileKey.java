package segshap.engine.coalition;

import java.util.Arrays;

/**
 * Cache key of one tile's output within one {@link TilePlan}: the relevant tile and {@code m|U_s}, the
 * coalition's bits on the units meeting that tile (bit j = unit {@code U_s[j]} kept). Everything else about the
 * tile's input is fixed by the plan, so equal keys mean equal tile inputs and equal outputs. The key means
 * nothing outside its plan; a key that survives the process (model, volume, tile position, masked voxels) is
 * the persisted cache's business.
 */
public record TileKey(int relevantTile, long[] bitsOnTileUnits) {

    static TileKey of(int relevantTile, int[] tileUnits, Coalition kept) {
        long[] bits = new long[(tileUnits.length + 63) >>> 6];
        for (int j = 0; j < tileUnits.length; j++) {
            if (kept.contains(tileUnits[j])) bits[j >>> 6] |= 1L << j;
        }
        return new TileKey(relevantTile, bits);
    }

    @Override
    public long[] bitsOnTileUnits() {
        return bitsOnTileUnits.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TileKey k && k.relevantTile == relevantTile && Arrays.equals(k.bitsOnTileUnits, bitsOnTileUnits);
    }

    @Override
    public int hashCode() {
        return 31 * relevantTile + Arrays.hashCode(bitsOnTileUnits);
    }

    @Override
    public String toString() {
        return "tile " + relevantTile + " bits " + Arrays.toString(bitsOnTileUnits);
    }
}

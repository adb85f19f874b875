package segshap.engine.coalition;

import java.util.Arrays;
import java.util.BitSet;

/**
 * Cache key of one tile's output: the relevant tile and {@code m|U_s}, the coalition's bits on the units
 * meeting that tile (bit j = unit {@code U_s[j]} kept). Everything else about the input is fixed for the
 * explanation, so equal keys mean equal tile inputs.
 */
record TileKey(int relevantTile, long[] bitsOnTileUnits) {

    static TileKey of(int relevantTile, int[] tileUnits, BitSet kept) {
        long[] bits = new long[(tileUnits.length + 63) >>> 6];
        for (int j = 0; j < tileUnits.length; j++) {
            if (kept.get(tileUnits[j])) bits[j >>> 6] |= 1L << j;
        }
        return new TileKey(relevantTile, bits);
    }

    /** True when every unit meeting the tile is kept: the tile sees the unperturbed input. */
    boolean isClean(int tileUnitCount) {
        for (int j = 0; j < tileUnitCount; j++) {
            if ((bitsOnTileUnits[j >>> 6] & (1L << j)) == 0) return false;
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TileKey k && k.relevantTile == relevantTile && Arrays.equals(k.bitsOnTileUnits, bitsOnTileUnits);
    }

    @Override
    public int hashCode() {
        return 31 * relevantTile + Arrays.hashCode(bitsOnTileUnits);
    }
}

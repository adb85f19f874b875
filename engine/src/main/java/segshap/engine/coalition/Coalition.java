package segshap.engine.coalition;

import java.util.Arrays;

/**
 * An immutable set of kept players (interpretable units) out of {@code playerCount} players.
 *
 * <p>Player i is kept (its voxels stay at their original HU) when bit i is set and removed (masked)
 * otherwise. Two coalitions are equal when they have the same player count and the same members, so a
 * coalition is a stable cache key. Example: {@code Coalition.of(5, 0, 3)} keeps units 0 and 3 of 5,
 * prints as {@code {0,3}/5}, and its {@link #complement()} is {@code {1,2,4}/5}.
 */
public final class Coalition {
    private final int playerCount;
    private final long[] words; // bit i of words[i >>> 6] = player i kept; bits >= playerCount are 0
    private final int hash;

    private Coalition(int playerCount, long[] words) {
        this.playerCount = playerCount;
        this.words = words;
        this.hash = 31 * playerCount + Arrays.hashCode(words);
    }

    private static int wordCount(int playerCount) {
        return (playerCount + 63) >>> 6;
    }

    private static void checkPlayerCount(int playerCount) {
        if (playerCount < 0) {
            throw new IllegalArgumentException("playerCount must be >= 0, got " + playerCount);
        }
    }

    /** The empty coalition: every player removed. */
    public static Coalition empty(int playerCount) {
        checkPlayerCount(playerCount);
        return new Coalition(playerCount, new long[wordCount(playerCount)]);
    }

    /** The grand coalition: every player kept (the original image). */
    public static Coalition full(int playerCount) {
        checkPlayerCount(playerCount);
        long[] w = new long[wordCount(playerCount)];
        Arrays.fill(w, -1L);
        clearTail(w, playerCount);
        return new Coalition(playerCount, w);
    }

    /**
     * The coalition keeping exactly the listed players.
     *
     * @param playerCount number of players M, {@code >= 0}
     * @param members kept players, each in {@code [0, M)}; duplicates are allowed and ignored
     */
    public static Coalition of(int playerCount, int... members) {
        checkPlayerCount(playerCount);
        long[] w = new long[wordCount(playerCount)];
        for (int p : members) {
            checkPlayer(p, playerCount);
            w[p >>> 6] |= 1L << p;
        }
        return new Coalition(playerCount, w);
    }

    /** The coalition whose player i is kept iff {@code kept[i]}; M = {@code kept.length}. */
    public static Coalition fromFlags(boolean[] kept) {
        long[] w = new long[wordCount(kept.length)];
        for (int i = 0; i < kept.length; i++) {
            if (kept[i]) {
                w[i >>> 6] |= 1L << i;
            }
        }
        return new Coalition(kept.length, w);
    }

    /**
     * The coalition whose player i is kept iff bit i of {@code mask} is set.
     *
     * @param playerCount M in {@code [0, 63]}
     * @param mask bits at positions {@code >= M} must be 0
     */
    public static Coalition fromMask(int playerCount, long mask) {
        if (playerCount < 0 || playerCount > 63) {
            throw new IllegalArgumentException("fromMask needs playerCount in [0, 63], got " + playerCount);
        }
        if ((mask >>> playerCount) != 0) {
            throw new IllegalArgumentException("mask 0x" + Long.toHexString(mask) + " has bits at or above playerCount "
                    + playerCount);
        }
        return new Coalition(playerCount, playerCount == 0 ? new long[0] : new long[] {mask});
    }

    /**
     * Wraps {@code words} without copying (for designs that build millions of coalitions): the caller hands them
     * over and guarantees bits {@code >= playerCount} are 0.
     */
    public static Coalition ofOwnedWords(int playerCount, long[] words) {
        assert words.length == wordCount(playerCount);
        return new Coalition(playerCount, words);
    }

    private static void clearTail(long[] w, int playerCount) {
        int rem = playerCount & 63;
        if (rem != 0) {
            w[w.length - 1] &= (1L << rem) - 1;
        }
    }

    private static void checkPlayer(int p, int playerCount) {
        if (p < 0 || p >= playerCount) {
            throw new IndexOutOfBoundsException("player " + p + " outside [0, " + playerCount + ")");
        }
    }

    /** Number of players M (kept or not). */
    public int playerCount() {
        return playerCount;
    }

    /** Number of kept players |S|. */
    public int size() {
        int n = 0;
        for (long w : words) {
            n += Long.bitCount(w);
        }
        return n;
    }

    /** Whether player {@code p} (in {@code [0, M)}) is kept. */
    public boolean contains(int p) {
        checkPlayer(p, playerCount);
        return (words[p >>> 6] & (1L << p)) != 0;
    }

    /** This coalition with player {@code p} kept. */
    public Coalition with(int p) {
        checkPlayer(p, playerCount);
        long[] w = words.clone();
        w[p >>> 6] |= 1L << p;
        return new Coalition(playerCount, w);
    }

    /** This coalition with player {@code p} removed. */
    public Coalition without(int p) {
        checkPlayer(p, playerCount);
        long[] w = words.clone();
        w[p >>> 6] &= ~(1L << p);
        return new Coalition(playerCount, w);
    }

    /** N \ S: kept players become removed and vice versa. */
    public Coalition complement() {
        long[] w = new long[words.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = ~words[i];
        }
        clearTail(w, playerCount);
        return new Coalition(playerCount, w);
    }

    /** The kept players in ascending order. */
    public int[] members() {
        int[] out = new int[size()];
        int n = 0;
        for (int wi = 0; wi < words.length; wi++) {
            long w = words[wi];
            while (w != 0) {
                out[n++] = (wi << 6) + Long.numberOfTrailingZeros(w);
                w &= w - 1;
            }
        }
        return out;
    }

    /** The kept players as a mask (bit i = player i); only for M {@code <= 63}. */
    public long toMask() {
        if (playerCount > 63) {
            throw new IllegalStateException("toMask needs playerCount <= 63, got " + playerCount);
        }
        return words.length == 0 ? 0L : words[0];
    }

    /** A copy of the 64-bit words, player i at bit {@code i & 63} of word {@code i >>> 6}. */
    public long[] toWords() {
        return words.clone();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Coalition)) {
            return false;
        }
        Coalition c = (Coalition) o;
        return hash == c.hash && playerCount == c.playerCount && Arrays.equals(words, c.words);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** Members in ascending order and M, e.g. {@code {0,3}/5}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        int[] m = members();
        for (int i = 0; i < m.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(m[i]);
        }
        return sb.append("}/").append(playerCount).toString();
    }
}

package segshap.engine.coalition;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Cache key of one tile output that means the same in every process: the SHA-256 of everything the tile's
 * logits depend on (see {@link TileKeys} for what goes in and why equal keys imply equal outputs).
 */
public record TileKey(byte[] digest) {
    /** Bytes of a key. */
    public static final int BYTES = 32;

    public TileKey {
        if (digest.length != BYTES) throw new IllegalArgumentException("a tile key has " + BYTES + " bytes, got " + digest.length);
        digest = digest.clone();
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    /** Writes the key's bytes at {@code dst[offset]} (no copy of the key). */
    public void copyTo(byte[] dst, int offset) {
        System.arraycopy(digest, 0, dst, offset, BYTES);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TileKey k && Arrays.equals(k.digest, digest);
    }

    @Override
    public int hashCode() {
        // a digest is uniform: its first four bytes are as good a hash as any
        return (digest[0] & 0xff) << 24 | (digest[1] & 0xff) << 16 | (digest[2] & 0xff) << 8 | digest[3] & 0xff;
    }

    @Override
    public String toString() {
        return "tile key " + HexFormat.of().formatHex(digest, 0, 8);
    }
}

package segshap.engine.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;
import segshap.engine.coalition.TileKey;

/**
 * The value store of {@link ChronicleTileCache}: tile outputs as checksummed records appended to fixed-size
 * chunks, either direct memory (in memory) or a memory-mapped sparse file (persisted). Chronicle Map holds only
 * the small index key → {@link Location}, because it handles multi-megabyte values badly (entry-size limits
 * tied to its size estimates, no eviction) while a slab copies at memory speed.
 *
 * <p>Record, little-endian, 8-byte aligned, never across a chunk boundary:
 * {@code [0] magic "SGT1" · [4] payload bytes · [8] key (32) · [40] CRC32C of bytes 4..40 and the payload ·
 * [44] 0 · [48] payload (float32 logits)}. The writer writes payload, key and checksum before the magic, so a
 * record cut off by a kill fails its check; a "SPAD" word where a record would start means "the rest of this
 * chunk is empty". Keys name content, so any record that passes its check holds the right value for its key.
 *
 * <p>One writer at a time ({@link ChronicleTileCache} serialises appends); readers any number, concurrently.
 */
final class Slab implements AutoCloseable {
    static final int HEADER = 48;
    private static final int MAGIC = 0x31544753; // "SGT1"
    private static final int PAD = 0x44415053;   // "SPAD"

    private final FileChannel file; // null: direct memory
    private final long chunkBytes;
    private final Map<Integer, ByteBuffer> chunks = new ConcurrentHashMap<>();

    /** Where one record is; 16 bytes in the index. */
    record Location(long offset, int payloadBytes, int crc) {
        static final int BYTES = 16;

        byte[] toBytes() {
            return ByteBuffer.allocate(BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(offset).putInt(payloadBytes).putInt(crc).array();
        }

        static Location of(byte[] b) {
            ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            return new Location(buf.getLong(), buf.getInt(), buf.getInt());
        }

        long end() {
            return offset + recordBytes(payloadBytes);
        }
    }

    /** Receives every record that passes its check during {@link #scan}. */
    interface Visitor {
        void record(byte[] key, Location where);
    }

    /**
     * @param file       the slab file (read-write), or {@code null} for direct memory
     * @param chunkBytes bytes per chunk, a multiple of 8; the largest record that fits
     */
    Slab(FileChannel file, long chunkBytes) {
        if (chunkBytes % 8 != 0 || chunkBytes < HEADER + 8 || chunkBytes > Integer.MAX_VALUE - 7) {
            throw new IllegalArgumentException("chunk of " + chunkBytes + " bytes: must be a multiple of 8 in [56, 2^31)");
        }
        this.file = file;
        this.chunkBytes = chunkBytes;
    }

    static long recordBytes(long payloadBytes) {
        return (HEADER + payloadBytes + 7) & ~7L;
    }

    long chunkBytes() {
        return chunkBytes;
    }

    /**
     * Where a record of {@code payloadBytes} appended at {@code end} starts (the next chunk when it does not fit in
     * this one's rest), or −1 when it cannot fit in any chunk.
     */
    long placement(long end, int payloadBytes) {
        long size = recordBytes(payloadBytes);
        if (size > chunkBytes) return -1;
        long inChunk = end % chunkBytes;
        return inChunk + size <= chunkBytes ? end : end - inChunk + chunkBytes;
    }

    /**
     * Writes a record at {@code at} (from {@link #placement}); {@code end} is the current end, where a pad word is
     * written when the record starts in the next chunk.
     *
     * @throws OutOfMemoryError when direct memory for a new chunk cannot be reserved
     */
    Location write(long end, long at, TileKey key, float[] logits) {
        if (at != end) {
            chunk(end).putInt(within(end), PAD);
        }
        ByteBuffer c = chunk(at);
        int p = within(at);
        int payload = logits.length * Float.BYTES;
        c.slice(p + HEADER, payload).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(logits);
        c.putInt(p + 4, payload);
        byte[] k = new byte[TileKey.BYTES];
        key.copyTo(k, 0);
        c.put(p + 8, k);
        c.putInt(p + 44, 0);
        int crc = crc(c, p, payload);
        c.putInt(p + 40, crc);
        c.putInt(p, MAGIC);
        return new Location(at, payload, crc);
    }

    /** The record's logits if it is complete, holds {@code key} and passes its checksum; else {@code null}. */
    float[] read(Location where, TileKey key) {
        if (where.offset() < 0 || where.payloadBytes() < 0 || where.payloadBytes() % Float.BYTES != 0
                || within(where.offset()) + recordBytes(where.payloadBytes()) > chunkBytes) {
            return null;
        }
        ByteBuffer c = chunk(where.offset());
        int p = within(where.offset());
        if (c.getInt(p) != MAGIC || c.getInt(p + 4) != where.payloadBytes() || c.getInt(p + 40) != where.crc()) return null;
        byte[] k = new byte[TileKey.BYTES];
        c.get(p + 8, k);
        byte[] want = new byte[TileKey.BYTES];
        key.copyTo(want, 0);
        if (!Arrays.equals(k, want) || crc(c, p, where.payloadBytes()) != where.crc()) return null;
        float[] out = new float[where.payloadBytes() / Float.BYTES];
        c.slice(p + HEADER, where.payloadBytes()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    /**
     * Visits every record in {@code [0, limit)} that passes its check, in order; a record with an intact header and a
     * bad checksum is skipped, anything that is not a record header ends the scan.
     *
     * @return where the scan ended: the end of the last record visited or skipped (the next append position)
     */
    long scan(long limit, Visitor visitor) {
        long pos = 0;
        while (pos + HEADER <= limit) {
            long inChunk = pos % chunkBytes;
            if (inChunk + HEADER > chunkBytes) {
                pos += chunkBytes - inChunk;
                continue;
            }
            ByteBuffer c = chunk(pos);
            int p = within(pos);
            int magic = c.getInt(p);
            if (magic == PAD) {
                pos += chunkBytes - inChunk;
                continue;
            }
            int payload = c.getInt(p + 4);
            if (magic != MAGIC || payload < 0 || payload % Float.BYTES != 0 || inChunk + recordBytes(payload) > chunkBytes
                    || pos + recordBytes(payload) > limit) {
                break;
            }
            int crc = c.getInt(p + 40);
            if (crc(c, p, payload) == crc) {
                byte[] k = new byte[TileKey.BYTES];
                c.get(p + 8, k);
                visitor.record(k, new Location(pos, payload, crc));
            }
            pos += recordBytes(payload);
        }
        return pos;
    }

    /** Flushes a mapped file's pages to disk (nothing for memory). */
    void force() {
        if (file == null) return;
        for (ByteBuffer b : chunks.values()) ((MappedByteBuffer) b).force();
    }

    /** Drops the chunks (mappings and direct buffers go with the garbage collector) and closes the file. */
    @Override
    public void close() {
        chunks.clear();
        if (file == null) return;
        try {
            file.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the tile cache's slab file: " + e.getMessage(), e);
        }
    }

    private int within(long offset) {
        return (int) (offset % chunkBytes);
    }

    private ByteBuffer chunk(long offset) {
        return chunks.computeIfAbsent((int) (offset / chunkBytes), k -> {
            if (file == null) return ByteBuffer.allocateDirect((int) chunkBytes).order(ByteOrder.LITTLE_ENDIAN);
            try {
                return file.map(FileChannel.MapMode.READ_WRITE, k * chunkBytes, chunkBytes).order(ByteOrder.LITTLE_ENDIAN);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot map the tile cache's slab file: " + e.getMessage(), e);
            }
        });
    }

    private static int crc(ByteBuffer c, int p, int payload) {
        CRC32C crc = new CRC32C();
        crc.update(c.slice(p + 4, 36));
        crc.update(c.slice(p + HEADER, payload));
        return (int) crc.getValue();
    }
}

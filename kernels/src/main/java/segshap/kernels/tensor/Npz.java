package segshap.kernels.tensor;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDateTime;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * NumPy {@code .npz} archives as {@code numpy.savez_compressed} writes them: a zip of {@code <name>.npy} entries,
 * each deflated ({@code ZIP_DEFLATED}, zlib's default level, as Python's zipfile uses). {@code numpy.load(f)[name]}
 * reads the array back. Example: {@code Npz.writeFloat32(out, "probabilities", p)} is what nnU-Net's
 * {@code np.savez_compressed(f, probabilities=p)} writes for a float32 {@code p}.
 *
 * <p>Entry times are fixed at 1980-01-01 00:00 (the zip epoch), so the same array always gives the same bytes;
 * numpy stamps the time of writing, which nothing reads.
 */
public final class Npz {
    private static final LocalDateTime ZIP_EPOCH = LocalDateTime.of(1980, 1, 1, 0, 0);

    private Npz() {}

    /**
     * Writes an archive holding one float32 array, entry {@code <name>.npy}, into a stream the caller owns (it is
     * flushed, not closed).
     *
     * @param name the array's key in {@code numpy.load}, a Python identifier such as {@code probabilities}
     * @throws IOException if {@code out} fails
     */
    public static void writeFloat32(OutputStream out, String name, FloatTensor t) throws IOException {
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("npz array name must be a Python identifier, got '" + name + "'");
        }
        ZipOutputStream zip = new ZipOutputStream(new NotClosing(out));
        zip.setMethod(ZipOutputStream.DEFLATED);
        ZipEntry entry = new ZipEntry(name + ".npy");
        entry.setTimeLocal(ZIP_EPOCH);
        zip.putNextEntry(entry);
        Npy.writeFloat32(zip, t);
        zip.closeEntry();
        zip.close(); // finishes the archive and frees the deflater; the caller's stream stays open
        out.flush();
    }

    /** Passes bytes through; closing it only flushes, so closing the zip leaves the caller's stream open. */
    private static final class NotClosing extends FilterOutputStream {
        NotClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}

package segshap.kernels.nifti;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.FilterOutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a {@link NiftiImage} as a little-endian single-file NIfTI-1 volume that nibabel, ITK-SNAP and
 * 3D Slicer open with the same shape, affine and values.
 *
 * <p>The file is gzip-compressed when its name ends in {@code .gz}. Header choices: vox_offset 352 (no
 * extensions); sform = the affine with sform_code 1 (scanner); qform = the nearest rigid transform of the
 * affine (pixdim = column norms, qfac −1 for a reflection, shears dropped) with qform_code 1, so readers
 * that prefer the qform (ITK) agree with those that prefer the sform; pixdim[1..3] = the affine's column
 * norms (the record's pixdimXyz is not written); xyzt_units mm; scl_slope 1, scl_inter 0; the image's
 * datatype. Values are stored as they are for float types; for integer types each value must be within
 * 1e-3 of an integer in the type's range and is stored rounded half to even. The affine and quaternion are
 * stored as float32, so they come back within float32 rounding.
 *
 * <p>Thread-safe: {@link #write} holds no shared state.
 */
public final class NiftiWriter {
    private static final int HEADER_BYTES = 348;
    private static final int VOX_OFFSET = 352;
    private static final short XFORM_CODE_SCANNER = 1;
    private static final byte UNITS_MM = 2;
    // label maps and attribution maps are written from float32; values this close to an integer are integers
    private static final double INTEGER_TOLERANCE = 1e-3;
    private static final int CHUNK_VOXELS = 1 << 16;
    private static final int STREAM_BUFFER_BYTES = 1 << 16;
    // fast compression: float maps barely shrink at higher levels, and label maps shrink well at level 1
    private static final int GZIP_LEVEL = Deflater.BEST_SPEED;

    private NiftiWriter() {}

    /**
     * Writes the image.
     *
     * @param file  destination; {@code .nii.gz} (or any name ending in {@code .gz}) is compressed, anything
     *              else is written uncompressed; an existing file is replaced
     * @param image grid, datatype and values (z, y, x) to store
     * @throws IllegalArgumentException if a value does not fit the integer datatype (NaN, out of range, or
     *     farther than 1e-3 from an integer; the message names the voxel), or the affine's 3×3 part is singular
     * @throws UncheckedIOException naming the file if it cannot be written
     */
    public static void write(Path file, NiftiImage image) {
        byte[] header = checkedHeader(file.toString(), image);
        try (OutputStream os = Files.newOutputStream(file)) {
            writeChecked(os, file.getFileName().toString().endsWith(".gz"), header, image);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e, e);
        }
    }

    /**
     * Writes the image into a stream the caller owns (for example a temporary file that is renamed into
     * place once complete); the stream is flushed, not closed. Every value is checked before the first byte
     * is written.
     *
     * @param out      destination; left open
     * @param compress gzip the bytes (the caller's file name ends in {@code .gz})
     * @param name     the file the bytes are meant for, named in error messages
     * @param image    grid, datatype and values (z, y, x) to store
     * @throws IllegalArgumentException as {@link #write(Path, NiftiImage)}
     * @throws IOException              if {@code out} fails
     */
    public static void write(OutputStream out, boolean compress, String name, NiftiImage image) throws IOException {
        writeChecked(out, compress, checkedHeader(name, image), image);
    }

    /** The header, after checking every value, so a bad value fails before any byte is written. */
    private static byte[] checkedHeader(String name, NiftiImage image) {
        if (image.dataType().isInteger()) checkFitsInteger(name, image, image.dataZyx().data(), image.dataType());
        return header(image);
    }

    private static void writeChecked(OutputStream out, boolean compress, byte[] header, NiftiImage image) throws IOException {
        float[] v = image.dataZyx().data();
        NiftiDataType type = image.dataType();
        if (compress) {
            // closing the gzip stream finishes it and frees its deflater; NonClosing keeps the caller's stream open
            try (GZIPOutputStream gz = new GZIPOutputStream(new NonClosing(out), STREAM_BUFFER_BYTES) {
                {
                    def.setLevel(GZIP_LEVEL);
                }
            }) {
                gz.write(header);
                writeVoxels(gz, v, type);
            }
        } else {
            BufferedOutputStream b = new BufferedOutputStream(new NonClosing(out), STREAM_BUFFER_BYTES);
            b.write(header);
            writeVoxels(b, v, type);
            b.flush();
        }
        out.flush();
    }

    /** Lets the gzip stream finish without closing the caller's stream. */
    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
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

        private static void checkFitsInteger(String file, NiftiImage image, float[] v, NiftiDataType type) {
        double min = type.minValue();
        double max = type.maxValue();
        for (int i = 0; i < v.length; i++) {
            double x = v[i];
            double r = Math.rint(x);
            if (!(r >= min && r <= max) || !(Math.abs(x - r) <= INTEGER_TOLERANCE)) {
                int[] s = image.shapeZyx();
                int z = i / (s[1] * s[2]);
                int y = (i / s[2]) % s[1];
                int xx = i % s[2];
                throw new IllegalArgumentException("cannot write " + file + " as " + type + ": value " + v[i]
                        + " at voxel zyx (" + z + ", " + y + ", " + xx + ") is not an integer in [" + (long) min
                        + ", " + (long) max + "] (tolerance " + INTEGER_TOLERANCE + "); write it as FLOAT32 instead");
            }
        }
    }

    private static byte[] header(NiftiImage image) {
        double[] a = image.affine();
        QformMath.Qform q = QformMath.qformOfAffine(a);
        int[] shape = image.shapeXyz();
        NiftiDataType type = image.dataType();
        ByteBuffer h = ByteBuffer.allocate(VOX_OFFSET).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0, HEADER_BYTES);
        h.put(38, (byte) 'r'); // "regular", as nibabel and the NIfTI library write it
        short[] dim = {3, (short) shape[0], (short) shape[1], (short) shape[2], 1, 1, 1, 1};
        for (int i = 0; i < 3; i++) {
            if (shape[i] > Short.MAX_VALUE) {
                throw new IllegalArgumentException("extent " + shape[i] + " exceeds NIfTI-1's limit " + Short.MAX_VALUE);
            }
        }
        for (int i = 0; i < 8; i++) h.putShort(40 + 2 * i, dim[i]);
        h.putShort(70, (short) type.code());
        h.putShort(72, (short) (8 * type.bytesPerVoxel()));
        float[] pixdim = {(float) q.qfac(), (float) q.pixdimX(), (float) q.pixdimY(), (float) q.pixdimZ(), 1, 1, 1, 1};
        for (int i = 0; i < 8; i++) h.putFloat(76 + 4 * i, pixdim[i]);
        h.putFloat(108, VOX_OFFSET);
        h.putFloat(112, 1f); // scl_slope
        h.putFloat(116, 0f); // scl_inter
        h.put(123, UNITS_MM);
        byte[] descrip = "segshap".getBytes(StandardCharsets.US_ASCII);
        h.put(148, descrip);
        h.putShort(252, XFORM_CODE_SCANNER);
        h.putShort(254, XFORM_CODE_SCANNER);
        double[] quatern = {q.b(), q.c(), q.d(), q.qoffsetX(), q.qoffsetY(), q.qoffsetZ()};
        for (int i = 0; i < 6; i++) h.putFloat(256 + 4 * i, (float) quatern[i]);
        for (int i = 0; i < 12; i++) h.putFloat(280 + 4 * i, (float) a[i]);
        h.put(344, new byte[] {'n', '+', '1', 0});
        // bytes 348..351: extension flag 0 (no extensions)
        return h.array();
    }

    private static void writeVoxels(OutputStream os, float[] v, NiftiDataType type) throws IOException {
        int size = type.bytesPerVoxel();
        ByteBuffer b = ByteBuffer.allocate(Math.min(CHUNK_VOXELS, Math.max(1, v.length)) * size).order(ByteOrder.LITTLE_ENDIAN);
        for (int start = 0; start < v.length; start += CHUNK_VOXELS) {
            int count = Math.min(CHUNK_VOXELS, v.length - start);
            encode(b, type, v, start, count);
            os.write(b.array(), 0, count * size);
        }
    }

    /** Values (already checked to fit integer types) to little-endian stored bytes. */
    private static void encode(ByteBuffer b, NiftiDataType type, float[] v, int offset, int count) {
        switch (type) {
            case UINT8, INT8 -> {
                for (int i = 0; i < count; i++) b.put(i, (byte) (int) Math.rint(v[offset + i]));
            }
            case INT16, UINT16 -> {
                for (int i = 0; i < count; i++) b.putShort(2 * i, (short) (int) Math.rint(v[offset + i]));
            }
            case INT32 -> {
                for (int i = 0; i < count; i++) b.putInt(4 * i, (int) Math.rint(v[offset + i]));
            }
            case FLOAT32 -> b.asFloatBuffer().put(v, offset, count);
            case FLOAT64 -> {
                for (int i = 0; i < count; i++) b.putDouble(8 * i, v[offset + i]);
            }
        }
    }
}

package segshap.kernels.nifti;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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
        float[] v = image.dataZyx().data();
        NiftiDataType type = image.dataType();
        if (type.isInteger()) checkFitsInteger(file, image, v, type);
        byte[] header = header(image);
        try (OutputStream os = open(file)) {
            os.write(header);
            writeVoxels(os, v, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e, e);
        }
    }

    private static OutputStream open(Path file) throws IOException {
        OutputStream raw = Files.newOutputStream(file);
        if (!file.getFileName().toString().endsWith(".gz")) return new BufferedOutputStream(raw, STREAM_BUFFER_BYTES);
        try {
            return new GZIPOutputStream(raw, STREAM_BUFFER_BYTES) {
                {
                    def.setLevel(GZIP_LEVEL);
                }
            };
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** Checks every value before the file is opened, so a bad value leaves no partial file. */
    private static void checkFitsInteger(Path file, NiftiImage image, float[] v, NiftiDataType type) {
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

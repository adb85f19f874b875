package segshap.kernels.nifti;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import segshap.kernels.HeapCheck;
import segshap.kernels.InputException;
import segshap.kernels.tensor.FloatTensor;

/**
 * Reads single-file NIfTI-1 and NIfTI-2 volumes ({@code .nii}, gzip-compressed or not) into a
 * {@link NiftiImage}, giving the same shape, affine and values as nibabel's {@code nib.load}.
 *
 * <p>Compression is detected from the gzip magic bytes, not the file name; the byte order from
 * {@code sizeof_hdr}. The affine follows nibabel's {@code get_best_affine}: the sform when sform_code ≠ 0,
 * else the qform when qform_code ≠ 0, else nibabel's fallback diag(−dx, dy, dz) centred on the volume.
 * Header repairs are nibabel's too: pixdim[1..3] zero → 1 and negative → absolute value, qfac not ±1 → 1,
 * xform codes outside 0..5 → 0, vox_offset below the header size → the header size. A scl_slope of 0 or
 * NaN means no scaling. NaN and ±Inf voxels are returned as they are; float64 voxels are rounded to
 * float32 (beyond float32 range they become ±Inf). Units (xyzt_units) are not converted.
 *
 * <p>Thread-safe: {@link #read} holds no shared state, so volumes can be read in parallel.
 */
public final class NiftiReader {
    /** Byte offset of DICOM Part 10's magic, after its preamble. */
    private static final int DICOM_MAGIC_OFFSET = 128;
    /** Files of a folder opened to tell a DICOM series from any other folder. */
    private static final int DICOM_FILES_LOOKED_AT = 16;
    private static final int NIFTI1_HEADER_BYTES = 348;
    private static final int NIFTI2_HEADER_BYTES = 540;
    // header + the 4-byte extension flag: where voxel data may start at the earliest
    private static final int NIFTI1_MIN_VOX_OFFSET = 352;
    private static final int NIFTI2_MIN_VOX_OFFSET = 544;
    private static final int MAX_DIMS = 7;
    private static final int EXTENSION_FLAG_BYTES = 4;
    // esize and ecode
    private static final int EXTENSION_HEAD_BYTES = 8;
    // extensions up to this size are kept; a label table of every TotalSegmentator task is far below it
    private static final long MAX_EXTENSION_BYTES = 16L << 20;
    private static final int STREAM_BUFFER_BYTES = 1 << 16;
    // voxel bytes are converted in chunks of this size (a multiple of every datatype size)
    private static final int CHUNK_BYTES = 1 << 20;
    // nibabel's quaternion_threshold: 3 eps of the header's float type (float32 for NIfTI-1, float64 for NIfTI-2)
    private static final double NIFTI1_QUATERNION_TOLERANCE = 3 * Math.ulp(1.0f);
    private static final double NIFTI2_QUATERNION_TOLERANCE = 3 * Math.ulp(1.0);
    private static final int MAX_VALID_XFORM_CODE = 5;
    // deflate's largest expansion: 258-byte matches at about 2 bits each give 1032:1 (zlib's technical note)
    private static final long MAX_DEFLATE_RATIO = 1032;

    private NiftiReader() {}

    /**
     * Reads a NIfTI volume.
     *
     * @param file a {@code .nii} or {@code .nii.gz} file (NIfTI-1 or NIfTI-2, either byte order); the image
     *             must be 3D, or 4D/5D with every extent beyond z equal to 1
     * @return the image, values as float32 after scl_slope/scl_inter, axis order (z, y, x)
     * @throws InputException naming the file and the problem when the file cannot be read, is not NIfTI
     *     (bad sizeof_hdr or magic, an .hdr/.img pair), has a truncated header or data, an unsupported
     *     datatype, dimensions that are not a single 3D volume, dims needing more bytes than the file can hold
     *     or more heap than this JVM has (checked before the voxels are allocated), or corrupt gzip data
     */
    public static NiftiImage read(Path file) {
        return readWithExtensions(file).image();
    }

    /**
     * Reads a NIfTI volume and the header extensions stored before its voxels (as nibabel's
     * {@code img.header.extensions}), in one pass over the file.
     *
     * <p>Extensions are read as the NIfTI-1 standard lays them out: after the extension flag (byte 0 ≠ 0), blocks of
     * {@code esize} (a multiple of 16, at least 16), {@code ecode} and {@code esize − 8} content bytes up to
     * vox_offset; trailing NUL padding is dropped from the content, as nibabel drops it. A block that does not fit (a bad esize) ends the list: the voxels do not depend on it.
     *
     * @param file as {@link #read}
     * @return the volume and its extensions
     * @throws InputException as {@link #read}
     */
    public static NiftiFile readWithExtensions(Path file) {
        refusePairByName(file);
        refuseFolderOrDicom(file);
        boolean gzipped = false;
        try (InputStream raw = Files.newInputStream(file);
                BufferedInputStream peek = new BufferedInputStream(raw, STREAM_BUFFER_BYTES)) {
            peek.mark(2);
            int b0 = peek.read();
            int b1 = peek.read();
            peek.reset();
            gzipped = b0 == 0x1f && b1 == 0x8b;
            long fileBytes = Files.size(file);
            if (!gzipped) return readStream(file, peek, false, fileBytes);
            try (GZIPInputStream gz = new GZIPInputStream(peek, STREAM_BUFFER_BYTES)) {
                return readStream(file, gz, true, fileBytes);
            }
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": file not found", e);
        } catch (IOException e) {
            if (gzipped) {
                throw new InputException(file + ": corrupt or truncated gzip data (" + e.getMessage()
                        + "); re-export or re-download the file", e);
            }
            throw new InputException(file + ": cannot read (" + e + ")", e);
        }
    }

    /**
     * A folder, or a DICOM file (the 'DICM' magic after the 128-byte preamble), is refused with the conversion the
     * field uses: no well-kept Java DICOM reader resolves from this project's registries, and dcm2niix writes the
     * NIfTI (with the right affine) that every nnU-Net user already feeds nnU-Net.
     */
    private static void refuseFolderOrDicom(Path file) {
        refuseDicom(file);
        if (Files.isDirectory(file)) {
            throw new InputException(file + ": is a folder, not a NIfTI image; name the .nii.gz file inside it");
        }
    }

    /**
     * Refuses a DICOM file or DICOM series folder with the dcm2niix command that converts it; anything else passes.
     *
     * @throws InputException naming the file or folder and the command
     */
    public static void refuseDicom(Path file) {
        if (Files.isDirectory(file) && isDicomSeriesFolder(file)) {
            throw new InputException(file + ": is a DICOM series folder, not a NIfTI image; convert it first with "
                    + "dcm2niix: dcm2niix -z y -o OUT " + file + " (then pass the .nii.gz it writes to OUT)");
        }
        if (Files.isRegularFile(file) && isDicom(file)) {
            Path series = file.toAbsolutePath().getParent();
            throw new InputException(file + ": is a DICOM file, not a NIfTI image; convert its series folder first with "
                    + "dcm2niix: dcm2niix -z y -o OUT " + series + " (then pass the .nii.gz it writes to OUT)");
        }
    }

    /**
     * Whether {@code folder} holds a DICOM series: one of the first {@value #DICOM_FILES_LOOKED_AT} entries listed is a
     * file carrying DICOM Part 10's 'DICM' magic.
     *
     * @throws InputException naming the folder if it cannot be listed
     */
    public static boolean isDicomSeriesFolder(Path folder) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            int looked = 0;
            for (Path e : entries) {
                if (Files.isRegularFile(e) && isDicom(e)) return true;
                if (++looked == DICOM_FILES_LOOKED_AT) return false;
            }
            return false;
        } catch (IOException e) {
            throw new InputException(folder + ": cannot list the folder (" + e + ")", e);
        }
    }

    /** Whether the file carries DICOM Part 10's 'DICM' at byte 128. */
    private static boolean isDicom(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(DICOM_MAGIC_OFFSET + 4);
            return head.length == DICOM_MAGIC_OFFSET + 4
                    && new String(head, DICOM_MAGIC_OFFSET, 4, StandardCharsets.US_ASCII).equals("DICM");
        } catch (IOException e) {
            return false; // unreadable: the NIfTI read that follows says why
        }
    }

    private static void refusePairByName(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".hdr") || name.endsWith(".img") || name.endsWith(".hdr.gz") || name.endsWith(".img.gz")) {
            throw new InputException(file + ": .hdr/.img image pairs (Analyze or two-file NIfTI) are not supported;"
                    + " convert to a single .nii.gz, e.g. with nibabel: nib.save(nib.load(path), 'image.nii.gz')");
        }
    }

    private static NiftiFile readStream(Path file, InputStream in, boolean gzipped, long fileBytes) throws IOException {
        byte[] first = in.readNBytes(4);
        if (first.length < 4) {
            throw new InputException(file + ": not a NIfTI file: only " + first.length + " bytes"
                    + (gzipped ? " after decompression" : ""));
        }
        int sizeLe = ByteBuffer.wrap(first).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int sizeBe = ByteBuffer.wrap(first).order(ByteOrder.BIG_ENDIAN).getInt();
        int headerBytes;
        ByteOrder order;
        if (sizeLe == NIFTI1_HEADER_BYTES || sizeLe == NIFTI2_HEADER_BYTES) {
            headerBytes = sizeLe;
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (sizeBe == NIFTI1_HEADER_BYTES || sizeBe == NIFTI2_HEADER_BYTES) {
            headerBytes = sizeBe;
            order = ByteOrder.BIG_ENDIAN;
        } else {
            throw new InputException(file + ": not a NIfTI file: sizeof_hdr is " + sizeLe
                    + " (expected 348 for NIfTI-1 or 540 for NIfTI-2, in either byte order)");
        }
        byte[] bytes = new byte[headerBytes];
        System.arraycopy(first, 0, bytes, 0, 4);
        int got = 4 + in.readNBytes(bytes, 4, headerBytes - 4);
        String version = headerBytes == NIFTI1_HEADER_BYTES ? "NIfTI-1" : "NIfTI-2";
        if (got < headerBytes) {
            throw new InputException(file + ": truncated header: " + got + " of " + headerBytes + " " + version
                    + " header bytes" + (gzipped ? " after decompression" : "") + "; the file is incomplete");
        }
        ByteBuffer h = ByteBuffer.wrap(bytes).order(order);
        Header hdr = headerBytes == NIFTI1_HEADER_BYTES ? parseNifti1(file, h) : parseNifti2(file, h);

        long gap = hdr.voxOffset - headerBytes;
        List<NiftiExtension> extensions = List.of();
        long skipped;
        if (gap <= MAX_EXTENSION_BYTES) {
            byte[] between = in.readNBytes((int) gap);
            skipped = between.length;
            if (skipped == gap) extensions = extensions(between, order);
        } else {
            skipped = skipUpTo(in, gap); // larger than any label table: not kept
        }
        if (skipped < gap) {
            throw new InputException(file + ": truncated data: the file ends " + (gap - skipped)
                    + " bytes before vox_offset " + hdr.voxOffset + "; the file is incomplete");
        }
        checkSizeBeforeReading(file, hdr, gzipped, fileBytes);
        float[] data = readVoxels(file, in, hdr, order);
        if (gzipped) drainToVerifyCrc(in);
        return new NiftiFile(new NiftiImage(new int[] {hdr.nx, hdr.ny, hdr.nz}, hdr.affine, hdr.pixdimXyz, hdr.dataType,
                new FloatTensor(new int[] {hdr.nz, hdr.ny, hdr.nx}, data), (float) hdr.slope, (float) hdr.inter), extensions);
    }

    /** The extensions in the bytes between the header and vox_offset (the 4-byte flag first). */
    private static List<NiftiExtension> extensions(byte[] between, ByteOrder order) {
        if (between.length < EXTENSION_FLAG_BYTES || between[0] == 0) return List.of();
        ByteBuffer b = ByteBuffer.wrap(between).order(order);
        List<NiftiExtension> out = new ArrayList<>();
        int at = EXTENSION_FLAG_BYTES;
        while (at + EXTENSION_HEAD_BYTES <= between.length) {
            int esize = b.getInt(at), ecode = b.getInt(at + 4);
            if (esize < EXTENSION_HEAD_BYTES || esize > between.length - at) break;
            int end = at + esize;
            while (end > at + EXTENSION_HEAD_BYTES && between[end - 1] == 0) end--; // NUL padding, dropped as nibabel does
            out.add(new NiftiExtension(ecode, Arrays.copyOfRange(between, at + EXTENSION_HEAD_BYTES, end)));
            at += esize;
        }
        return out;
    }

    /** What the reader needs from a header, after nibabel's repairs. */
    private record Header(int nx, int ny, int nz, NiftiDataType dataType, double[] pixdimXyz, double[] affine,
            long voxOffset, double slope, double inter) {}

    private static Header parseNifti1(Path file, ByteBuffer h) {
        String magic = magic(h, 344);
        checkMagic(file, magic, "n+1", "ni1", 344);
        long[] dim = new long[8];
        for (int i = 0; i < 8; i++) dim[i] = h.getShort(40 + 2 * i);
        double[] pixdim = new double[8];
        for (int i = 0; i < 8; i++) pixdim[i] = h.getFloat(76 + 4 * i);
        double[] quatern = new double[6];
        for (int i = 0; i < 6; i++) quatern[i] = h.getFloat(256 + 4 * i);
        double[] srow = new double[12];
        for (int i = 0; i < 12; i++) srow[i] = h.getFloat(280 + 4 * i);
        float voxOffset = h.getFloat(108);
        if (!(voxOffset >= 0) || voxOffset != Math.rint(voxOffset)) {
            throw new InputException(file + ": bad header: vox_offset " + voxOffset + " is not a non-negative whole number");
        }
        return header(file, dim, h.getShort(70), pixdim, h.getShort(252), h.getShort(254), quatern, srow,
                Math.max((long) voxOffset, NIFTI1_MIN_VOX_OFFSET), h.getFloat(112), h.getFloat(116),
                NIFTI1_QUATERNION_TOLERANCE);
    }

    private static Header parseNifti2(Path file, ByteBuffer h) {
        String magic = magic(h, 4);
        checkMagic(file, magic, "n+2", "ni2", 4);
        long[] dim = new long[8];
        for (int i = 0; i < 8; i++) dim[i] = h.getLong(16 + 8 * i);
        double[] pixdim = new double[8];
        for (int i = 0; i < 8; i++) pixdim[i] = h.getDouble(104 + 8 * i);
        double[] quatern = new double[6];
        for (int i = 0; i < 6; i++) quatern[i] = h.getDouble(352 + 8 * i);
        double[] srow = new double[12];
        for (int i = 0; i < 12; i++) srow[i] = h.getDouble(400 + 8 * i);
        long voxOffset = h.getLong(168);
        if (voxOffset < 0) throw new InputException(file + ": bad header: vox_offset " + voxOffset + " is negative");
        return header(file, dim, h.getShort(12), pixdim, h.getInt(344), h.getInt(348), quatern, srow,
                Math.max(voxOffset, NIFTI2_MIN_VOX_OFFSET), h.getDouble(176), h.getDouble(184),
                NIFTI2_QUATERNION_TOLERANCE);
    }

    private static String magic(ByteBuffer h, int offset) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            int c = h.get(offset + i) & 0xff;
            if (c == 0) break;
            s.append(c >= 0x20 && c < 0x7f ? (char) c : '?');
        }
        return s.toString();
    }

    private static void checkMagic(Path file, String magic, String single, String pair, int offset) {
        if (magic.equals(single)) return;
        if (magic.equals(pair)) {
            throw new InputException(file + ": this is the header of a .hdr/.img pair (magic '" + pair
                    + "'); only single-file NIfTI is supported: convert to .nii.gz, e.g. with nibabel:"
                    + " nib.save(nib.load('image.hdr'), 'image.nii.gz')");
        }
        throw new InputException(file + ": not a NIfTI file: bad magic '" + magic + "' at byte " + offset
                + " (expected '" + single + "'; Analyze 7.5 files are not supported)");
    }

    private static Header header(Path file, long[] dim, int datatype, double[] pixdim, int qformCode,
            int sformCode, double[] quatern, double[] srow, long voxOffset, double sclSlope, double sclInter,
            double quaternionTolerance) {
        NiftiDataType type;
        try {
            type = NiftiDataType.fromCode(datatype);
        } catch (IllegalArgumentException e) {
            throw new InputException(file + ": " + e.getMessage(), e);
        }
        int[] shapeXyz = checkDims(file, dim);

        // nibabel's header repairs (Nifti1Header._chk_pixdims / _chk_qfac), applied before any use of pixdim
        double[] zooms = new double[3];
        for (int i = 0; i < 3; i++) {
            double p = pixdim[i + 1];
            if (!Double.isFinite(p)) {
                throw new InputException(file + ": bad header: pixdim[" + (i + 1) + "] is " + p);
            }
            zooms[i] = p == 0 ? 1 : Math.abs(p);
        }
        double qfac = (pixdim[0] == 1 || pixdim[0] == -1) ? pixdim[0] : 1;

        double[] affine;
        if (isValidCode(sformCode) && sformCode != 0) {
            affine = new double[16];
            System.arraycopy(srow, 0, affine, 0, 12);
            affine[15] = 1;
        } else if (isValidCode(qformCode) && qformCode != 0) {
            affine = QformMath.affineOfQform(quatern[0], quatern[1], quatern[2], quatern[3], quatern[4],
                    quatern[5], zooms[0], zooms[1], zooms[2], qfac, quaternionTolerance);
            if (affine == null) {
                throw new InputException(file + ": bad header: qform quaternion (b, c, d) = (" + quatern[0] + ", "
                        + quatern[1] + ", " + quatern[2] + ") has b² + c² + d² > 1");
            }
        } else {
            affine = centredFallbackAffine(shapeXyz, zooms);
        }
        for (double a : affine) {
            if (!Double.isFinite(a)) {
                throw new InputException(file + ": bad header: the " + (sformCode != 0 ? "sform" : "qform")
                        + " affine has a non-finite entry");
            }
        }

        double slope = 1;
        double inter = 0;
        // nibabel get_slope_inter: slope 0 or non-finite means "no scaling" and the intercept is ignored too
        if (sclSlope != 0 && Double.isFinite(sclSlope)) {
            if (!Double.isFinite(sclInter)) {
                throw new InputException(file + ": bad header: scl_slope " + sclSlope + " with non-finite scl_inter " + sclInter);
            }
            slope = sclSlope;
            inter = sclInter;
        }
        return new Header(shapeXyz[0], shapeXyz[1], shapeXyz[2], type, zooms, affine, voxOffset, slope, inter);
    }

    private static boolean isValidCode(int code) {
        return code >= 0 && code <= MAX_VALID_XFORM_CODE;
    }

    private static int[] checkDims(Path file, long[] dim) {
        long ndim = dim[0];
        if (ndim < 3 || ndim > MAX_DIMS) {
            throw new InputException(file + ": bad dims: dim[0] = " + ndim + "; expected a 3D volume (dim[0] 3, or 4/5 with"
                    + " extra extents 1)");
        }
        for (int i = 1; i <= 3; i++) {
            if (dim[i] < 1 || dim[i] > Integer.MAX_VALUE) {
                throw new InputException(file + ": bad dims: dim[" + i + "] = " + dim[i] + "; extents must be >= 1");
            }
        }
        for (int i = 4; i <= ndim; i++) {
            if (dim[i] == 1) continue;
            if (i == 4) {
                throw new InputException(file + ": 4D with " + dim[4] + " volumes not supported; give one 3D volume"
                        + " (e.g. fslroi in.nii.gz out.nii.gz 0 1)");
            }
            throw new InputException(file + ": bad dims: dim[" + i + "] = " + dim[i] + " (" + ndim
                    + "D image); only one 3D volume with one value per voxel is supported");
        }
        long n = dim[1] * dim[2] * dim[3];
        if (n > Integer.MAX_VALUE - 8 || dim[1] * dim[2] > Integer.MAX_VALUE) {
            throw new InputException(file + ": volume " + dim[1] + "x" + dim[2] + "x" + dim[3] + " has " + n
                    + " voxels, more than the 2^31 - 9 a float32 array can hold");
        }
        return new int[] {(int) dim[1], (int) dim[2], (int) dim[3]};
    }

    /** nibabel's get_base_affine (shape_zoom_affine with x flipped): diag(−dx, dy, dz), origin at the centre. */
    private static double[] centredFallbackAffine(int[] shapeXyz, double[] zooms) {
        double[] signedZooms = {-zooms[0], zooms[1], zooms[2]};
        double[] a = new double[16];
        for (int i = 0; i < 3; i++) {
            a[5 * i] = signedZooms[i];
            a[4 * i + 3] = -((shapeXyz[i] - 1) / 2.0) * signedZooms[i];
        }
        a[15] = 1;
        return a;
    }

    private static long skipUpTo(InputStream in, long n) throws IOException {
        long done = 0;
        byte[] scratch = null;
        while (done < n) {
            long s = in.skip(n - done);
            if (s > 0) {
                done += s;
                continue;
            }
            // skip() may return 0 before EOF; read one byte to tell the two apart
            if (scratch == null) scratch = new byte[1];
            if (in.read(scratch) < 0) break;
            done++;
        }
        return done;
    }

    /**
     * Refuses, before the voxel array is allocated, a header whose dims need more bytes than the file can hold (an
     * uncompressed file shorter than vox_offset + voxels × size; a gzip file that would have to expand more than
     * deflate ever does) or more heap than this JVM has: a 58-byte file claiming 32767×32767×2 voxels must not cost
     * an 8 GiB allocation.
     */
    private static void checkSizeBeforeReading(Path file, Header hdr, boolean gzipped, long fileBytes) {
        long voxels = (long) hdr.nx * hdr.ny * hdr.nz;
        long dataBytes = voxels * hdr.dataType.bytesPerVoxel();
        if (!gzipped && hdr.voxOffset + dataBytes > fileBytes) {
            throw truncated(file, hdr, dataBytes, Math.max(0, fileBytes - hdr.voxOffset));
        }
        if (gzipped && hdr.voxOffset + dataBytes > HeapCheck.times(fileBytes, MAX_DEFLATE_RATIO)) {
            throw new InputException(file + ": bad header: dims " + hdr.nx + "x" + hdr.ny + "x" + hdr.nz + " of "
                    + hdr.dataType.name().toLowerCase(Locale.ROOT) + " need " + dataBytes + " bytes of voxel data, but a "
                    + fileBytes + "-byte gzip file expands to at most " + HeapCheck.times(fileBytes, MAX_DEFLATE_RATIO)
                    + " (deflate's limit is " + MAX_DEFLATE_RATIO + ":1); the header's dims are wrong or the file is incomplete");
        }
        HeapCheck.requireFits(HeapCheck.times(voxels, Float.BYTES), file + ": reading " + hdr.nx + "x" + hdr.ny + "x" + hdr.nz
                + " voxels as float32", "check the header's dims");
    }

    private static InputException truncated(Path file, Header hdr, long expectedBytes, long gotBytes) {
        return new InputException(file + ": truncated data: expected " + expectedBytes + " bytes of "
                + hdr.dataType.name().toLowerCase(Locale.ROOT) + " voxel data (" + hdr.nx + "x" + hdr.ny + "x"
                + hdr.nz + ") after vox_offset " + hdr.voxOffset + ", got " + gotBytes + "; the file is incomplete");
    }

    private static float[] readVoxels(Path file, InputStream in, Header hdr, ByteOrder order) throws IOException {
        int n = hdr.nx * hdr.ny * hdr.nz;
        int size = hdr.dataType.bytesPerVoxel();
        long expectedBytes = (long) n * size;
        float[] out = new float[n];
        byte[] chunk = new byte[(int) Math.min(CHUNK_BYTES, expectedBytes)];
        long readBytes = 0;
        int voxel = 0;
        while (voxel < n) {
            int want = (int) Math.min(chunk.length, (long) (n - voxel) * size);
            int got = in.readNBytes(chunk, 0, want);
            readBytes += got;
            if (got < want) throw truncated(file, hdr, expectedBytes, readBytes);
            int count = want / size;
            decode(ByteBuffer.wrap(chunk, 0, want).order(order), hdr.dataType, out, voxel, count, hdr.slope, hdr.inter);
            voxel += count;
        }
        return out;
    }

    /**
     * Stored values of {@code count} voxels to float32 after scaling. The scaling is applied in float64 to the
     * exact stored value and the result rounded once to float32, as nibabel's get_fdata() followed by a
     * float32 cast; like nibabel it multiplies only when slope ≠ 1 and adds only when inter ≠ 0 (keeps −0.0).
     */
    private static void decode(ByteBuffer b, NiftiDataType type, float[] out, int offset, int count,
            double slope, double inter) {
        switch (type) {
            case UINT8 -> {
                for (int i = 0; i < count; i++) out[offset + i] = scaled(b.get(i) & 0xff, slope, inter);
            }
            case INT8 -> {
                for (int i = 0; i < count; i++) out[offset + i] = scaled(b.get(i), slope, inter);
            }
            case INT16 -> {
                for (int i = 0; i < count; i++) out[offset + i] = scaled(b.getShort(2 * i), slope, inter);
            }
            case UINT16 -> {
                for (int i = 0; i < count; i++) out[offset + i] = scaled(b.getShort(2 * i) & 0xffff, slope, inter);
            }
            case INT32 -> {
                for (int i = 0; i < count; i++) out[offset + i] = scaled(b.getInt(4 * i), slope, inter);
            }
            case FLOAT32 -> {
                if (slope == 1 && inter == 0) {
                    b.asFloatBuffer().get(out, offset, count);
                } else {
                    for (int i = 0; i < count; i++) out[offset + i] = scaled(b.getFloat(4 * i), slope, inter);
                }
            }
            case FLOAT64 -> {
                for (int i = 0; i < count; i++) out[offset + i] = scaled(b.getDouble(8 * i), slope, inter);
            }
        }
    }

    private static float scaled(double stored, double slope, double inter) {
        double x = stored;
        if (slope != 1) x *= slope;
        if (inter != 0) x += inter;
        return (float) x;
    }

    private static void drainToVerifyCrc(InputStream in) throws IOException {
        // GZIPInputStream checks the CRC and length only when it reaches the end of the member
        byte[] sink = new byte[8192];
        while (in.read(sink) >= 0) {
            // discard bytes after the voxel data (rare) until the trailer is verified
        }
    }
}

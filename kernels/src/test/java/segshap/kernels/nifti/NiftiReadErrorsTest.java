package segshap.kernels.nifti;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.kernels.InputException;

/** Each broken input fails with an {@link InputException} whose message names the file and the problem. */
class NiftiReadErrorsTest {
    static final Path GOOD_N1 = Path.of("src/test/resources/nifti/u8_n1_sform.nii"); // 5x4x3 uint8, 352 + 60 bytes
    static final Path GOOD_N2 = Path.of("src/test/resources/nifti/f32_n2_sform.nii");

    @TempDir
    Path dir;

    static void assertMessage(Path file, Runnable read, String... parts) {
        InputException e = assertThrows(InputException.class, read::run);
        String m = e.getMessage();
        assertTrue(m.contains(file.toString()), "message names the file: " + m);
        for (String p : parts) assertTrue(m.contains(p), "message contains '" + p + "': " + m);
    }

    static byte[] good() throws IOException {
        return Files.readAllBytes(GOOD_N1);
    }

    static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(b);
        }
        return out.toByteArray();
    }

    /** A DICOM Part 10 file: 128-byte preamble, 'DICM', then (here) filler instead of data elements. */
    static byte[] dicom() {
        byte[] b = new byte[400];
        System.arraycopy("DICM".getBytes(StandardCharsets.US_ASCII), 0, b, 128, 4);
        return b;
    }

    @Test
    void aDicomFileIsRefusedWithTheDcm2niixCommandForItsSeries() throws IOException {
        Path series = Files.createDirectories(dir.resolve("CT_series"));
        Path f = Files.write(series.resolve("IM0001.dcm"), dicom());
        assertMessage(f, () -> NiftiReader.read(f), "is a DICOM file", "dcm2niix -z y -o OUT " + series.toAbsolutePath());
    }

    @Test
    void aDicomSeriesFolderIsRefusedWithTheDcm2niixCommand() throws IOException {
        Path series = Files.createDirectories(dir.resolve("series"));
        Files.write(series.resolve("README"), "not dicom".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 3; i++) Files.write(series.resolve("slice" + i), dicom()); // DICOM files often have no extension
        assertMessage(series, () -> NiftiReader.read(series), "is a DICOM series folder", "dcm2niix -z y -o OUT " + series);
    }

    @Test
    void anyOtherFolderIsRefusedAsAFolder() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("outputs"));
        Files.write(folder.resolve("a.txt"), "x".getBytes(StandardCharsets.US_ASCII));
        assertMessage(folder, () -> NiftiReader.read(folder), "is a folder, not a NIfTI image");
    }

    @Test
    void nonNiftiFileIsRefused() throws IOException {
        Path f = Files.write(dir.resolve("notes.nii"), "this is a text file, not an image\n".repeat(20)
                .getBytes(StandardCharsets.US_ASCII));
        assertMessage(f, () -> NiftiReader.read(f), "not a NIfTI file", "sizeof_hdr");
    }

    @Test
    void badMagicIsRefused() throws IOException {
        byte[] b = good();
        b[344] = 'x';
        Path f = Files.write(dir.resolve("magic.nii"), b);
        assertMessage(f, () -> NiftiReader.read(f), "not a NIfTI file", "bad magic 'x+1'");
    }

    @Test
    void truncatedHeaderIsRefused() throws IOException {
        Path f = Files.write(dir.resolve("short.nii"), Arrays.copyOf(good(), 200));
        assertMessage(f, () -> NiftiReader.read(f), "truncated header", "200 of 348");
        Path f2 = Files.write(dir.resolve("short2.nii.gz"), gzip(Arrays.copyOf(Files.readAllBytes(GOOD_N2), 300)));
        assertMessage(f2, () -> NiftiReader.read(f2), "truncated header", "300 of 540 NIfTI-2");
    }

    @Test
    void truncatedDataIsRefusedWithExpectedAndActualBytes() throws IOException {
        Path f = Files.write(dir.resolve("cut.nii"), Arrays.copyOf(good(), 352 + 30));
        assertMessage(f, () -> NiftiReader.read(f), "truncated data", "expected 60 bytes", "got 30");
        Path g = Files.write(dir.resolve("cut.nii.gz"), gzip(Arrays.copyOf(good(), 352 + 30)));
        assertMessage(g, () -> NiftiReader.read(g), "truncated data", "expected 60 bytes", "got 30");
    }

    @Test
    void unsupportedDatatypeIsRefusedNamingTheCode() throws IOException {
        byte[] b = good();
        le(b).putShort(70, (short) 128).putShort(72, (short) 24);
        Path f = Files.write(dir.resolve("rgb.nii"), b);
        assertMessage(f, () -> NiftiReader.read(f), "unsupported datatype 128 (RGB24)", "float32 (16)");
    }

    @Test
    void corruptGzipIsRefused() throws IOException {
        byte[] z = gzip(good());
        byte[] flipped = z.clone();
        for (int i = 20; i < 40; i++) flipped[i] ^= (byte) 0x5a; // inside the deflate stream
        Path f = Files.write(dir.resolve("flipped.nii.gz"), flipped);
        assertMessage(f, () -> NiftiReader.read(f), "corrupt or truncated gzip data");

        byte[] badCrc = z.clone();
        badCrc[z.length - 6] ^= 1; // CRC32 in the trailer: only a full read notices
        Path c = Files.write(dir.resolve("crc.nii.gz"), badCrc);
        assertMessage(c, () -> NiftiReader.read(c), "corrupt or truncated gzip data");

        Path t = Files.write(dir.resolve("cut_stream.nii.gz"), Arrays.copyOf(z, z.length / 2));
        assertMessage(t, () -> NiftiReader.read(t), "corrupt or truncated gzip data");
    }

    @Test
    void fourDimensionalWithSeveralVolumesIsRefused() throws IOException {
        byte[] b = Arrays.copyOf(good(), 352 + 2 * 60);
        le(b).putShort(40, (short) 4).putShort(48, (short) 2);
        Path f = Files.write(dir.resolve("fmri.nii"), b);
        assertMessage(f, () -> NiftiReader.read(f), "4D with 2 volumes not supported");
    }

    @Test
    void badDimsAreRefused() throws IOException {
        byte[] b = good();
        le(b).putShort(40, (short) 2);
        Path f = Files.write(dir.resolve("flat.nii"), b);
        assertMessage(f, () -> NiftiReader.read(f), "bad dims", "dim[0] = 2");
        byte[] z = good();
        le(z).putShort(44, (short) 0);
        Path g = Files.write(dir.resolve("zero.nii"), z);
        assertMessage(g, () -> NiftiReader.read(g), "bad dims", "dim[2] = 0");
    }

    @Test
    void imagePairsAreRefusedByNameAndByMagic() throws IOException {
        Path hdr = Files.write(dir.resolve("brain.hdr"), good());
        assertMessage(hdr, () -> NiftiReader.read(hdr), ".hdr/.img");
        byte[] b = good();
        b[345] = 'i';
        Path pairMagic = Files.write(dir.resolve("pair.nii"), b);
        assertMessage(pairMagic, () -> NiftiReader.read(pairMagic), "magic 'ni1'", ".hdr/.img pair");
    }

    @Test
    void missingFileIsRefused() {
        Path f = dir.resolve("absent.nii.gz");
        assertMessage(f, () -> NiftiReader.read(f), "file not found");
    }
}

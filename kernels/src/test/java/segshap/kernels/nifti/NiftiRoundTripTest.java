package segshap.kernels.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import segshap.kernels.tensor.FloatTensor;
import segshap.kernels.tensor.Npy;

/**
 * Writing then reading gives back the values and the grid, for every datatype, plain and gzipped; the
 * written qform encodes the same affine as the sform; integer datatypes refuse values that do not fit.
 */
class NiftiRoundTripTest {
    // the affine is stored as float32 (srow, quaternion): relative float32 rounding of entries up to ~100 mm
    static final double AFFINE_FLOAT32_TOL = 1e-5;
    static final long SEED = 20240611L;
    /** Where {@link #writesCheckSetForNibabel} leaves files for {@code tools/make_nifti_refs.py --check}. */
    static final Path CHECK_DIR = Path.of("target/nifti-written");

    /** Rotated (30° about (1,2,3)) and flipped (det &lt; 0) grid with 0.7×0.8×2.5 mm voxels. */
    static double[] rotatedFlippedAffine() {
        double half = Math.toRadians(30) / 2;
        double n = Math.sqrt(14);
        double[] r = QformMath.rotationOfQuaternion(Math.cos(half), Math.sin(half) / n, 2 * Math.sin(half) / n,
                3 * Math.sin(half) / n);
        double[] zooms = {0.7, 0.8, -2.5};
        double[] t = {-12.5, 40.25, -7.0};
        double[] a = new double[16];
        for (int row = 0; row < 3; row++) {
            for (int col = 0; col < 3; col++) a[4 * row + col] = r[3 * row + col] * zooms[col];
            a[4 * row + 3] = t[row];
        }
        a[15] = 1;
        return a;
    }

    static FloatTensor valuesFor(NiftiDataType type, int[] shapeZyx, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        FloatTensor t = FloatTensor.zeros(shapeZyx);
        float[] v = t.data();
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (type) {
                case UINT8 -> rng.nextInt(256);
                case INT8 -> rng.nextInt(-128, 128);
                case INT16 -> rng.nextInt(-32768, 32768);
                case UINT16 -> rng.nextInt(65536);
                // int32 values that float32 holds exactly
                case INT32 -> rng.nextInt(-(1 << 24), 1 << 24) * 64;
                case FLOAT32, FLOAT64 -> (float) (rng.nextGaussian() * 300);
            };
        }
        if (!type.isInteger()) {
            v[0] = Float.NaN;
            v[1] = Float.POSITIVE_INFINITY;
            v[2] = -0.0f;
        } else {
            v[0] = (float) type.minValue();
            v[1] = type == NiftiDataType.INT32 ? (float) (Integer.MAX_VALUE - 127) : (float) type.maxValue();
        }
        return t;
    }

    static NiftiImage image(NiftiDataType type, double[] affine, long seed) {
        int[] shapeXyz = {6, 5, 4};
        double[] pixdim = {0.7, 0.8, 2.5};
        return new NiftiImage(shapeXyz, affine, pixdim, NiftiDataType.FLOAT32,
                FloatTensor.zeros(4, 5, 6), 1f, 0f).withData(valuesFor(type, new int[] {4, 5, 6}, seed), type);
    }

    static Stream<Arguments> typesAndSuffixes() {
        List<Arguments> a = new ArrayList<>();
        for (NiftiDataType t : NiftiDataType.values()) {
            a.add(Arguments.of(t, ".nii"));
            a.add(Arguments.of(t, ".nii.gz"));
        }
        return a.stream();
    }

    static void assertAffineClose(double[] expected, double[] actual, double tol, String what) {
        for (int i = 0; i < 16; i++) {
            assertEquals(expected[i], actual[i], tol * Math.max(1, Math.abs(expected[i])),
                    what + ": affine[" + i / 4 + "][" + i % 4 + "]");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("typesAndSuffixes")
    void writeThenReadGivesTheSameValuesAndGrid(NiftiDataType type, String suffix, @TempDir Path dir) {
        NiftiImage written = image(type, rotatedFlippedAffine(), SEED + type.ordinal());
        Path file = dir.resolve("img" + suffix);
        NiftiWriter.write(file, written);
        NiftiImage read = NiftiReader.read(file);

        assertArrayEquals(written.shapeXyz(), read.shapeXyz());
        assertEquals(type, read.dataType());
        assertAffineClose(written.affine(), read.affine(), AFFINE_FLOAT32_TOL, "sform");
        assertArrayEquals(new double[] {0.7, 0.8, 2.5}, read.pixdimXyz(), AFFINE_FLOAT32_TOL);
        assertEquals(1f, read.sclSlope());
        assertEquals(0f, read.sclInter());
        NiftiReaderMatchesNibabelTest.assertSameValues(written.dataZyx().data(), read.dataZyx().data(), read.shapeZyx());
    }

    @Test
    void gzipIsChosenByNameAndDetectedByContent(@TempDir Path dir) throws IOException {
        NiftiImage img = image(NiftiDataType.INT16, rotatedFlippedAffine(), SEED);
        Path gz = dir.resolve("a.nii.gz");
        Path plain = dir.resolve("a.nii");
        NiftiWriter.write(gz, img);
        NiftiWriter.write(plain, img);
        byte[] g = Files.readAllBytes(gz);
        assertEquals(0x1f, g[0] & 0xff);
        assertEquals(0x8b, g[1] & 0xff);
        assertEquals(352 + 120 * 2, Files.size(plain));
        // a gzipped file named .nii and a plain file named .nii.gz still read
        Path gzNamedPlain = Files.write(dir.resolve("gz_named.nii"), g);
        Path plainNamedGz = Files.write(dir.resolve("plain_named.nii.gz"), Files.readAllBytes(plain));
        assertEquals(NiftiReader.read(gz), NiftiReader.read(gzNamedPlain));
        assertEquals(NiftiReader.read(plain), NiftiReader.read(plainNamedGz));
    }

    @Test
    void writingIntoAStreamGivesTheFileBytesAndLeavesTheStreamOpen(@TempDir Path dir) throws IOException {
        NiftiImage img = image(NiftiDataType.INT16, rotatedFlippedAffine(), SEED);
        for (boolean gzip : new boolean[] {true, false}) {
            Path file = dir.resolve(gzip ? "a.nii.gz" : "a.nii");
            NiftiWriter.write(file, img);
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream() {
                @Override
                public void close() {
                    throw new AssertionError("the caller's stream was closed");
                }
            };
            NiftiWriter.write(bytes, gzip, file.toString(), img);
            assertArrayEquals(Files.readAllBytes(file), bytes.toByteArray(), gzip ? "gzip" : "plain");
        }
    }

    @Test
    void writtenQformEncodesTheSameAffineAsTheSform(@TempDir Path dir) throws IOException {
        double[] affine = rotatedFlippedAffine();
        Path file = dir.resolve("q.nii");
        NiftiWriter.write(file, image(NiftiDataType.UINT8, affine, SEED));
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer h = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1, h.getShort(252), "qform_code");
        assertEquals(1, h.getShort(254), "sform_code");
        assertEquals(-1f, h.getFloat(76), "qfac of a flipped grid");
        h.putShort(254, (short) 0); // hide the sform: the reader falls back to the qform
        Path qOnly = Files.write(dir.resolve("q_only.nii"), bytes);
        assertAffineClose(affine, NiftiReader.read(qOnly).affine(), AFFINE_FLOAT32_TOL, "qform");
    }

    @Test
    void shearedAffineKeepsItsSformExactly(@TempDir Path dir) {
        double[] sheared = {-0.7, 0.1, 0.05, 90.5, 0.08, 0.8, -0.1, -120.25, 0, 0.12, 2.5, 33, 0, 0, 0, 1};
        Path file = dir.resolve("s.nii.gz");
        NiftiWriter.write(file, image(NiftiDataType.FLOAT32, sheared, SEED));
        assertAffineClose(sheared, NiftiReader.read(file).affine(), AFFINE_FLOAT32_TOL, "sform");
    }

    @Test
    void integerTypesRefuseValuesThatDoNotFit(@TempDir Path dir) {
        NiftiImage base = image(NiftiDataType.FLOAT32, rotatedFlippedAffine(), SEED);
        float[] bad = {256f, -1f, 0.5f, Float.NaN};
        for (float b : bad) {
            FloatTensor t = FloatTensor.zeros(4, 5, 6);
            t.data()[2 * 30 + 3 * 6 + 4] = b; // zyx (2, 3, 4)
            Path file = dir.resolve("bad.nii.gz");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> NiftiWriter.write(file, base.withData(t, NiftiDataType.UINT8)));
            assertTrue(e.getMessage().contains("(2, 3, 4)") && e.getMessage().contains("bad.nii.gz"), e.getMessage());
            assertFalse(Files.exists(file), "no partial file is left");
        }
        FloatTensor nearlyIntegral = FloatTensor.zeros(4, 5, 6);
        nearlyIntegral.data()[7] = 2.0004f;
        Path ok = dir.resolve("ok.nii");
        NiftiWriter.write(ok, base.withData(nearlyIntegral, NiftiDataType.UINT8));
        assertEquals(2f, NiftiReader.read(ok).dataZyx().data()[7]);
    }

    /**
     * Leaves one file per datatype (plain and gzipped alternately, rotated and flipped grid) with sidecars in
     * {@code kernels/target/nifti-written/} for {@code /usr/bin/python3 tools/make_nifti_refs.py --check
     * kernels/target/nifti-written}, which opens them with nibabel.
     */
    @Test
    void writesCheckSetForNibabel() throws IOException {
        Files.createDirectories(CHECK_DIR);
        ObjectMapper json = new ObjectMapper();
        double[] affine = rotatedFlippedAffine();
        for (NiftiDataType type : NiftiDataType.values()) {
            String base = "segshap_" + type.name().toLowerCase(java.util.Locale.ROOT);
            String suffix = type.ordinal() % 2 == 0 ? ".nii.gz" : ".nii";
            NiftiImage img = image(type, affine, SEED + 100 + type.ordinal());
            NiftiWriter.write(CHECK_DIR.resolve(base + suffix), img);
            Npy.writeFloat32(CHECK_DIR.resolve(base + ".values_zyx.npy"), img.dataZyx());
            Map<String, Object> expected = new LinkedHashMap<>();
            expected.put("shapeXyz", img.shapeXyz());
            expected.put("affine", img.affine());
            expected.put("datatype", type.code());
            json.writeValue(CHECK_DIR.resolve(base + ".expected.json").toFile(), expected);
            assertEquals(img.dataZyx(), NiftiReader.read(CHECK_DIR.resolve(base + suffix)).dataZyx());
        }
    }
}

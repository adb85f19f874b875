package segshap.kernels.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import segshap.kernels.tensor.FloatTensor;
import segshap.kernels.tensor.Npy;

/**
 * Every reference file made by {@code tools/make_nifti_refs.py} reads to what nibabel 5.0 reads: shape,
 * affine ({@code img.affine}), zooms, datatype, effective scaling, {@code get_fdata()} values and the header
 * extensions ({@code img.header.extensions}: code and content).
 */
class NiftiReaderMatchesNibabelTest {
    static final Path DIR = Path.of("src/test/resources/nifti");
    // header numbers are float32 (NIfTI-1) or float64 (NIfTI-2) widened to double on both sides; nibabel
    // builds the qform in long double, we in double
    static final double AFFINE_ABS_TOL = 1e-6;
    static final double PIXDIM_ABS_TOL = 1e-12;

    static List<String> files() throws IOException {
        List<String> names = new ArrayList<>();
        for (JsonNode e : manifest().get("files")) names.add(e.get("file").asText());
        return names;
    }

    static JsonNode manifest() throws IOException {
        return new ObjectMapper().readTree(DIR.resolve("refs.json").toFile());
    }

    static JsonNode entry(String file) throws IOException {
        for (JsonNode e : manifest().get("files")) {
            if (e.get("file").asText().equals(file)) return e;
        }
        throw new AssertionError("no manifest entry for " + file);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void readsLikeNibabel(String file) throws IOException {
        JsonNode e = entry(file);
        NiftiImage img = NiftiReader.read(DIR.resolve(file));

        int[] shapeXyz = new int[3];
        for (int i = 0; i < 3; i++) shapeXyz[i] = e.get("shapeXyz").get(i).asInt();
        assertArrayEquals(shapeXyz, img.shapeXyz(), "shape xyz");
        assertEquals(NiftiDataType.fromCode(e.get("datatype").asInt()), img.dataType(), "datatype");

        double[] affine = img.affine();
        for (int i = 0; i < 16; i++) {
            assertEquals(e.get("affine").get(i).asDouble(), affine[i], AFFINE_ABS_TOL,
                    "affine[" + i / 4 + "][" + i % 4 + "] of " + file);
        }
        double[] pixdim = img.pixdimXyz();
        for (int i = 0; i < 3; i++) {
            assertEquals(e.get("pixdimXyz").get(i).asDouble(), pixdim[i], PIXDIM_ABS_TOL, "pixdim[" + (i + 1) + "]");
        }
        assertEquals((float) e.get("sclSlope").asDouble(), img.sclSlope(), "effective scl_slope");
        assertEquals((float) e.get("sclInter").asDouble(), img.sclInter(), "effective scl_inter");

        FloatTensor expected = Npy.read(DIR.resolve(e.get("valuesZyx").asText()));
        assertArrayEquals(expected.shape(), img.dataZyx().shape(), "shape zyx");
        assertSameValues(expected.data(), img.dataZyx().data(), img.shapeZyx());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void readsTheHeaderExtensionsNibabelReads(String file) throws IOException {
        JsonNode e = entry(file);
        NiftiFile read = NiftiReader.readWithExtensions(DIR.resolve(file));
        List<NiftiExtension> expected = new ArrayList<>();
        for (JsonNode x : e.get("extensions")) {
            expected.add(new NiftiExtension(x.get("code").asInt(), HexFormat.of().parseHex(x.get("contentHex").asText())));
        }
        assertEquals(expected, read.extensions(), "header extensions of " + file);
        assertEquals(NiftiReader.read(DIR.resolve(file)), read.image(), "the same volume as read()");
    }

    /** Exact equality (NaN equals NaN, −0.0 differs from 0.0): both sides round one float64 result to float32. */
    static void assertSameValues(float[] expected, float[] actual, int[] shapeZyx) {
        int mismatches = 0;
        StringBuilder first = new StringBuilder();
        for (int i = 0; i < expected.length; i++) {
            if (Float.compare(expected[i], actual[i]) != 0) {
                if (mismatches < 5) {
                    int z = i / (shapeZyx[1] * shapeZyx[2]);
                    int y = (i / shapeZyx[2]) % shapeZyx[1];
                    int x = i % shapeZyx[2];
                    first.append(String.format(" (%d,%d,%d): expected %s got %s;", z, y, x, expected[i], actual[i]));
                }
                mismatches++;
            }
        }
        if (mismatches > 0) fail(mismatches + " of " + expected.length + " values differ, first at zyx" + first);
    }
}

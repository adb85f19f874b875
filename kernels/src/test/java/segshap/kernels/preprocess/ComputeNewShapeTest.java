package segshap.kernels.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ComputeNewShapeTest {

    @Test
    void halvesRoundToEvenAsPythonRoundDoes() {
        // 2.5·7 = 17.5 → 18, 2.5·5 = 12.5 → 12, 0.5·3 = 1.5 → 2 (Math.round would give 18, 13, 2)
        assertArrayEquals(new int[] {18, 12, 2}, Resampling.computeNewShape(new int[] {7, 5, 3},
                new double[] {2.5, 2.5, 0.5}, new double[] {1, 1, 1}));
        // 0.5·5 = 2.5 → 2, 1.5·9 = 13.5 → 14, 2.5·11 = 27.5 → 28
        assertArrayEquals(new int[] {2, 14, 28}, Resampling.computeNewShape(new int[] {5, 9, 11},
                new double[] {0.5, 1.5, 2.5}, new double[] {1, 1, 1}));
    }

    @Test
    void examplesComputedByPythonAgree() throws IOException {
        JsonNode root = new ObjectMapper().readTree(ResamplingMatchesNnunetTest.DIR.resolve("cases.json").toFile());
        for (JsonNode e : root.get("computeNewShape")) {
            assertArrayEquals(ResamplingMatchesNnunetTest.ints(e.get("expectedZyx")),
                    Resampling.computeNewShape(ResamplingMatchesNnunetTest.ints(e.get("shapeZyx")),
                            ResamplingMatchesNnunetTest.doubles(e.get("oldSpacingZyx")),
                            ResamplingMatchesNnunetTest.doubles(e.get("newSpacingZyx"))), e.toString());
        }
    }
}

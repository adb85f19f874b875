package segshap.kernels.plans;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import segshap.kernels.InputException;

/**
 * Typed access to fields of nnU-Net's JSON files; every error names the file and the dotted field path
 * ({@code configurations.3d_fullres.patch_size}).
 */
final class JsonFields {
    // Python's json.dump writes NaN/Infinity for non-finite floats (e.g. statistics of an empty channel)
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private final String file;

    JsonFields(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    /** Parses {@code path}; {@code what} says which file it should be (for the missing-file message). */
    static JsonNode parse(Path path, String what) {
        if (!Files.isRegularFile(path)) {
            throw new InputException(path + " not found; " + what);
        }
        try {
            JsonNode root = MAPPER.readTree(path.toFile());
            if (root == null || !root.isObject()) {
                throw new InputException(path + " is not a JSON object; " + what);
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new InputException(path + " is not valid JSON (" + e.getOriginalMessage() + "); " + what, e);
        } catch (IOException e) {
            throw new InputException("cannot read " + path + ": " + e, e);
        }
    }

    InputException error(String fieldPath, String problem) {
        return new InputException(file + ": " + fieldPath + ": " + problem);
    }

    JsonNode require(JsonNode parent, String name, String fieldPath) {
        JsonNode n = parent.get(name);
        if (n == null || n.isMissingNode()) throw error(fieldPath, "missing");
        return n;
    }

    JsonNode object(JsonNode parent, String name, String fieldPath) {
        JsonNode n = require(parent, name, fieldPath);
        if (!n.isObject()) throw error(fieldPath, "expected an object, found " + describe(n));
        return n;
    }

    String string(JsonNode parent, String name, String fieldPath) {
        JsonNode n = require(parent, name, fieldPath);
        if (!n.isTextual()) throw error(fieldPath, "expected a string, found " + describe(n));
        return n.asText();
    }

    boolean bool(JsonNode n, String fieldPath) {
        if (!n.isBoolean()) throw error(fieldPath, "expected true or false, found " + describe(n));
        return n.asBoolean();
    }

    int integer(JsonNode n, String fieldPath) {
        // accept 2.0 as 2 (numpy ints sometimes pass through float), reject 2.5
        if (n.isIntegralNumber() && n.canConvertToInt()) return n.intValue();
        if (n.isNumber() && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 1e9) {
            return (int) n.doubleValue();
        }
        throw error(fieldPath, "expected an integer, found " + describe(n));
    }

    double number(JsonNode n, String fieldPath) {
        if (!n.isNumber()) throw error(fieldPath, "expected a number, found " + describe(n));
        return n.doubleValue();
    }

    JsonNode array(JsonNode parent, String name, String fieldPath) {
        JsonNode n = require(parent, name, fieldPath);
        if (!n.isArray()) throw error(fieldPath, "expected a list, found " + describe(n));
        return n;
    }

    int[] intArray(JsonNode n, String fieldPath) {
        if (!n.isArray()) throw error(fieldPath, "expected a list of integers, found " + describe(n));
        int[] out = new int[n.size()];
        for (int i = 0; i < out.length; i++) out[i] = integer(n.get(i), fieldPath + "[" + i + "]");
        return out;
    }

    double[] doubleArray(JsonNode n, String fieldPath) {
        if (!n.isArray()) throw error(fieldPath, "expected a list of numbers, found " + describe(n));
        double[] out = new double[n.size()];
        for (int i = 0; i < out.length; i++) out[i] = number(n.get(i), fieldPath + "[" + i + "]");
        return out;
    }

    static String describe(JsonNode n) {
        if (n == null || n.isNull()) return "null";
        String s = n.toString();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}

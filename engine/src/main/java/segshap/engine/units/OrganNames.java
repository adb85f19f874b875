package segshap.engine.units;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import segshap.kernels.InputException;

/**
 * Organ names of a label map, from a sidecar file: JSON {@code {"1": "spleen", …}} or TSV lines
 * {@code 1<TAB>spleen} (an {@code id<TAB>name} header and lines starting with {@code #} are skipped).
 */
public final class OrganNames {
    private OrganNames() {}

    /**
     * Reads a names sidecar.
     *
     * @throws InputException if the file is unreadable or an entry is not "integer id → name"
     */
    public static SortedMap<Integer, String> read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read organ names (" + e.getMessage() + ")", e);
        }
        SortedMap<Integer, String> names = new TreeMap<>();
        if (text.stripLeading().startsWith("{")) {
            JsonNode root;
            try {
                root = new ObjectMapper().readTree(text);
            } catch (IOException e) {
                throw new InputException(file + ": not valid JSON (" + e.getMessage() + ")", e);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                names.put(parseId(e.getKey(), file.toString()), e.getValue().asText());
            }
            return names;
        }
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || line.equalsIgnoreCase("id\tname")) continue;
            String[] parts = line.split("\t", 2);
            if (parts.length != 2) {
                throw new InputException(file + " line " + (i + 1) + ": expected 'id<TAB>name', got '" + line + "'");
            }
            int id = parseId(parts[0].strip(), file + " line " + (i + 1));
            if (names.put(id, parts[1].strip()) != null) {
                throw new InputException(file + " line " + (i + 1) + ": organ id " + id + " is named twice");
            }
        }
        return names;
    }

    private static int parseId(String s, String where) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new InputException(where + ": organ id '" + s + "' is not an integer");
        }
    }
}

package segshap.engine.units;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import segshap.kernels.InputException;
import segshap.kernels.nifti.NiftiExtension;

/**
 * Label names stored in a NIfTI header extension as a Caret XML label table — the form TotalSegmentator's
 * {@code --ml} output carries (ecode 0 in the versions we know of; the code is not relied on):
 * <pre>
 * &lt;CaretExtension&gt; … &lt;VolumeInformation Index="0"&gt; &lt;LabelTable&gt;
 *   &lt;Label Key="1" Red="…" Green="…" Blue="…" Alpha="1"&gt;&lt;![CDATA[spleen]]&gt;&lt;/Label&gt;
 *   …
 * &lt;/LabelTable&gt; … &lt;/VolumeInformation&gt;&lt;/CaretExtension&gt;
 * </pre>
 * Other extensions (comments, AFNI, DICOM) are passed over. Key 0 (background), when present, is not a name.
 */
public final class LabelTableExtension {
    private static final byte[] ROOT = "<CaretExtension".getBytes(StandardCharsets.US_ASCII);

    private LabelTableExtension() {}

    /**
     * The names of the first extension holding a Caret label table.
     *
     * @param extensions a file's header extensions
     * @param file       the file they come from, named in messages
     * @return id → name, or empty when no extension holds a label table
     * @throws InputException naming the file when a label table is malformed (not XML, a key that is not a
     *     whole number ≥ 0, a key given twice, an empty name)
     */
    public static Optional<SortedMap<Integer, String>> names(List<NiftiExtension> extensions, Path file) {
        for (NiftiExtension e : extensions) {
            byte[] content = e.content();
            if (indexOf(content, ROOT) >= 0) return Optional.of(parse(content, file));
        }
        return Optional.empty();
    }

    private static SortedMap<Integer, String> parse(byte[] xml, Path file) {
        String where = file + ": the label table in its header extension";
        Document doc;
        try {
            doc = secureBuilder().parse(new ByteArrayInputStream(trimLeading(xml)));
        } catch (SAXException | IOException e) {
            throw new InputException(where + " is not valid XML (" + e.getMessage() + "); give --organ-names FILE to name the labels", e);
        }
        SortedMap<Integer, String> names = new TreeMap<>();
        NodeList tables = doc.getElementsByTagName("LabelTable");
        for (int t = 0; t < tables.getLength(); t++) {
            NodeList labels = ((Element) tables.item(t)).getElementsByTagName("Label");
            for (int i = 0; i < labels.getLength(); i++) {
                Element label = (Element) labels.item(i);
                String key = label.getAttribute("Key").strip(), name = label.getTextContent().strip();
                int id;
                try {
                    id = Integer.parseInt(key);
                } catch (NumberFormatException notANumber) {
                    id = -1;
                }
                if (id < 0) throw new InputException(where + " has Key=\"" + key + "\"; expected a label value (a whole number ≥ 0)");
                if (name.isEmpty()) throw new InputException(where + " gives label " + id + " no name");
                if (id == 0) continue; // background
                if (names.put(id, name) != null) throw new InputException(where + " names label " + id + " twice");
            }
        }
        return names;
    }

    /** A parser that reads no DTD and resolves no external entity: header contents are untrusted input. */
    private static DocumentBuilder secureBuilder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null); // errors arrive as exceptions, not also on stderr
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser supports these features", e);
        }
    }

    /** The XML declaration must come first: white space before it is dropped. */
    private static byte[] trimLeading(byte[] b) {
        int i = 0;
        while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) i++;
        return i == 0 ? b : Arrays.copyOfRange(b, i, b.length);
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}

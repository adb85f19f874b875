package segshap.engine.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

class DemoModelResourceTest {
    private static final String MODEL = "/segshap/demo-model/";
    // 5 stages × 2 convs × 4 tensors (conv w/b, norm w/b) + 4 decoder stages × 2 convs × 4 + 4 transposed convs × 2
    // + 4 seg layers × 2: the storages the 240 state-dict keys share.
    private static final int WEIGHT_STORAGES = 40 + 32 + 8 + 8;

    @Test
    void plansDescribeTheDemoGridWithoutResampling() throws Exception {
        JsonNode plans = json("plans.json");
        JsonNode c = plans.path("configurations").path("3d_fullres");
        assertEquals(List.of(5.0, 2.0, 2.0), doubles(c.path("spacing")));
        assertEquals(List.of(32.0, 96.0, 96.0), doubles(c.path("patch_size")));
        assertEquals("CTNormalization", c.path("normalization_schemes").get(0).asText());
        assertEquals("dynamic_network_architectures.architectures.unet.PlainConvUNet",
                c.path("architecture").path("network_class_name").asText());
        assertEquals(List.of(0.0, 1.0, 2.0), doubles(plans.path("transpose_forward")));
        JsonNode fg = plans.path("foreground_intensity_properties_per_channel").path("0");
        for (String k : new String[] {"mean", "std", "percentile_00_5", "percentile_99_5", "min", "max", "median"}) {
            assertTrue(fg.path(k).isNumber(), "foreground property " + k);
        }
        // The grid spacing equals the network spacing: nnU-Net's preprocessing does not resample DEMO phantoms.
        assertEquals(doubles(c.path("spacing")), List.of(PhantomGrid.DEMO.spacingZyxMm()[0],
                PhantomGrid.DEMO.spacingZyxMm()[1], PhantomGrid.DEMO.spacingZyxMm()[2]));
    }

    @Test
    void datasetLabelsAreThePhantomGroundTruthLabels() throws Exception {
        JsonNode labels = json("dataset.json").path("labels");
        List<String> names = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            names.add(e.getKey());
            assertEquals(e.getKey(), Phantom.groundTruthNames().get(e.getValue().asInt()));
        }
        assertEquals(List.copyOf(Phantom.groundTruthNames().values()), names);
        assertEquals("CT", json("dataset.json").path("channel_names").path("0").asText());
    }

    @Test
    void checkpointIsATorchZipWithTheTrainerRootFolderAndSharedStorages() throws Exception {
        Path file = resource("fold_0/checkpoint_final.pth");
        try (ZipFile zip = new ZipFile(file.toFile())) {
            assertNotNull(zip.getEntry("checkpoint_final/data.pkl"), "data.pkl under checkpoint_final/");
            assertNotNull(zip.getEntry("checkpoint_final/version"));
            int storages = 0;
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                if (en.nextElement().getName().startsWith("checkpoint_final/data/")) storages++;
            }
            // Network storages only: aliases add no records and the optimizer's moments were dropped.
            assertEquals(WEIGHT_STORAGES, storages, "storage records");
            byte[] pkl = zip.getInputStream(zip.getEntry("checkpoint_final/data.pkl")).readAllBytes();
            String text = new String(pkl, java.nio.charset.StandardCharsets.ISO_8859_1);
            for (String key : new String[] {"network_weights", "optimizer_state", "grad_scaler_state", "init_args",
                "trainer_name", "nnUNetTrainer", "inference_allowed_mirroring_axes", "3d_fullres",
                "decoder.encoder.stages.0.0.convs.0.all_modules.0.weight", "decoder.seg_layers.3.bias"}) {
                assertTrue(text.contains(key), "data.pkl mentions " + key);
            }
        }
    }

    private static JsonNode json(String name) throws Exception {
        try (InputStream in = DemoModelResourceTest.class.getResourceAsStream(MODEL + name)) {
            assertNotNull(in, MODEL + name + " on the classpath");
            return new ObjectMapper().readTree(in);
        }
    }

    private static Path resource(String name) throws URISyntaxException {
        java.net.URL url = DemoModelResourceTest.class.getResource(MODEL + name);
        assertNotNull(url, MODEL + name + " on the classpath");
        return Path.of(url.toURI());
    }

    private static List<Double> doubles(JsonNode array) {
        List<Double> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asDouble()));
        return out;
    }
}

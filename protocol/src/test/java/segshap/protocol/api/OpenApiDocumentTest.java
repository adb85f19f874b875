package segshap.protocol.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The OpenAPI document is YAML of version 3, names every route the daemon serves, and every $ref resolves. */
class OpenApiDocumentTest {
    /** The routes of segshap serve (engine's ApiRoutes), with their methods. */
    static final Map<String, List<String>> ROUTES = Map.of(
            "/healthz", List.of("get"), "/metrics", List.of("get"), "/v1/openapi.yaml", List.of("get"),
            "/v1/jobs", List.of("get", "post"), "/v1/jobs/{id}", List.of("get", "delete"), "/v1/jobs/{id}/events", List.of("get"),
            "/v1/jobs/{id}/report", List.of("get"), "/v1/jobs/{id}/files", List.of("get"), "/v1/jobs/{id}/files/{name}", List.of("get"),
            "/v1/jobs/{id}/inputs/ct", List.of("get"));

    @Test
    @SuppressWarnings("unchecked")
    void everyRouteIsDescribedAndEveryReferenceResolves() {
        String text = new String(ApiJson.openApiYaml(), StandardCharsets.UTF_8);
        Map<String, Object> doc = new Yaml().load(text);
        assertTrue(String.valueOf(doc.get("openapi")).startsWith("3."), "openapi " + doc.get("openapi"));
        Map<String, Object> paths = (Map<String, Object>) doc.get("paths");
        assertEquals(ROUTES.keySet(), paths.keySet());
        for (Map.Entry<String, List<String>> r : ROUTES.entrySet()) {
            Map<String, Object> ops = (Map<String, Object>) paths.get(r.getKey());
            for (String m : r.getValue()) assertTrue(ops.containsKey(m), m + " " + r.getKey());
        }
        Matcher ref = Pattern.compile("\\$ref: \"#/components/(\\w+)/(\\w+)\"").matcher(text);
        Map<String, Object> components = (Map<String, Object>) doc.get("components");
        List<String> missing = new ArrayList<>();
        while (ref.find()) {
            Map<String, Object> group = (Map<String, Object>) components.get(ref.group(1));
            if (group == null || !group.containsKey(ref.group(2))) missing.add(ref.group(0));
        }
        assertTrue(missing.isEmpty(), "unresolved: " + missing);
    }
}

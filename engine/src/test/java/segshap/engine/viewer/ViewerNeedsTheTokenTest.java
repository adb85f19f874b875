package segshap.engine.viewer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The viewer's routes over HTTP: the page and its files need the token (header or cookie, the header deciding),
 * the login checks it before setting the cookie, and the cookie is HttpOnly, SameSite=Strict, Path=/.
 */
class ViewerNeedsTheTokenTest {
    static ViewerTestServer server;
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception {
        server = new ViewerTestServer(Map.of()); // the page needs no job on the server side
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void thePageWithoutATokenIs401AndSaysHowToSignIn() throws Exception {
        HttpResponse<String> r = get("/viewer/j1");
        assertEquals(401, r.statusCode());
        assertTrue(r.body().contains("/viewer/login?token="), r.body());
        assertEquals(List.of("Bearer realm=\"segshap\""), r.headers().allValues("WWW-Authenticate"));
    }

    @Test
    void aWrongTokenIs401AsHeaderAndAsCookie() throws Exception {
        assertEquals(401, get("/viewer/j1", "Authorization", "Bearer nope").statusCode());
        assertEquals(401, get("/viewer/j1", "Cookie", ViewerRoutes.COOKIE + "=nope").statusCode());
        assertEquals(401, get("/viewer/j1", "Authorization", ViewerTestServer.TOKEN).statusCode(), "not a Bearer credential");
        assertEquals(401, get("/viewer/j1", "Authorization", "Bearer nope", "Cookie", ViewerRoutes.COOKIE + "=" + ViewerTestServer.TOKEN)
                .statusCode(), "a bearer credential decides, even beside a good cookie");
        assertEquals(200, get("/viewer/j1", "Authorization", "bearer " + ViewerTestServer.TOKEN).statusCode(), "the scheme in any case");
    }

    @Test
    void theRightTokenGetsThePageWithItsSecurityHeaders() throws Exception {
        for (HttpResponse<String> r : List.of(get("/viewer/j1", "Authorization", "Bearer " + ViewerTestServer.TOKEN),
                get("/viewer/j1", "Cookie", ViewerRoutes.COOKIE + "=" + ViewerTestServer.TOKEN))) {
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), r.headers().toString());
            assertTrue(r.body().contains("<canvas id=\"volume\">"), r.body());
            String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.contains("default-src 'self'") && !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), csp);
            assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""));
        }
    }

    @Test
    void assetsNeedTheTokenAndTheNiivueBundleComesCompressedAndWhole() throws Exception {
        assertEquals(401, get("/viewer/assets/viewer.js").statusCode());
        String cookie = ViewerRoutes.COOKIE + "=" + ViewerTestServer.TOKEN;
        HttpResponse<String> js = get("/viewer/assets/viewer.js", "Cookie", cookie);
        assertEquals(200, js.statusCode());
        assertTrue(js.headers().firstValue("Content-Type").orElse("").contains("javascript"), js.headers().toString());

        HttpResponse<byte[]> bundle = HTTP.send(HttpRequest.newBuilder(server.uri("/viewer/assets/niivue/niivue.umd.js"))
                .header("Cookie", cookie).header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, bundle.statusCode());
        assertEquals("gzip", bundle.headers().firstValue("Content-Encoding").orElse(""));
        byte[] expected = resource("segshap/viewer/assets/niivue/niivue.umd.js");
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bundle.body()))) {
            assertArrayEquals(expected, in.readAllBytes());
        }
        assertTrue(bundle.body().length < expected.length / 2, "compressed to " + bundle.body().length + " of " + expected.length);
        assertEquals(200, get("/viewer/assets/niivue/LICENSE", "Cookie", cookie).statusCode());
        assertEquals(404, get("/viewer/assets/missing.js", "Cookie", cookie).statusCode());
    }

    @Test
    void loginWithTheRightTokenSetsAStrictHttpOnlyCookieAndRedirectsToTheJob() throws Exception {
        HttpResponse<String> r = get("/viewer/login?token=" + ViewerTestServer.TOKEN + "&job=j-42");
        assertEquals(303, r.statusCode());
        assertEquals("/viewer/j-42", r.headers().firstValue("Location").orElse(""));
        String cookie = r.headers().firstValue("Set-Cookie").orElse("");
        assertTrue(cookie.startsWith(ViewerRoutes.COOKIE + "=" + ViewerTestServer.TOKEN + ";"), cookie);
        for (String attribute : List.of("HttpOnly", "SameSite=Strict", "Path=/")) assertTrue(cookie.contains(attribute), cookie);

        HttpResponse<String> noJob = get("/viewer/login?token=" + ViewerTestServer.TOKEN);
        assertEquals(200, noJob.statusCode());
        assertTrue(noJob.headers().firstValue("Set-Cookie").isPresent());
    }

    @Test
    void loginWithAWrongOrMissingTokenSetsNoCookie() throws Exception {
        for (String query : List.of("?token=nope&job=j1", "?job=j1", "")) {
            HttpResponse<String> r = get("/viewer/login" + query);
            assertEquals(401, r.statusCode(), query);
            assertTrue(r.headers().firstValue("Set-Cookie").isEmpty(), query + ": " + r.headers());
        }
    }

    @Test
    void loginRefusesAJobThatIsNotAnIdSoItCannotRedirectElsewhere() throws Exception {
        for (String job : List.of("..%2Fv1%2Fjobs", "%2F%2Fexample.org", "a%20b")) {
            HttpResponse<String> r = get("/viewer/login?token=" + ViewerTestServer.TOKEN + "&job=" + job);
            assertEquals(400, r.statusCode(), job);
            assertTrue(r.headers().firstValue("Location").isEmpty(), job);
        }
    }

    @Test
    void aPathThatIsNoJobIdIsNotThePage() throws Exception {
        String cookie = ViewerRoutes.COOKIE + "=" + ViewerTestServer.TOKEN;
        assertEquals(404, get("/viewer/a%20b", "Cookie", cookie).statusCode());
        assertEquals(404, get("/viewer/j1/more", "Cookie", cookie).statusCode());
    }

    private static HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path));
        if (headers.length > 0) b.headers(headers);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ViewerRoutes.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IOException("no resource " + name);
            return in.readAllBytes();
        }
    }
}

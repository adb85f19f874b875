package segshap.engine.viewer;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.encodeResponse;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.getFromResource;
import static org.apache.pekko.http.javadsl.server.Directives.getFromResourceDirectory;
import static org.apache.pekko.http.javadsl.server.Directives.optionalCookie;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.redirect;
import static org.apache.pekko.http.javadsl.server.Directives.respondWithHeaders;
import static org.apache.pekko.http.javadsl.server.Directives.setCookie;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.model.headers.HttpCookie;
import org.apache.pekko.http.javadsl.model.headers.HttpCookiePair;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.headers.SameSite;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The browser viewer's routes: {@code /viewer/login}, the page {@code /viewer/{id}} and its static files under
 * {@code /viewer/assets/} (the page's script and style, and the NiiVue bundle), all from classpath resources under
 * {@code segshap/viewer/}. The page itself fetches the job's data from the API routes
 * ({@code /v1/jobs/{id}}, {@code …/report}, {@code …/files/{name}}, {@code …/inputs/ct}, {@code …/events}), which
 * the server serves; these routes hold no job state.
 *
 * <p>Every route but the login needs the server's token, as a header {@code Authorization: Bearer <token>} or as
 * the cookie {@value #COOKIE}; a bearer credential, when sent, decides. A browser gets the cookie from
 * {@code /viewer/login?token=<token>&job=<id>}, which checks the token, sets the cookie (HttpOnly, SameSite=Strict,
 * Path=/) and redirects to {@code /viewer/<id>}, so the token leaves the address bar at once.
 *
 * <pre>
 * Route routes = concat(ViewerRoutes.create(token::matches), apiRoutes);   // token::matches compares in constant time
 * </pre>
 */
public final class ViewerRoutes {
    /** Name of the cookie that carries the token. */
    public static final String COOKIE = "segshap_token";
    /** Job ids the page accepts in its path: letters, digits, {@code _} and {@code -}, at most 64. */
    static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final String RESOURCES = "segshap/viewer/";
    private static final String BEARER = "Bearer ";

    // the page runs nothing but its own files; NiiVue decodes NIfTI in blob: workers and needs no eval
    private static final List<HttpHeader> PAGE_HEADERS = List.of(
            RawHeader.create("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; "
                    + "worker-src 'self' blob:; style-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'"),
            RawHeader.create("X-Content-Type-Options", "nosniff"),
            RawHeader.create("Referrer-Policy", "no-referrer"),
            RawHeader.create("Cache-Control", "no-store"));
    // unversioned names: revalidate every time, so a new segshap build never runs an old script
    private static final List<HttpHeader> ASSET_HEADERS = List.of(
            RawHeader.create("X-Content-Type-Options", "nosniff"),
            RawHeader.create("Cache-Control", "no-cache"));

    private ViewerRoutes() {}

    /**
     * The viewer's routes.
     *
     * @param tokenIsValid whether a presented token is the server's (the caller compares in constant time)
     * @return routes for {@code GET /viewer/login}, {@code GET /viewer/{id}} and {@code GET /viewer/assets/…}
     */
    public static Route create(Predicate<String> tokenIsValid) {
        return pathPrefix("viewer", () -> get(() -> concat(
                path("login", () -> login(tokenIsValid)),
                authorised(tokenIsValid, () -> concat(
                        pathPrefix("assets", () -> respondWithHeaders(ASSET_HEADERS,
                                () -> encodeResponse(() -> getFromResourceDirectory(RESOURCES + "assets")))),
                        // the page is the same for every job: its script reads the id from its own address
                        path(PathMatchers.segment(JOB_ID), id -> respondWithHeaders(PAGE_HEADERS,
                                () -> getFromResource(RESOURCES + "viewer.html", ContentTypes.TEXT_HTML_UTF8))))))));
    }

    /**
     * Lets the request through when its token is valid, otherwise answers 401 with the way in. The token is the
     * bearer credential when there is one, else the cookie: the same rule as the job API's, so the page and the data
     * it fetches are let in or refused together.
     */
    static Route authorised(Predicate<String> tokenIsValid, Supplier<Route> inner) {
        return optionalHeaderValueByName("Authorization", header -> optionalCookie(COOKIE, cookie -> {
            // the scheme is case-insensitive (RFC 9110 §11.1)
            Optional<String> bearer = header.filter(h -> h.regionMatches(true, 0, BEARER, 0, BEARER.length()))
                    .map(h -> h.substring(BEARER.length()).strip());
            Optional<String> token = bearer.or(() -> cookie.map(HttpCookiePair::value));
            return token.filter(tokenIsValid).isPresent() ? inner.get() : complete(unauthorised());
        }));
    }

    private static Route login(Predicate<String> tokenIsValid) {
        return parameterOptional("token", token -> parameterOptional("job", job -> {
            if (token.filter(tokenIsValid).isEmpty()) return complete(unauthorised());
            if (job.isPresent() && !JOB_ID.matcher(job.get()).matches()) {
                return complete(plain(HttpResponse.create().withStatus(StatusCodes.BAD_REQUEST),
                        "job '" + job.get() + "' is not a job id (letters, digits, _ and -, at most 64)"));
            }
            HttpCookie cookie = HttpCookie.create(COOKIE, token.get()).withHttpOnly(true).withPath("/").withSameSite(SameSite.Strict);
            return setCookie(cookie, () -> respondWithHeaders(List.of(RawHeader.create("Referrer-Policy", "no-referrer"),
                    RawHeader.create("Cache-Control", "no-store")), () -> job
                    // 303: the browser follows with a GET and the address bar no longer shows the token
                    .map(id -> redirect(Uri.create("/viewer/" + id), StatusCodes.SEE_OTHER))
                    .orElseGet(() -> complete(plain(HttpResponse.create(),
                            "signed in: open /viewer/<job id> (the ids: GET /v1/jobs)\n")))));
        }));
    }

    private static HttpResponse unauthorised() {
        return plain(HttpResponse.create().withStatus(StatusCodes.UNAUTHORIZED)
                        .addHeader(RawHeader.create("WWW-Authenticate", "Bearer realm=\"segshap\"")),
                "the viewer needs the server's token: open /viewer/login?token=<token>&job=<job id> "
                        + "(the token is in the server's --token-file, or DIR/token under its --data folder)\n");
    }

    private static HttpResponse plain(HttpResponse response, String text) {
        return response.withEntity(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, text));
    }
}

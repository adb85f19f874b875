package segshap.engine.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import segshap.engine.explain.Explainer;
import segshap.engine.explain.Explanation;
import segshap.engine.explain.ExplanationJob;
import segshap.engine.explain.ExplanationWriter;
import segshap.engine.explain.FixtureCase;
import segshap.protocol.ExplanationReport;
import segshap.protocol.Progress;
import segshap.protocol.ReportJson;
import segshap.protocol.UnitEntry;

/**
 * The viewer page in headless Chromium (Debian's {@code chromium} and {@code chromium-driver}; skipped where they
 * are missing, {@code .ci/run} installs them), on a real fixture explanation served by {@link ViewerTestServer}:
 * the page loads a finished job, NiiVue draws the CT with the φ overlay, the unit table lists the report's units
 * by |φ|, switching the value function changes the overlay, and a running job shows its progress events before
 * its result. Screenshots go to {@code target/viewer-screenshots/}.
 */
class ViewerInChromiumTest {
    static final Path CHROMIUM = firstExisting("/usr/bin/chromium", "/usr/bin/chromium-browser");
    static final Path CHROMEDRIVER = firstExisting("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
    static final Path SCREENSHOTS = Path.of("target/viewer-screenshots");
    static final Duration LOAD_TIMEOUT = Duration.ofSeconds(90); // swiftshader WebGL on 2 cores is slow to start
    // a pixel is "drawn" when it is not the black background; an overlay pixel when red and blue differ this much
    static final int DRAWN_LEVEL = 24;
    static final int OVERLAY_CHANNEL_GAP = 40;
    // pixels whose colour changes by more than this (max over r, g, b) count as changed
    static final int CHANGED_LEVEL = 12;

    @TempDir static Path tmp;
    static ExplanationReport report;
    static ViewerTestServer server;
    static ChromeDriver browser;

    @BeforeAll
    static void explainAndStart() throws Exception {
        assumeTrue(CHROMIUM != null && CHROMEDRIVER != null,
                "no chromium/chromedriver here: apt-get install chromium chromium-driver (as .ci/run does)");
        Path organs = FixtureCase.writeOrgans(tmp);
        Path folder = tmp.resolve("expl");
        List<Progress> events = new ArrayList<>();
        try (Explainer explainer = FixtureCase.explainer()) {
            ExplanationJob run = explainer.prepare(FixtureCase.job(organs).roiComponent(1).build(), events::add);
            Explanation e = run.evaluate(run.explain());
            ExplanationWriter.write(e, folder);
        }
        report = ReportJson.read(folder.resolve("report.json"));
        server = new ViewerTestServer(Map.of(
                "done-1", new JobApiStandIn.Job(folder, FixtureCase.CT, List.of(), Duration.ZERO),
                "running-1", new JobApiStandIn.Job(folder, FixtureCase.CT, replayOf(events), Duration.ofMillis(250))));
        browser = startChromium();
        Files.createDirectories(SCREENSHOTS);
        // sign in once: the cookie serves every later page
        browser.get(server.uri("/viewer/login?token=" + ViewerTestServer.TOKEN + "&job=done-1").toString());
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) browser.quit();
        if (server != null) server.close();
    }

    @Test
    void aFinishedJobShowsItsOverlayUnitsAndCurvesAndSwitchingTheValueChangesTheOverlay() throws IOException {
        open("done-1");
        String first = browser.findElement(By.id("volume")).getDomAttribute("data-value");
        assertEquals("dice", first, "Dice is shown first");
        saveScreenshot("finished-" + first);

        BufferedImage before = canvasPixels();
        List<String> console = browser.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::toString).toList();
        long drawn = countPixels(before, rgb -> max(rgb) > DRAWN_LEVEL);
        long overlay = countPixels(before, rgb -> Math.abs(rgb[0] - rgb[2]) > OVERLAY_CHANNEL_GAP);
        long all = (long) before.getWidth() * before.getHeight();
        assertTrue(drawn > all / 20, () -> "the CT is drawn: " + drawn + " of " + all + " pixels not background; console: " + console);
        assertTrue(overlay > 0, "the φ overlay is drawn: no red or blue pixel among " + all);

        assertUnitTableIs(first);
        assertEquals(2, browser.findElements(By.cssSelector("#curves-plot polyline")).size(), "MoRF and LeRF");
        assertTrue(browser.findElement(By.id("curves-metrics")).getText().startsWith("AOPC "));

        String other = mostDifferentValue(first);
        new Select(browser.findElement(By.id("value"))).selectByValue(other);
        waitFor(() -> other.equals(browser.findElement(By.id("volume")).getDomAttribute("data-value"))
                && "ready".equals(phase()));
        BufferedImage after = canvasPixels();
        long changed = countChanged(before, after);
        assertTrue(changed > all / 1000, "switching " + first + " → " + other + " changed " + changed + " of " + all + " pixels");
        assertUnitTableIs(other);
        saveScreenshot("finished-" + other);
        assertNoBrowserErrors();
    }

    @Test
    void aRunningJobShowsItsProgressThenItsResult() throws IOException {
        browser.get(server.uri("/viewer/running-1").toString());
        waitFor(() -> browser.findElement(By.id("progress")).isDisplayed()
                && browser.findElement(By.id("progress-text")).getText().matches("\\d+ / \\d+ .*"));
        assertTrue(!browser.findElement(By.id("result")).isDisplayed(), "no result shown while the job runs");
        saveScreenshot("running");
        open(null);
        int seen = Integer.parseInt(browser.findElement(By.tagName("body")).getDomAttribute("data-progress-events"));
        assertTrue(seen >= 2, "progress events shown before the result: " + seen);
        Progress last = server.job("running-1").replay().get(server.job("running-1").replay().size() - 1);
        assertEquals(last.topUnits().stream().map(u -> u.unitId() + " " + u.name()).toList(),
                browser.findElements(By.cssSelector("#progress-top tbody tr")).stream()
                        .map(r -> r.findElements(By.tagName("td"))).map(c -> c.get(0).getAttribute("textContent") + " "
                                + c.get(1).getAttribute("textContent")).toList(), "the running φ of the last event");
        assertUnitTableIs("dice");
        assertNoBrowserErrors();
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static void open(String job) {
        if (job != null) browser.get(server.uri("/viewer/" + job).toString());
        waitFor(() -> "ready".equals(phase()) || "error".equals(phase()));
        assertEquals("ready", phase(), () -> "the page failed: " + browser.findElement(By.id("error")).getText());
    }

    private static String phase() {
        return browser.findElement(By.tagName("body")).getDomAttribute("data-phase");
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, LOAD_TIMEOUT).until(d -> condition.getAsBoolean());
    }

    /** The table lists every unit of the report, largest |φ| of {@code value} first, with its name, φ and error. */
    private static void assertUnitTableIs(String value) {
        List<WebElement> rows = browser.findElements(By.cssSelector("#units tbody tr"));
        List<UnitEntry> units = report.units();
        double[] phi = report.values().get(value).phi();
        List<Integer> expected = IntStream.range(0, units.size()).boxed()
                .sorted(Comparator.<Integer>comparingInt(i -> units.get(i).excluded() ? 1 : 0)
                        .thenComparingDouble(i -> -Math.abs(phi[i])).thenComparingInt(i -> units.get(i).id()))
                .toList();
        assertEquals(expected.stream().map(i -> units.get(i).id()).toList(),
                rows.stream().map(r -> Integer.parseInt(r.getDomAttribute("data-unit-id"))).toList(), "units by |φ| of " + value);
        for (int r = 0; r < rows.size(); r++) {
            UnitEntry u = units.get(expected.get(r));
            List<WebElement> cells = rows.get(r).findElements(By.tagName("td"));
            if (u.organName() != null) assertEquals(u.organName(), cells.get(2).getText());
            double shown = Double.parseDouble(cells.get(4).getText());
            assertEquals(phi[expected.get(r)], shown, Math.abs(phi[expected.get(r)]) * 1e-3 + 1e-12, "φ of unit " + u.id());
        }
    }

    /** The other value function whose φ, each scaled by its own max |φ|, differs most from {@code first}'s. */
    private static String mostDifferentValue(String first) {
        double[] a = scaled(report.values().get(first).phi());
        String best = null;
        double bestGap = -1;
        for (String v : report.values().keySet()) {
            if (v.equals(first)) continue;
            double[] b = scaled(report.values().get(v).phi());
            double gap = IntStream.range(0, a.length).mapToDouble(i -> Math.abs(a[i] - b[i])).max().orElse(0);
            if (gap > bestGap) { bestGap = gap; best = v; }
        }
        assertTrue(bestGap > 0.1, "the fixture needs two value functions with different φ patterns; best gap " + bestGap);
        return best;
    }

    private static double[] scaled(double[] phi) {
        double m = Arrays.stream(phi).map(Math::abs).max().orElse(0);
        return Arrays.stream(phi).map(x -> m == 0 ? 0 : x / m).toArray();
    }

    private static BufferedImage canvasPixels() throws IOException {
        // an element screenshot reads what the compositor shows, whatever WebGL's preserveDrawingBuffer
        byte[] png = browser.findElement(By.id("volume")).getScreenshotAs(OutputType.BYTES);
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    private static long countPixels(BufferedImage img, java.util.function.Predicate<int[]> test) {
        long n = 0;
        for (int y = 0; y < img.getHeight(); y++)
            for (int x = 0; x < img.getWidth(); x++) if (test.test(rgb(img.getRGB(x, y)))) n++;
        return n;
    }

    private static long countChanged(BufferedImage a, BufferedImage b) {
        assertEquals(a.getWidth(), b.getWidth());
        assertEquals(a.getHeight(), b.getHeight());
        long n = 0;
        for (int y = 0; y < a.getHeight(); y++)
            for (int x = 0; x < a.getWidth(); x++) {
                int[] p = rgb(a.getRGB(x, y)), q = rgb(b.getRGB(x, y));
                if (Math.max(Math.abs(p[0] - q[0]), Math.max(Math.abs(p[1] - q[1]), Math.abs(p[2] - q[2]))) > CHANGED_LEVEL) n++;
            }
        return n;
    }

    private static int[] rgb(int argb) {
        return new int[] {(argb >> 16) & 0xff, (argb >> 8) & 0xff, argb & 0xff};
    }

    private static int max(int[] rgb) {
        return Math.max(rgb[0], Math.max(rgb[1], rgb[2]));
    }

    private static void saveScreenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    /** Console errors fail the test: a script error, a refused request, a CSP violation. */
    private static void assertNoBrowserErrors() {
        List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
        assertEquals(List.of(), errors, "browser console errors");
    }

    private static ChromeDriver startChromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // root in CI needs --no-sandbox; WebGL without a GPU runs on SwiftShader, which Chromium now only
        // enables when asked to
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1500,1150",
                "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--ignore-gpu-blocklist", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--mute-audio");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        // the driver is named, so Selenium Manager (which would download one) is never asked
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /**
     * About six of the run's own events, then one with running φ as a sampled budget reports them (the fixture's
     * exact budget reports none): the report's two largest Dice φ.
     */
    private static List<Progress> replayOf(List<Progress> events) {
        List<Progress> some = new ArrayList<>();
        for (int i = 0; i < events.size(); i += Math.max(1, events.size() / 6)) some.add(events.get(i));
        double[] phi = report.values().get("dice").phi();
        List<Progress.UnitPhi> top = IntStream.range(0, phi.length).boxed()
                .sorted(Comparator.comparingDouble(i -> -Math.abs(phi[i]))).limit(2)
                .map(i -> new Progress.UnitPhi(report.units().get(i).id(), report.units().get(i).organName(), phi[i])).toList();
        Progress last = events.get(events.size() - 1);
        some.add(new Progress("coalitions", 12, 16, last.tileRequests(), last.hits(), last.forwards(), last.dedupJoins(),
                last.elapsedSeconds(), 1.0, "dice", top));
        return some;
    }

    private static Path firstExisting(String... candidates) {
        Optional<Path> p = Arrays.stream(candidates).map(Path::of).filter(Files::isExecutable).findFirst();
        return p.orElse(null);
    }
}

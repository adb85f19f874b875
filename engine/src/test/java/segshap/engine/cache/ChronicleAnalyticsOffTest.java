package segshap.engine.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Chronicle Map's usage analytics (a POST to an analytics service at start-up) never run: the artifact is
 * excluded from the build, and the cache sets Chronicle's own switches before its first map.
 */
class ChronicleAnalyticsOffTest {

    @Test
    void theAnalyticsArtifactIsNotOnTheClasspath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("net.openhft.chronicle.analytics.Analytics"));
    }

    @Test
    void usingTheCacheTurnsChroniclesAnalyticsAndAnnouncerOff() {
        ChronicleTileCache.inMemory(1 << 20, n -> { }).close();
        assertEquals("true", System.getProperty("chronicle.analytics.disable"));
        assertEquals("true", System.getProperty("chronicle.announcer.disable"));
    }
}

package segshap.engine.cache;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.CodeSource;
import org.junit.jupiter.api.Test;

/**
 * The class Chronicle Map would otherwise compile with javac at every start (≈ 1–2 s per JVM here) is built into
 * the engine by the build (src/build/ChronicleStateClass.java): it loads from the engine's classes, not from a
 * run-time compile.
 */
class ChronicleStartupClassTest {
    @Test
    void theGeneratedStateClassShipsWithTheEngine() throws ClassNotFoundException {
        Class<?> c = Class.forName("net.openhft.chronicle.hash.VanillaGlobalMutableState$$Native");
        CodeSource from = c.getProtectionDomain().getCodeSource();
        assertNotNull(from, "loaded without a code source: compiled at run time");
        String where = from.getLocation().toString();
        Class<?> engine = ChronicleTileCache.class;
        assertTrue(where.equals(engine.getProtectionDomain().getCodeSource().getLocation().toString()),
                "expected it beside the engine's classes, found it in " + where);
    }
}

package segshap.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A user's defaults file overrides the built-in option defaults; the command line overrides both. */
class UserDefaultsTest {
    static final String PATH_PROPERTY = "picocli.defaults.segshap.path";

    @TempDir Path tmp;

    private DemoCommand parseDemo(String... args) throws IOException {
        Path file = Files.writeString(tmp.resolve("segshap.properties"), "budget=auto\ntiles-per-batch=3\n");
        String old = System.getProperty(PATH_PROPERTY);
        System.setProperty(PATH_PROPERTY, file.toString());
        try {
            CommandLine root = SegshapCommand.commandLine();
            String[] all = new String[args.length + 1];
            all[0] = "demo";
            System.arraycopy(args, 0, all, 1, args.length);
            CommandLine.ParseResult r = root.parseArgs(all);
            return (DemoCommand) r.subcommand().commandSpec().userObject();
        } finally {
            if (old == null) System.clearProperty(PATH_PROPERTY);
            else System.setProperty(PATH_PROPERTY, old);
        }
    }

    @Test
    void theDefaultsFileOverridesBuiltInDefaults() throws IOException {
        DemoCommand demo = parseDemo();
        assertEquals("auto", demo.budget);
        assertEquals(3, demo.runtime.tilesPerBatch);
        assertEquals(7, demo.seed, "options absent from the file keep their built-in default");
    }

    @Test
    void theCommandLineOverridesTheDefaultsFile() throws IOException {
        assertEquals("exact", parseDemo("--budget", "exact").budget);
    }
}

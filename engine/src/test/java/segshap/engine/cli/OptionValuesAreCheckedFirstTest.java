package segshap.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.engine.explain.FixtureCase;

/**
 * Issue 9, class 5: every option value is checked before any work (exit 2, the option, the value and what is
 * allowed, nothing created on disk), and so is every value of the user's defaults file, whose messages name the
 * file and the key; a bad value there does not break {@code --help}, and a misspelled key is warned about with the
 * nearest valid one.
 */
class OptionValuesAreCheckedFirstTest {
    @TempDir Path tmp;

    private CliRun explain(String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("explain", "-m", FixtureCase.MODEL.toString(), "--ct", FixtureCase.CT.toString(),
                "--organs", FixtureCase.writeOrgans(tmp).toString(), "--roi-component", "1", "--target", "1",
                "--out", out().toString(), "--threads", "2"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    private Path out() {
        return tmp.resolve("out");
    }

    private void assertRefusedBeforeAnyWork(CliRun run, String... fragments) {
        assertEquals(ExitCode.INVALID_INPUT, run.exitCode(), run.err());
        for (String f : fragments) assertTrue(run.err().contains(f), "'" + f + "' missing in: " + run.err());
        assertFalse(run.err().contains("\tat ") || run.err().contains("internal error"), run.err());
        assertFalse(Files.exists(out()), "nothing is created before the options are checked");
    }

    /** Runs the command line with {@code lines} as the user's defaults file. */
    private CliRun withDefaults(String lines, String... args) throws IOException {
        Path file = Files.writeString(tmp.resolve("segshap.properties"), lines);
        String old = System.getProperty(UserDefaults.PATH_PROPERTY);
        System.setProperty(UserDefaults.PATH_PROPERTY, file.toString());
        try {
            return CliRun.of(args);
        } finally {
            if (old == null) System.clearProperty(UserDefaults.PATH_PROPERTY);
            else System.setProperty(UserDefaults.PATH_PROPERTY, old);
        }
    }

    @Test
    void strategyTilingAndUnitRegionAreChecked() throws IOException {
        assertRefusedBeforeAnyWork(explain("--strategy", "fast"), "--strategy 'fast'", "segshap or paper");
        assertRefusedBeforeAnyWork(explain("--tiling", "tiles"), "--tiling 'tiles'", "nnunet or crop");
        assertRefusedBeforeAnyWork(explain("--strategy", "paper", "--tiling", "nnunet"), "--tiling nnunet", "crop B_RF");
        assertRefusedBeforeAnyWork(explain("--unit-region", "brf", "--unit-margin", "20"), "--unit-region brf", "give one");
        assertRefusedBeforeAnyWork(explain("--budget", "papers"), "--budget 'papers'");
        assertRefusedBeforeAnyWork(explain("--design", "random"), "--design 'random'", "pairs or walks");
        assertRefusedBeforeAnyWork(explain("--strategy", "paper", "--design", "walks"), "--design walks", "independent");
        assertRefusedBeforeAnyWork(explain("--forward-budget", "0"), "--forward-budget 0", "at least 1 tile forwards");
        assertRefusedBeforeAnyWork(explain("--forward-budget", "5000", "--budget", "auto"), "--forward-budget 5000",
                "give --budget N");
    }

    @Test
    void aMaskValueThatIsNotANumberIsRefused() throws IOException {
        assertRefusedBeforeAnyWork(explain("--mask-hu", "NaN"), "--mask-hu NaN", "finite number");
    }

    @Test
    void aMaximumBudgetBelowTwoIsRefusedEvenWhenTheBudgetIsFixed() throws IOException {
        assertRefusedBeforeAnyWork(explain("--max-budget", "0"), "--max-budget 0", "at least 2 coalitions");
    }

    @Test
    void anInfiniteUnitMarginIsRefused() throws IOException {
        assertRefusedBeforeAnyWork(explain("--unit-margin", "Infinity"), "--unit-margin Infinity", "finite number ≥ 0 mm");
    }

    @Test
    void theDemoRefusesANegativeUnitMarginBeforeMakingThePhantom() {
        long t0 = System.nanoTime();
        CliRun run = CliRun.of("demo", "--out", out().toString(), "--unit-margin", "-5");
        assertRefusedBeforeAnyWork(run, "--unit-margin -5.0", "≥ 0 mm");
        assertTrue((System.nanoTime() - t0) / 1e9 < 5, "refused at once, not after the phantom and the prediction");
    }

    @Test
    void aValueOfTheWrongTypeInTheDefaultsFileNamesTheFileAndTheKey() throws IOException {
        CliRun run = withDefaults("threads=many\n", "demo", "--out", out().toString());
        assertRefusedBeforeAnyWork(run, "segshap.properties: key 'threads' = 'many'", "not a whole number", "--threads");
    }

    @Test
    void aValueOutOfRangeInTheDefaultsFileNamesTheFileAndTheKey() throws IOException {
        CliRun run = withDefaults("unit-margin=-5\n", "demo", "--out", out().toString());
        assertRefusedBeforeAnyWork(run, "segshap.properties: key 'unit-margin' = '-5': --unit-margin -5.0: must be a finite number ≥ 0 mm");
        CliRun explicit = withDefaults("unit-margin=-5\n", "demo", "--out", out().toString(), "--unit-margin", "-7");
        assertRefusedBeforeAnyWork(explicit, "--unit-margin -7.0");
        assertFalse(explicit.err().contains("segshap.properties"), "a value from the command line is not blamed on the file");
    }

    @Test
    void aBadValueInTheDefaultsFileDoesNotBreakHelp() throws IOException {
        CliRun run = withDefaults("threads=many\n", "explain", "--help");
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertTrue(run.err().contains("segshap: warning: ") && run.err().contains("key 'threads' = 'many'"), run.err());
    }

    @Test
    void aMisspelledKeyIsWarnedAboutWithTheNearestValidKey() throws IOException {
        CliRun run = withDefaults("thread=4\nexplain.budjet=auto\nbudget=auto\n", "demo", "--help");
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertTrue(run.err().contains("unknown key 'thread' ignored; did you mean 'threads'?"), run.err());
        assertTrue(run.err().contains("unknown key 'explain.budjet' ignored; did you mean 'explain.budget'?"), run.err());
        assertFalse(run.err().contains("'budget' ignored"), "a valid key is not warned about: " + run.err());
    }

    @Test
    void theEditDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertEquals(0, UserDefaults.editDistance("threads", "threads"));
        assertEquals(1, UserDefaults.editDistance("thread", "threads"));
        assertEquals(1, UserDefaults.editDistance("budjet", "budget"));
        assertEquals(3, UserDefaults.editDistance("", "abc"));
        assertEquals(3, UserDefaults.editDistance("kitten", "sitting"));
    }
}

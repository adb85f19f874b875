package segshap.engine.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The user's option defaults, {@code ~/.segshap.properties} (or the file named by the system property
 * {@value #PATH_PROPERTY}): one {@code option-name=value} line each ({@code threads=8}), or
 * {@code command.option-name=value} for one command only ({@code explain.budget=auto}, which wins over
 * {@code budget=…}). The command line wins over both.
 *
 * <p>The file never breaks {@code --help}: a value that is not of the option's type (a word for a number) is not
 * handed to picocli; it is remembered as a problem naming the file and the key, which stops any other run before
 * it starts (exit 2). Keys that are no option of any command are warned about with the nearest valid key.
 */
final class UserDefaults implements IDefaultValueProvider {
    /** System property naming another defaults file (picocli's name for it, kept for existing setups). */
    static final String PATH_PROPERTY = "picocli.defaults.segshap.path";

    private final Path file;
    private final Properties properties;
    private final Set<String> problems = new LinkedHashSet<>();

    private UserDefaults(Path file, Properties properties, String readProblem) {
        this.file = file;
        this.properties = properties;
        if (readProblem != null) problems.add(readProblem);
    }

    /** The defaults file of this user; empty when there is none. */
    static UserDefaults load() {
        String named = System.getProperty(PATH_PROPERTY);
        Path file = named != null ? Path.of(named) : Path.of(System.getProperty("user.home"), ".segshap.properties");
        Properties p = new Properties();
        if (!Files.exists(file)) return new UserDefaults(file, p, null);
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            // IllegalArgumentException: a malformed \\uXXXX escape
            return new UserDefaults(file, new Properties(), file + ": cannot read the defaults file (" + e.getMessage()
                    + "); fix it or remove it");
        }
        return new UserDefaults(file, p, null);
    }

    /** The defaults file (which may not exist). */
    Path file() {
        return file;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec o) || o.usageHelp() || o.versionHelp()) return null;
        String key = usedKey(o.command(), o);
        if (key == null) return null;
        String value = properties.getProperty(key).trim();
        String problem = typeProblem(o, value);
        if (problem != null) {
            problems.add(file + ": key '" + key + "' = '" + value + "': " + problem + " (it sets the default of "
                    + o.longestName() + " of 'segshap " + o.command().name() + "'); fix or remove the line");
            return null; // the built-in default stands in, so --help still works
        }
        return value;
    }

    /** Values of the file that cannot be used, each naming the file and the key, in the order met. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    /**
     * Where {@code option} of {@code command} got its value from this file, e.g. {@code ~/.segshap.properties:
     * key 'threads' = '0'}, or {@code null} when the file does not set it.
     */
    String sourceOf(CommandSpec command, String option) {
        OptionSpec o = command.findOption(option);
        if (o == null) return null;
        String key = usedKey(command, o);
        return key == null ? null : file + ": key '" + key + "' = '" + properties.getProperty(key).trim() + "'";
    }

    /**
     * One warning per key of the file that is no option of any command under {@code root}, with the nearest valid
     * key when one is close; sorted by key, so the order does not follow the file's hash order.
     */
    List<String> unknownKeyWarnings(CommandSpec root) {
        Set<String> valid = new TreeSet<>();
        collectKeys(root, valid);
        List<String> out = new ArrayList<>();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            if (valid.contains(key)) continue;
            String nearest = null;
            int best = Integer.MAX_VALUE;
            for (String k : valid) {
                int d = editDistance(key, k);
                if (d < best) {
                    best = d;
                    nearest = k;
                }
            }
            boolean close = nearest != null && best <= Math.max(2, key.length() / 3);
            out.add(file + ": unknown key '" + key + "' ignored" + (close ? "; did you mean '" + nearest + "'?"
                    : "; keys are option names without the dashes, e.g. threads or explain.budget"));
        }
        return out;
    }

    private String usedKey(CommandSpec command, OptionSpec o) {
        String name = key(o);
        String qualified = command.name() + "." + name;
        if (properties.getProperty(qualified) != null) return qualified;
        return properties.getProperty(name) != null ? name : null;
    }

    private static String key(OptionSpec o) {
        return o.longestName().replaceFirst("^-+", "");
    }

    private static void collectKeys(CommandSpec spec, Set<String> keys) {
        for (OptionSpec o : spec.options()) {
            if (o.usageHelp() || o.versionHelp()) continue;
            keys.add(key(o));
            keys.add(spec.name() + "." + key(o));
        }
        for (CommandLine sub : spec.subcommands().values()) collectKeys(sub.getCommandSpec(), keys);
    }

    /** What is wrong with {@code value} for the option's type, or {@code null}; types picocli converts itself pass. */
    private static String typeProblem(OptionSpec o, String value) {
        Class<?> t = o.type();
        try {
            if (t == int.class || t == Integer.class) Integer.parseInt(value);
            else if (t == long.class || t == Long.class) Long.parseLong(value);
            else if (t == double.class || t == Double.class) Double.parseDouble(value);
            else if ((t == boolean.class || t == Boolean.class) && !value.toLowerCase(Locale.ROOT).matches("true|false")) {
                return "expected true or false";
            }
        } catch (NumberFormatException e) {
            return t == double.class || t == Double.class ? "not a number" : "not a whole number";
        }
        return null;
    }

    /** Levenshtein distance: insertions, deletions and substitutions, each costing 1. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1], current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) previous[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}

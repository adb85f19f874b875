import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Build step (engine/pom.xml, phase process-classes): generates with Chronicle's own code generator the one class
 * Chronicle Map otherwise generates and compiles with javac in every new JVM
 * ({@code net.openhft.chronicle.hash.VanillaGlobalMutableState$$Native}), and compiles it into the engine's
 * classes, where Chronicle finds it and skips its start-up compile (docs/decisions.md). Nothing generated is
 * kept in the repository; a Chronicle upgrade regenerates it.
 *
 * <p>Usage: {@code java -cp <engine's compile classpath> ChronicleStateClass.java <classes dir> <sources dir>}
 */
public final class ChronicleStateClass {
    public static void main(String[] args) throws Exception {
        Path classes = Path.of(args[0]);
        Path sources = Path.of(args[1]);
        Class<?> state = Class.forName("net.openhft.chronicle.hash.VanillaGlobalMutableState");
        Class<?> valueModel = Class.forName("net.openhft.chronicle.values.ValueModel");
        Object model = valueModel.getMethod("acquire", Class.class).invoke(null, state);
        Method generate = Class.forName("net.openhft.chronicle.values.Generators")
                .getDeclaredMethod("generateNativeClass", valueModel, String.class);
        generate.setAccessible(true);
        String name = state.getSimpleName() + "$$Native";
        String source = (String) generate.invoke(null, model, name);
        Path file = sources.resolve(state.getPackageName().replace('.', '/')).resolve(name + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source, StandardCharsets.UTF_8);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, List.of("-nowarn", "-proc:none", "--release", "17", "-classpath",
                System.getProperty("java.class.path"), "-d", classes.toString(), file.toString()).toArray(String[]::new));
        if (rc != 0) throw new IllegalStateException("javac failed on " + file);
    }
}

package segshap.engine.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The command line of a child JVM on the test classpath, with the JVM flags the build gives tests (Chronicle's). */
final class ChildJvm {
    private ChildJvm() {}

    /**
     * @param jvmArgs   e.g. {@code -Xmx512m}
     * @param mainClass the class to run
     * @param args      its arguments
     */
    static List<String> command(List<String> jvmArgs, Class<?> mainClass, String... args) {
        List<String> all = new ArrayList<>();
        String flags = System.getProperty("segshap.child.jvm.flags", "").trim();
        if (!flags.isEmpty()) all.addAll(Arrays.asList(flags.split("\\s+")));
        all.addAll(jvmArgs);
        return bare(all, mainClass, args);
    }

    /** {@link #command} without the build's flags: a JVM as a library user might start it. */
    static List<String> bare(List<String> jvmArgs, Class<?> mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass.getName());
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }
}

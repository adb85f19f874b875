package segshap.engine.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Runs {@code segshap demo} with the given arguments in this JVM and prints {@code PEAK_HEAP_BYTES=n}: the sum of
 * the heap pools' peak usage (what the collector let the heap grow to, an upper bound on the live peak).
 * {@link DemoRunsInBoundedHeapTest} starts it in a child JVM with a small {@code -Xmx}.
 */
public final class BoundedHeapDemo {
    private BoundedHeapDemo() {}

    public static void main(String[] args) {
        int code = SegshapCommand.commandLine().execute(args);
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
        }
        System.out.println("PEAK_HEAP_BYTES=" + peak);
        System.exit(code);
    }
}

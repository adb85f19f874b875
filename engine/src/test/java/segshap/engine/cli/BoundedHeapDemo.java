package segshap.engine.cli;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Runs {@code segshap demo} with the given arguments in this JVM and prints {@code PEAK_HEAP_BYTES=n}: the most
 * heap in use right after any garbage collection (the live set the run needed at its fullest, as the collector
 * saw it). {@link DemoRunsInBoundedHeapTest} starts it in a child JVM with a small {@code -Xmx}.
 */
public final class BoundedHeapDemo {
    private BoundedHeapDemo() {}

    public static void main(String[] args) {
        AtomicLong peakAfterGc = new AtomicLong();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((n, handback) -> {
                if (!n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) return;
                GcInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
                long used = 0;
                for (MemoryUsage u : info.getMemoryUsageAfterGc().values()) used += u.getUsed();
                peakAfterGc.accumulateAndGet(used, Math::max);
            }, null, null);
        }
        int code = SegshapCommand.commandLine().execute(args);
        System.out.println("PEAK_HEAP_BYTES=" + peakAfterGc.get());
        System.exit(code);
    }
}

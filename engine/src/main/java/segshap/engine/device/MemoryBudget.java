package segshap.engine.device;

import java.util.ArrayList;
import java.util.List;

/**
 * A budget of bytes that stages take before holding memory and give back when done: the back-pressure of the
 * pipeline is tied to it. {@link #tryAcquire} never blocks; a stage that gets {@code false} registers a
 * callback with {@link #onRelease} and tries again when it runs. Thread-safe.
 */
public final class MemoryBudget {
    private final String name;
    private final long capacityBytes;
    private long inUse;
    private long peak;
    private List<Runnable> waiters = new ArrayList<>();

    /** @param capacityBytes bytes that may be held at once, ≥ 1 */
    public MemoryBudget(String name, long capacityBytes) {
        if (capacityBytes < 1) throw new IllegalArgumentException(name + " budget must be ≥ 1 byte, got " + capacityBytes);
        this.name = name;
        this.capacityBytes = capacityBytes;
    }

    /** Takes {@code bytes} if they fit beside what is held; never blocks. */
    public synchronized boolean tryAcquire(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("cannot acquire " + bytes + " bytes");
        if (inUse + bytes > capacityBytes) return false;
        inUse += bytes;
        peak = Math.max(peak, inUse);
        return true;
    }

    /** Gives back {@code bytes} and runs, once, every callback registered since the last release. */
    public void release(long bytes) {
        List<Runnable> wake;
        synchronized (this) {
            if (bytes < 0 || bytes > inUse) {
                throw new IllegalStateException(name + " budget: releasing " + bytes + " bytes with " + inUse + " held");
            }
            inUse -= bytes;
            wake = waiters;
            waiters = new ArrayList<>();
        }
        for (Runnable r : wake) r.run();
    }

    /**
     * Runs {@code callback} once at the next release (at once if nothing is held, so a waiter cannot miss
     * the release that happened between its failed attempt and this call).
     */
    public void onRelease(Runnable callback) {
        boolean now;
        synchronized (this) {
            now = inUse == 0;
            if (!now) waiters.add(callback);
        }
        if (now) callback.run();
    }

    public String name() { return name; }

    public long capacityBytes() { return capacityBytes; }

    public synchronized long inUseBytes() { return inUse; }

    /** The most held at once so far. */
    public synchronized long peakBytes() { return peak; }
}

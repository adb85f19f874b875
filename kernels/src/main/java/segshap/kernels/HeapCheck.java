package segshap.kernels;

import java.util.Locale;

/**
 * Compares an estimate of the bytes a step will allocate with the Java heap before the allocation, so that a
 * header claiming a huge volume, a spacing that resamples to a huge grid or a thread count whose workspaces cannot
 * fit fails with the numbers and the way out instead of an {@link OutOfMemoryError} deep inside the step.
 *
 * <p>The estimate is compared with the whole heap ({@link Runtime#maxMemory()}), not with what is free now: free
 * memory depends on when the collector last ran, and a check that passes or fails with it would not be
 * deterministic. What this misses (an estimate that fits the heap but not beside what is already held) ends in an
 * {@code OutOfMemoryError}, which the CLI reports in one line with the same advice.
 *
 * <p>Example: a CT of 512×512×300 voxels resampled to 0.5 mm needs about 5 GiB; with {@code -Xmx4g},
 * {@code requireFits(5L << 30, "ct.nii.gz: preprocessing", "check the spacing")} throws
 * {@code ct.nii.gz: preprocessing needs about 5.0 GiB, more than the 4.0 GiB Java heap; check the spacing, or give
 * Java more heap: SEGSHAP_JAVA_OPTS=-Xmx7g (segshap launcher) or java -Xmx7g}.
 */
public final class HeapCheck {
    private HeapCheck() {}

    /** The most heap this JVM may use, bytes ({@code -Xmx}). */
    public static long maxHeapBytes() {
        return Runtime.getRuntime().maxMemory();
    }

    /**
     * Throws when {@code bytes} exceed the heap.
     *
     * @param bytes estimated allocation, bytes, ≥ 0 (saturate at {@link Long#MAX_VALUE} rather than overflow)
     * @param what  the step and its input, e.g. {@code ct.nii.gz: resampling 40×70×60 to 800×1400×1200 voxels}
     * @param fix   what the user can change besides the heap, e.g. {@code use fewer threads}
     * @throws InputException with both sizes, {@code fix} and the heap setting that would fit
     */
    public static void requireFits(long bytes, String what, String fix) {
        long heap = maxHeapBytes();
        if (bytes <= heap) return;
        long gib = suggestedHeapGiB(bytes);
        throw new InputException(what + " needs about " + size(bytes) + ", more than the " + size(heap) + " Java heap; " + fix
                + ", or give Java more heap: SEGSHAP_JAVA_OPTS=-Xmx" + gib + "g (segshap launcher) or java -Xmx" + gib + "g");
    }

    /** A heap that holds {@code bytes} with room for the rest of the process (×1.25 + 1 GiB), in whole GiB. */
    public static long suggestedHeapGiB(long bytes) {
        double gib = bytes / (double) (1L << 30);
        return (long) Math.ceil(gib * 1.25 + 1);
    }

    /** {@code bytes} for a message: {@code 512 B}, {@code 3.2 MiB}, {@code 1.5 GiB}, {@code 2.1e+04 GiB}. */
    public static String size(long bytes) {
        if (bytes < 1024) return bytes + " B";
        if (bytes < (1L << 30)) return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
        double gib = bytes / (double) (1L << 30);
        return String.format(Locale.ROOT, gib < 1e4 ? "%.1f GiB" : "%.3g GiB", gib);
    }

    /** {@code a · b}, or {@link Long#MAX_VALUE} when that does not fit a long (a size estimate must not wrap). */
    public static long times(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}

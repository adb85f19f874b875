package segshap.kernels.preprocess;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * The one place where preprocessing goes parallel: independent tasks {@code 0..n-1} that write disjoint
 * outputs, so the result never depends on the number of threads or their schedule. Runs in the caller's
 * ForkJoinPool (the common pool unless called from inside another pool).
 */
final class Parallel {
    private Parallel() {}

    static void forEach(int n, IntConsumer task) {
        if (n == 1) {
            task.accept(0);
        } else if (n > 1) {
            IntStream.range(0, n).parallel().forEach(task);
        }
    }
}

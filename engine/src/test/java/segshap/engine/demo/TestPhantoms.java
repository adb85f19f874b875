package segshap.engine.demo;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** DEMO-grid phantoms shared by the tests of this package (drawing one takes about a second). */
final class TestPhantoms {
    private static final Map<Long, Phantom> CACHE = new ConcurrentHashMap<>();

    private TestPhantoms() {}

    static Phantom demo(long seed) {
        return CACHE.computeIfAbsent(seed, s -> PhantomGenerator.generate(s, PhantomGrid.DEMO));
    }

    /** Median of the CT values where mask is set (NaN when the mask is empty). */
    static double medianHu(Phantom p, java.util.function.IntPredicate mask) {
        float[] ct = p.ctHuZyx().data();
        float[] picked = new float[ct.length];
        int n = 0;
        for (int i = 0; i < ct.length; i++) if (mask.test(i)) picked[n++] = ct[i];
        if (n == 0) return Double.NaN;
        float[] v = java.util.Arrays.copyOf(picked, n);
        java.util.Arrays.sort(v);
        return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    }
}

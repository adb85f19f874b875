package segshap.engine.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on stderr: redrawn in place on a terminal, one line per 10 % otherwise (logs
 * stay readable). Not thread-safe: call {@link #update} from one thread, or synchronise.
 */
final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final String label;
    private final boolean interactive;
    private final long startNanos = System.nanoTime();
    private int lastDecile = -1;
    private long lastDrawNanos;

    ProgressBar(PrintStream out, String label) {
        this.out = out;
        this.label = label;
        this.interactive = System.console() != null;
    }

    /** Shows {@code done} of {@code total}, an ETA and an optional extra text (e.g. cache hit ratio). */
    synchronized void update(long done, long total, String extra) {
        double fraction = total <= 0 ? 1 : Math.min(1.0, (double) done / total);
        long now = System.nanoTime();
        double elapsed = (now - startNanos) / 1e9;
        String eta = fraction > 0 && fraction < 1 ? String.format(Locale.ROOT, " ETA %s", seconds(elapsed / fraction - elapsed)) : "";
        String text = String.format(Locale.ROOT, "%s %d/%d%s [%s]%s", label, done, total,
                extra == null || extra.isEmpty() ? "" : " " + extra, seconds(elapsed), eta);
        if (interactive) {
            if (done < total && now - lastDrawNanos < 100_000_000L) return;
            lastDrawNanos = now;
            int filled = (int) Math.round(fraction * WIDTH);
            out.print("\r" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + " " + text + "   ");
            if (done >= total) out.println();
        } else {
            int decile = (int) Math.floor(fraction * 10);
            if (decile != lastDecile) {
                lastDecile = decile;
                out.println("segshap: " + text);
            }
        }
        out.flush();
    }

    private static String seconds(double s) {
        return s < 90 ? String.format(Locale.ROOT, "%.1fs", s) : String.format(Locale.ROOT, "%dm%02ds", (long) s / 60, (long) s % 60);
    }
}

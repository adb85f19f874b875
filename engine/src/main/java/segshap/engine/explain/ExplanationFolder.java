package segshap.engine.explain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import segshap.engine.output.OutputTransaction;
import segshap.kernels.InputException;
import segshap.protocol.ReportJson;

/**
 * An explanation's output folder as found before a run, and the files of it that a new result replaces.
 * A folder may receive an explanation when it does not exist yet, is empty (hidden temporaries of killed runs do
 * not count), or holds an earlier segshap result (its {@code report.json} reads as a segshap report); a new result
 * replaces the earlier one whole: every file segshap writes there ({@code report.json}, {@code units.nii.gz},
 * {@code roi.nii.gz}, {@code shap_*.nii.gz}, {@code shap_*.png}, {@code curves_*.png}) is removed, the report first,
 * so no old map survives beside a new report. Any other non-empty folder is refused unless the user forces it; then segshap's
 * files there are replaced the same way and everything else is left alone.
 *
 * <p>Inspecting creates nothing: the folder appears only when the result is written (after validation and the
 * computation).
 */
public final class ExplanationFolder {
    /** The names segshap writes into an explanation folder. */
    private static final Pattern OWN_FILE = Pattern.compile(
            "report\\.json|units\\.nii\\.gz|roi\\.nii\\.gz|shap_[A-Za-z0-9_-]+\\.(nii\\.gz|png)|curves_[A-Za-z0-9_-]+\\.png");

    private final Path dir;
    private final boolean holdsEarlierResult;
    private final List<Path> ownFiles;

    private ExplanationFolder(Path dir, boolean holdsEarlierResult, List<Path> ownFiles) {
        this.dir = dir;
        this.holdsEarlierResult = holdsEarlierResult;
        this.ownFiles = List.copyOf(ownFiles);
    }

    /**
     * Looks at {@code dir} before any work.
     *
     * @param option the option that named the folder, for messages (e.g. {@code --out})
     * @param force  accept a non-empty folder that holds no segshap result
     * @throws InputException when the folder cannot be created or written, or is non-empty, holds no segshap
     *                        report and {@code force} is false (the message names the folder and {@code --force})
     */
    public static ExplanationFolder inspect(Path dir, String option, boolean force) {
        OutputTransaction.checkFolderCanHoldResult(dir, option);
        if (!Files.isDirectory(dir)) return new ExplanationFolder(dir, false, List.of());
        List<Path> own = new ArrayList<>();
        List<Path> other = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            entries.sorted().forEach(p -> {
                String name = p.getFileName().toString();
                if (OutputTransaction.isTemporary(name)) return;
                (OWN_FILE.matcher(name).matches() && !Files.isDirectory(p) ? own : other).add(p);
            });
        } catch (IOException e) {
            throw new InputException(option + " " + dir + ": cannot list the folder (" + e.getMessage() + ")", e);
        }
        Path report = dir.resolve(ExplanationWriter.REPORT);
        // the report first: once it is gone the remaining old files no longer look like a result
        if (own.remove(report)) own.add(0, report);
        boolean earlier = own.contains(report) && isSegshapReport(report);
        if (!earlier && !force && !(own.isEmpty() && other.isEmpty())) {
            throw new InputException(option + " " + dir + ": the folder is not empty and holds no segshap result (no readable "
                    + ExplanationWriter.REPORT + "); choose a new or empty folder, or pass --force to write the explanation "
                    + "there (segshap's own files there are replaced, other files are kept)");
        }
        return new ExplanationFolder(dir, earlier, own);
    }

    /** The folder. */
    public Path dir() {
        return dir;
    }

    /** Whether the folder holds an earlier segshap result that the new one replaces. */
    public boolean holdsEarlierResult() {
        return holdsEarlierResult;
    }

    /** The files segshap writes that are there now, {@code report.json} first: removed before the new ones appear. */
    public List<Path> ownFiles() {
        return ownFiles;
    }

    private static boolean isSegshapReport(Path file) {
        try {
            ReportJson.read(file);
            return true;
        } catch (IOException | RuntimeException notAReport) {
            return false; // any reason it does not read means it is not ours to replace without --force
        }
    }
}

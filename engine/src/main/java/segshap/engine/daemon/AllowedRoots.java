package segshap.engine.daemon;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import segshap.engine.units.OrganMaskFolder;
import segshap.kernels.InputException;
import segshap.protocol.job.JobRoi;
import segshap.protocol.job.JobSpec;

/**
 * The folders a job may read from ({@code --allow}): every input path of a job must resolve, with symbolic
 * links followed and {@code ..} taken into account, to a file inside one of them. The model folder is checked
 * with every file in it (three levels, links followed), since a checkpoint can be a link too.
 */
final class AllowedRoots {
    /** Model folders hold plans.json, dataset.json, fold_N/checkpoint_final.pth: three levels cover them. */
    private static final int MODEL_DEPTH = 3;

    private final List<Path> roots;

    private AllowedRoots(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /**
     * @param roots the {@code --allow} folders, at least one; each must exist
     * @throws InputException naming {@code --allow} when none is given or one is not a folder
     */
    static AllowedRoots of(List<Path> roots) {
        if (roots == null || roots.isEmpty()) {
            throw new InputException("--allow: name at least one folder jobs may read from, e.g. --allow /data/ct");
        }
        List<Path> real = new ArrayList<>();
        for (Path r : roots) {
            try {
                if (!Files.isDirectory(r)) throw new IOException("not a folder");
                real.add(r.toRealPath());
            } catch (IOException e) {
                throw new InputException("--allow " + r + ": " + e.getMessage() + "; name an existing folder", e);
            }
        }
        return new AllowedRoots(real);
    }

    /** The roots as resolved at start. */
    List<Path> roots() { return roots; }

    /**
     * Checks every input of {@code job}.
     *
     * @throws Refusal 403 naming the field and the path when it resolves outside every root; 400 when a path is
     *                 relative or does not exist
     */
    void check(JobSpec job) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("inputs.ct", job.inputs().ct());
        files.put("inputs.organs", job.inputs().organs());
        if (job.inputs().organNames() != null) files.put("inputs.organNames", job.inputs().organNames());
        if (job.roi() instanceof JobRoi.Mask m) files.put("roi.file", m.file());
        Path model = resolve("inputs.model", job.inputs().model());
        if (!Files.isDirectory(model)) {
            throw new Refusal(400, "inputs.model " + job.inputs().model() + ": not a directory; pass the nnU-Net model folder "
                    + "(the one holding plans.json and fold_0/)");
        }
        try (Stream<Path> s = Files.walk(Path.of(job.inputs().model()), MODEL_DEPTH, FileVisitOption.FOLLOW_LINKS)) {
            for (Path f : s.filter(Files::isRegularFile).sorted().toList()) resolve("inputs.model", f.toString());
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new Refusal(400, "inputs.model " + job.inputs().model() + ": cannot list the folder (" + e.getMessage() + ")");
        }
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = resolve(f.getKey(), f.getValue());
            if (f.getKey().equals("inputs.organs") && Files.isDirectory(p)) {
                // TotalSegmentator's folder of masks: every mask must lie inside a root too (a link may point out)
                List<Path> masks;
                try {
                    masks = OrganMaskFolder.maskFiles(p, "inputs.organs");
                } catch (InputException e) {
                    throw new Refusal(400, e.getMessage());
                }
                for (Path m : masks) resolve("inputs.organs", m.toString());
            } else if (!Files.isRegularFile(p)) {
                throw new Refusal(400, f.getKey() + " " + f.getValue() + ": not a file");
            }
        }
    }

    /**
     * The real path of {@code path}, checked to lie inside a root.
     *
     * @param field the job field that names it, for messages
     * @throws Refusal 403 when outside every root, 400 when relative or missing
     */
    Path resolveInside(String field, String path) {
        return resolve(field, path);
    }

    private Path resolve(String field, String path) {
        Path p = Path.of(path);
        if (!p.isAbsolute()) {
            throw new Refusal(400, field + " " + path + ": the server needs an absolute path (segshap submit sends them)");
        }
        Path real = realPath(p);
        for (Path root : roots) if (real.startsWith(root)) {
            if (!Files.exists(real)) throw new Refusal(400, field + " " + path + ": no such file");
            return real;
        }
        String via = real.equals(p) ? "" : " (it resolves to " + real + ")";
        throw new Refusal(403, field + " " + path + via + ": outside every --allow root of this server ("
                + roots.stream().map(Path::toString).collect(Collectors.joining(", ")) + ")");
    }

    /** Symbolic links followed; for a path that does not exist, its deepest existing ancestor's real path + the rest. */
    private static Path realPath(Path p) {
        Path existing = p;
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        try {
            Path base = existing == null ? p.getRoot() : existing.toRealPath();
            return existing == null ? p.normalize() : base.resolve(existing.relativize(p)).normalize();
        } catch (IOException e) {
            return p.normalize();
        }
    }
}

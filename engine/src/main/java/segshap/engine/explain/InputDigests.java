package segshap.engine.explain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import segshap.engine.units.OrganMaskFolder;
import segshap.kernels.InputException;
import segshap.kernels.backend.ModelWeights;
import segshap.kernels.model.NnunetModel;
import segshap.protocol.ExplanationReport;
import segshap.protocol.InputDigest;
import segshap.protocol.job.JobRoi;
import segshap.protocol.job.JobSpec;

/**
 * SHA-256 digests of the files an explanation read (CT, organ map or folder of organ masks, names, ROI mask, the model's plans, dataset
 * and checkpoints), recorded in {@code report.json} so that {@code segshap evaluate} can refuse a report whose
 * inputs were replaced at the same paths. The bytes on disk are hashed, streamed, so a re-compressed but
 * otherwise equal image counts as changed: the check is about identity, not content.
 */
public final class InputDigests {
    private static final int BUFFER_BYTES = 1 << 16;

    private InputDigests() {}

    /**
     * The digests of every input of {@code job} as loaded with {@code model}, keyed as
     * {@link ExplanationReport#inputDigests()} documents.
     *
     * @throws InputException when a file cannot be read
     */
    public static Map<String, InputDigest> of(JobSpec job, NnunetModel model) {
        Map<String, InputDigest> out = new TreeMap<>();
        out.put(ExplanationReport.DIGEST_CT, digest(Path.of(job.inputs().ct())));
        out.put(ExplanationReport.DIGEST_ORGANS, digest(Path.of(job.inputs().organs())));
        if (job.inputs().organNames() != null) {
            out.put(ExplanationReport.DIGEST_ORGAN_NAMES, digest(Path.of(job.inputs().organNames())));
        }
        if (job.roi() instanceof JobRoi.Mask m) out.put(ExplanationReport.DIGEST_ROI_MASK, digest(Path.of(m.file())));
        Path folder = model.folder().toAbsolutePath().normalize();
        List<Path> modelFiles = new ArrayList<>(List.of(folder.resolve("plans.json"), folder.resolve("dataset.json")));
        for (ModelWeights w : model.foldWeights()) modelFiles.add(Path.of(w.source()).toAbsolutePath().normalize());
        for (Path f : modelFiles) {
            String key = ExplanationReport.DIGEST_MODEL_PREFIX + (f.startsWith(folder) ? folder.relativize(f) : f.getFileName())
                    .toString().replace('\\', '/');
            out.put(key, digest(f));
        }
        return out;
    }

    /**
     * Streams {@code file} through SHA-256.
     *
     * @throws InputException naming the file when it cannot be read
     */
    public static InputDigest digest(Path file) {
        if (Files.isDirectory(file)) return digestFolder(file);
        MessageDigest sha = sha256();
        long bytes = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[BUFFER_BYTES];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
                bytes += n;
            }
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": file not found", e);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read (" + e + ")", e);
        }
        return new InputDigest(file.toAbsolutePath().normalize().toString(), bytes, HexFormat.of().formatHex(sha.digest()));
    }

    /**
     * A folder of organ masks: SHA-256 over each {@code .nii}/{@code .nii.gz} file's name and digest in name order, so
     * a mask added, removed, renamed or changed changes it; other files of the folder do not count.
     */
    private static InputDigest digestFolder(Path folder) {
        MessageDigest sha = sha256();
        long bytes = 0;
        for (Path m : OrganMaskFolder.maskFiles(folder, "--organs")) {
            InputDigest d = digest(m);
            sha.update((m.getFileName() + "\0" + d.sha256() + "\n").getBytes(StandardCharsets.UTF_8));
            bytes += d.bytes();
        }
        return new InputDigest(folder.toAbsolutePath().normalize().toString(), bytes, HexFormat.of().formatHex(sha.digest()));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    /**
     * Re-hashes every file of {@code recorded} and refuses when one is missing or differs, naming each such
     * file, its role and both digests.
     *
     * @param recorded the digests a report holds
     * @param report   the report they come from, for the message
     * @throws InputException listing every changed or missing file
     */
    public static void requireUnchanged(Map<String, InputDigest> recorded, Path report) {
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, InputDigest> e : recorded.entrySet()) {
            InputDigest then = e.getValue();
            Path file = Path.of(then.file());
            if (!Files.exists(file)) {
                changed.add(file + " (" + e.getKey() + ") is missing");
                continue;
            }
            InputDigest now = digest(file);
            if (!now.sha256().equals(then.sha256())) changed.add(describe(e.getKey(), then, now));
        }
        if (!changed.isEmpty()) throw changedInputs(changed, report);
    }

    /**
     * Refuses when {@code now} (the digests of the inputs just loaded) differs from {@code recorded} on a role
     * both hold: used where the inputs are already loaded and hashed, so nothing is read twice.
     *
     * @throws InputException listing every role whose file differs
     */
    public static void requireSame(Map<String, InputDigest> recorded, Map<String, InputDigest> now, Path report) {
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, InputDigest> e : recorded.entrySet()) {
            InputDigest current = now.get(e.getKey());
            if (current == null) {
                changed.add(e.getValue().file() + " (" + e.getKey() + ") is not among the inputs any more");
            } else if (!current.sha256().equals(e.getValue().sha256())) {
                changed.add(describe(e.getKey(), e.getValue(), current));
            }
        }
        if (!changed.isEmpty()) throw changedInputs(changed, report);
    }

    private static String describe(String role, InputDigest then, InputDigest now) {
        return now.file() + " (" + role + ") changed: SHA-256 " + now.sha256().substring(0, 12) + "…, " + now.bytes()
                + " bytes now; " + then.sha256().substring(0, 12) + "…, " + then.bytes() + " bytes when explained";
    }

    private static InputException changedInputs(List<String> changed, Path report) {
        return new InputException((report == null ? "the report" : report.toString()) + " was computed from other inputs: "
                + String.join("; ", changed) + ". Restore those files or run 'segshap explain' again");
    }
}

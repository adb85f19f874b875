package segshap.engine.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import segshap.engine.explain.ExplanationWriter;
import segshap.engine.output.OutputException;
import segshap.engine.output.OutputTransaction;
import segshap.kernels.InputException;
import segshap.protocol.api.ApiJson;
import segshap.protocol.api.JobStatus;
import segshap.protocol.job.JobSpec;
import segshap.protocol.job.JobSpecJson;

/**
 * The daemon's data folder, where every job lives so that a restart finds it again:
 * <pre>
 * DIR/token                        the access token (created once, mode 600; {@link AccessToken})
 * DIR/cache/                       the persisted tile cache every job uses
 * DIR/jobs/j000001/spec.json       the job as run (absolute paths, cache.dir = DIR/cache)
 * DIR/jobs/j000001/state.json      its {@link JobStatus} without progress
 * DIR/jobs/j000001/result/         report.json, units.nii.gz, shap_*, curves_* ({@link ExplanationWriter})
 * </pre>
 * Files are written through {@link OutputTransaction} (temporary, fsync, rename), so a crash leaves the old
 * state or the new one, never a part. A job exists once its {@code state.json} does: {@link #create} renames
 * the spec into place first and the state last. Thread-safe.
 */
final class JobStore {
    static final String SPEC = "spec.json";
    static final String STATE = "state.json";
    private static final Pattern JOB_ID = Pattern.compile("j([0-9]{6,})");
    /** Submission order of ids: shorter first (j999999 before j1000000), then by digits. */
    static final java.util.Comparator<String> ID_ORDER = java.util.Comparator.comparingInt(String::length)
            .thenComparing(java.util.Comparator.naturalOrder());

    private final Path dir;
    private long lastNumber;

    /** A job read back from the folder. */
    record Stored(JobStatus status, JobSpec spec) {}

    private JobStore(Path dir, long lastNumber) {
        this.dir = dir;
        this.lastNumber = lastNumber;
    }

    /**
     * Opens (creating if missing) the data folder {@code dir}.
     *
     * @throws InputException when the folder cannot be created or listed (the message names {@code --data})
     */
    static JobStore open(Path dir) {
        Path d = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(d.resolve("jobs"));
            Files.createDirectories(d.resolve("cache"));
        } catch (IOException e) {
            throw new InputException("--data " + dir + ": cannot create the data folder (" + e.getMessage() + ")", e);
        }
        long last = 0;
        for (Path job : jobFolders(d)) last = Math.max(last, number(job.getFileName().toString()));
        return new JobStore(d, last);
    }

    Path dir() { return dir; }

    /** The persisted tile cache folder every job is given. */
    Path cacheDir() { return dir.resolve("cache"); }

    Path jobDir(String id) { return dir.resolve("jobs").resolve(id); }

    /** Where the job's result is written; it holds a complete result when its {@code report.json} is there. */
    Path resultDir(String id) { return jobDir(id).resolve("result"); }

    /** The next unused id, in submission order ({@code j000001}, {@code j000002}, …). */
    synchronized String nextId() {
        lastNumber++;
        return String.format(java.util.Locale.ROOT, "j%06d", lastNumber);
    }

    /** Records a new job: its spec, then its state (which makes it exist). */
    void create(JobStatus status, JobSpec spec) throws OutputException {
        try (OutputTransaction tx = new OutputTransaction(OutputTransaction.FILES)) {
            tx.write(jobDir(status.id()).resolve(SPEC), out -> out.write(JobSpecJson.toJson(spec).getBytes(StandardCharsets.UTF_8)));
            tx.write(jobDir(status.id()).resolve(STATE), out -> out.write(stateBytes(status)));
            tx.commit(List.of());
        }
    }

    /** Replaces the job's state (progress is not kept: it belongs to the process that computed it). */
    void save(JobStatus status) throws OutputException {
        try (OutputTransaction tx = new OutputTransaction(OutputTransaction.FILES)) {
            tx.write(jobDir(status.id()).resolve(STATE), out -> out.write(stateBytes(status)));
            tx.commit(List.of());
        }
    }

    private static byte[] stateBytes(JobStatus status) {
        return ApiJson.toJson(status.withProgress(null)).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Every job in the folder, by id. Folders without a {@code state.json} were never acknowledged to a client
     * (the server died while creating them) and are skipped.
     *
     * @throws InputException naming the file when a job's spec or state cannot be read
     */
    List<Stored> load() {
        List<Stored> jobs = new ArrayList<>();
        for (Path job : jobFolders(dir)) {
            Path state = job.resolve(STATE);
            if (!Files.isRegularFile(state)) continue;
            try {
                JobStatus status = ApiJson.read(state, JobStatus.class);
                jobs.add(new Stored(status, JobSpecJson.read(job.resolve(SPEC))));
            } catch (IOException | IllegalArgumentException e) {
                throw new InputException("--data " + dir + ": job " + job.getFileName() + " cannot be read (" + e.getMessage()
                        + "); move that folder out of " + dir.resolve("jobs") + " to start without it", e);
            }
        }
        return jobs;
    }

    /** Whether the job's result folder holds a complete result ({@code report.json}, renamed into place last). */
    boolean hasResult(String id) {
        return Files.isRegularFile(resultDir(id).resolve(ExplanationWriter.REPORT));
    }

    private static List<Path> jobFolders(Path dir) {
        try (Stream<Path> s = Files.list(dir.resolve("jobs"))) {
            return s.filter(p -> JOB_ID.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p))
                    .sorted(java.util.Comparator.comparing(p -> p.getFileName().toString(), ID_ORDER)).toList();
        } catch (IOException e) {
            throw new InputException("--data " + dir + ": cannot list " + dir.resolve("jobs") + " (" + e.getMessage() + ")", e);
        }
    }

    private static long number(String id) {
        Matcher m = JOB_ID.matcher(id);
        if (!m.matches()) throw new IllegalArgumentException("not a job id: " + id);
        return Long.parseLong(m.group(1));
    }
}

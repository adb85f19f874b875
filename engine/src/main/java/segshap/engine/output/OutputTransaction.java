package segshap.engine.output;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import segshap.kernels.InputException;

/**
 * The files of one result, written so that a failure or an interruption never leaves a partial or mixed result
 * behind. Each file goes to a hidden temporary in its final folder ({@code .shap_dice.nii.gz.tmp-<pid>}) and is
 * forced to disk; {@link #commit} then removes what the result replaces and renames the temporaries into place in
 * the order they were written, so the caller writes the file that marks the result complete ({@code report.json})
 * last. {@link #close} without a commit deletes the temporaries and the folders the transaction created; a
 * shutdown hook does the same on SIGINT/SIGTERM (SIGKILL leaves hidden temporaries, which are never mistaken for a
 * result and are removed by the next commit into that folder).
 *
 * <pre>
 * try (OutputTransaction tx = new OutputTransaction(OutputTransaction.FILES)) {
 *     tx.write(dir.resolve("units.nii.gz"), out -&gt; NiftiWriter.write(out, true, "units.nii.gz", units));
 *     tx.write(dir.resolve("report.json"), out -&gt; ReportJson.write(out, report));   // last: marks it complete
 *     tx.commit(List.of(dir.resolve("report.json"), dir.resolve("shap_fp.nii.gz"))); // old report removed first
 * }
 * </pre>
 *
 * <p>Crash points and what they leave: before the commit, the earlier result untouched (plus hidden temporaries
 * after SIGKILL); during the commit, the earlier result's marker is already gone and the new one is not yet there,
 * so nothing looks complete; after it, the new result. Not thread-safe apart from the shutdown hook.
 */
public final class OutputTransaction implements AutoCloseable {

    /** Opens the channel a temporary file is written through; tests inject one that fails like a full disk. */
    @FunctionalInterface
    public interface Opener {
        /**
         * @param temporary the file to create; it does not exist
         * @throws IOException if it cannot be created
         */
        FileChannel open(Path temporary) throws IOException;
    }

    /** The bytes of one file. */
    @FunctionalInterface
    public interface Content {
        /** Writes the whole file into {@code out}; closing {@code out} is allowed and only flushes it. */
        void writeTo(OutputStream out) throws IOException;
    }

    /** Creates temporaries on the default file system; {@code CREATE_NEW}: a temporary that exists is another run's. */
    public static final Opener FILES = f -> FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.tmp-(\\d+)");
    private static final int BUFFER_BYTES = 1 << 16;

    private enum State { OPEN, COMMITTED, ABANDONED }

    private record Pending(Path temporary, Path target) {}

    private final Opener opener;
    private final long pid = ProcessHandle.current().pid();
    private final List<Pending> pending = new ArrayList<>();
    private final List<Path> createdFolders = new ArrayList<>(); // outermost first
    private final Thread cleanupOnExit = new Thread(this::abandonOnExit, "segshap-output-cleanup");
    private boolean hookRegistered;
    private State state = State.OPEN;

    /** @param opener how temporaries are created ({@link #FILES} outside tests) */
    public OutputTransaction(Opener opener) {
        this.opener = opener;
    }

    /**
     * Writes one file of the result to its temporary, creating missing folders on the way.
     *
     * @param target  the file's final path; each target once per transaction
     * @param content its bytes
     * @throws OutputException naming {@code target} and the OS reason (e.g. {@code No space left on device})
     */
    public void write(Path target, Content content) throws OutputException {
        FileChannel channel;
        synchronized (this) {
            requireOpen();
            for (Pending p : pending) {
                if (p.target().equals(target)) throw new IllegalArgumentException("written twice in one result: " + target);
            }
            createFoldersFor(target);
            Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp-" + pid);
            // registered before it exists, so an interruption from here on removes it
            pending.add(new Pending(temporary, target));
            if (!hookRegistered) {
                Runtime.getRuntime().addShutdownHook(cleanupOnExit);
                hookRegistered = true;
            }
            try {
                channel = opener.open(temporary);
            } catch (IOException e) {
                throw new OutputException("write", target, OutputException.reasonOf(e), e);
            }
        }
        try (channel) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES) {
                @Override
                public void close() throws IOException {
                    flush(); // the transaction closes the channel, after forcing it
                }
            };
            content.writeTo(out);
            out.flush();
            // on disk before the rename makes it visible: a crash after the rename must not expose a hole
            channel.force(true);
        } catch (IOException e) {
            throw new OutputException("write", target, OutputException.reasonOf(e), e);
        }
    }

    /**
     * Makes the result visible: deletes temporaries of killed runs in the result's folders, then {@code replaced}
     * in the order given (put the earlier result's marker first), then renames every written file into place in the order written, then syncs the folders.
     *
     * @param replaced files of an earlier result that the new one replaces or drops; missing ones are skipped
     * @return the final paths, in the order written
     * @throws OutputException naming the file that could not be removed or renamed; {@link #close} then deletes
     *                         the temporaries not yet renamed
     */
    public synchronized List<Path> commit(Collection<Path> replaced) throws OutputException {
        requireOpen();
        Set<Path> folders = new LinkedHashSet<>();
        for (Pending p : pending) folders.add(p.target().toAbsolutePath().getParent());
        for (Path folder : folders) removeStaleTemporaries(folder);
        for (Path old : replaced) {
            try {
                Files.deleteIfExists(old);
            } catch (IOException e) {
                throw new OutputException("remove", old, OutputException.reasonOf(e), e);
            }
        }
        List<Path> written = new ArrayList<>();
        for (Pending p : pending) {
            try {
                // a rename within one folder: readers see the old file or the complete new one, never a part
                Files.move(p.temporary(), p.target(), StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new OutputException("write", p.target(), OutputException.reasonOf(e), e);
            }
            written.add(p.target());
        }
        state = State.COMMITTED;
        removeHook();
        for (Path folder : folders) syncFolder(folder);
        return List.copyOf(written);
    }

    /**
     * Without a commit: deletes the temporaries and the folders this transaction created (when empty).
     *
     * @throws OutputException naming the first temporary that could not be deleted
     */
    @Override
    public synchronized void close() throws OutputException {
        if (state != State.OPEN) return;
        removeHook();
        List<OutputException> failures = abandon();
        if (failures.isEmpty()) return;
        OutputException first = failures.get(0);
        for (int i = 1; i < failures.size(); i++) first.addSuppressed(failures.get(i));
        throw first;
    }

    /** Whether {@code fileName} is a temporary of some transaction (never part of a result). */
    public static boolean isTemporary(String fileName) {
        return TEMPORARY.matcher(fileName).matches();
    }

    /**
     * Fails before any work when {@code dir} could not be created or written: it is a file, or its nearest
     * existing ancestor is not a writable folder. Creates nothing.
     *
     * @param option the option that named the folder, for the message
     * @throws InputException naming the option, the folder and the problem
     */
    public static void checkFolderCanHoldResult(Path dir, String option) {
        Path d = dir.toAbsolutePath().normalize();
        if (Files.exists(d) && !Files.isDirectory(d)) {
            throw new InputException(option + " " + dir + ": cannot create the folder (a file of that name exists)");
        }
        Path existing = d;
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing == null || !Files.isDirectory(existing)) {
            throw new InputException(option + " " + dir + ": cannot create the folder (" + existing + " is not a folder)");
        }
        if (!Files.isWritable(existing)) {
            throw new InputException(option + " " + dir + ": folder " + existing + " is not writable");
        }
    }

    private void requireOpen() {
        if (state != State.OPEN) throw new IllegalStateException("the output transaction is " + state.name().toLowerCase());
    }

    private void createFoldersFor(Path target) throws OutputException {
        List<Path> missing = new ArrayList<>();
        for (Path p = target.toAbsolutePath().getParent(); p != null && !Files.isDirectory(p); p = p.getParent()) missing.add(0, p);
        for (Path folder : missing) {
            try {
                Files.createDirectory(folder);
            } catch (IOException e) {
                throw new OutputException("create", folder, OutputException.reasonOf(e), e);
            }
            createdFolders.add(folder);
        }
    }

    private List<OutputException> abandon() {
        state = State.ABANDONED;
        List<OutputException> failures = new ArrayList<>();
        for (Pending p : pending) {
            try {
                Files.deleteIfExists(p.temporary());
            } catch (IOException e) {
                failures.add(new OutputException("remove", p.temporary(), OutputException.reasonOf(e), e));
            }
        }
        for (int i = createdFolders.size() - 1; i >= 0; i--) {
            Path folder = createdFolders.get(i);
            if (!isEmpty(folder)) break; // something else lives there now: keep it and its parents
            try {
                Files.deleteIfExists(folder);
            } catch (IOException e) {
                failures.add(new OutputException("remove", folder, OutputException.reasonOf(e), e));
            }
        }
        return failures;
    }

    private synchronized void abandonOnExit() {
        if (state != State.OPEN) return;
        // the JVM is exiting: nobody is left to handle an exception, so say what stays behind
        for (OutputException e : abandon()) System.err.println("segshap: warning: " + e.getMessage());
    }

    private void removeHook() {
        if (!hookRegistered) return;
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is about to run; it finds the state settled and does nothing
        }
        hookRegistered = false;
    }

    private static boolean isEmpty(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /** Makes the renames durable; best effort, as some platforms cannot open a folder for syncing. */
    private static void syncFolder(Path folder) {
        try (FileChannel d = FileChannel.open(folder, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException notSupported) {
            // the renames are done either way; only their durability across a power cut is left to the OS
        }
    }

    /** Deletes temporaries left by runs that were killed (their process is gone). */
    private static void removeStaleTemporaries(Path folder) throws OutputException {
        List<Path> stale = new ArrayList<>();
        try (Stream<Path> s = Files.list(folder)) {
            s.forEach(p -> {
                Matcher m = TEMPORARY.matcher(p.getFileName().toString());
                if (m.matches() && !isAlive(m.group(1))) stale.add(p);
            });
        } catch (IOException e) {
            throw new OutputException("remove", folder, OutputException.reasonOf(e), e);
        }
        for (Path p : stale) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                throw new OutputException("remove", p, OutputException.reasonOf(e), e);
            }
        }
    }

    private static boolean isAlive(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException tooLong) {
            return false;
        }
    }
}

package segshap.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import segshap.engine.explain.FixtureCase;
import segshap.kernels.nifti.NiftiImage;
import segshap.kernels.nifti.NiftiReader;
import segshap.kernels.nifti.NiftiWriter;

/**
 * Issue 9, class 4: memory is estimated from headers and options before any large allocation. A header claiming
 * more voxels than its file can hold, a spacing that resamples to a huge grid and a thread count whose workspaces
 * cannot fit are refused (exit 2) with the numbers and the way out; nothing is written. Heap-dependent cases run in
 * a child JVM with {@code -Xmx256m}, so they do not depend on this machine's memory. An OutOfMemoryError that gets
 * through anyway is one line with a hint, exit 1, the stack trace only with {@code --verbose}.
 */
class MemoryIsCheckedBeforeAllocationTest {
    static final String CHILD_HEAP = "-Xmx256m";

    @TempDir Path tmp;

    record ChildRun(int exitCode, String output) {}

    /** {@code segshap args…} in a child JVM with a 256 MiB heap. */
    private ChildRun inSmallHeap(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                CHILD_HEAP, "-cp", System.getProperty("java.class.path"), SegshapCommand.class.getName()));
        command.addAll(List.of(args));
        Path log = tmp.resolve("child.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the child JVM did not finish");
        return new ChildRun(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static void assertRefusedWithTheWayOut(int exitCode, String output, String... fragments) {
        assertEquals(ExitCode.INVALID_INPUT, exitCode, output);
        for (String f : fragments) assertTrue(output.contains(f), "'" + f + "' missing in: " + output);
        assertFalse(output.contains("OutOfMemoryError") || output.contains("\tat "), output);
    }

    /** A gzipped NIfTI-1 int16 header claiming 32767×32767×2 voxels, and no voxel data: about 60 bytes. */
    private Path tinyFileClaimingAHugeVolume() throws IOException {
        ByteBuffer h = ByteBuffer.allocate(352).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0, 348);
        short[] dim = {3, 32767, 32767, 2, 1, 1, 1, 1};
        for (int i = 0; i < 8; i++) h.putShort(40 + 2 * i, dim[i]);
        h.putShort(70, (short) 4).putShort(72, (short) 16); // int16
        for (int i = 0; i < 4; i++) h.putFloat(76 + 4 * i, 1f);
        h.putFloat(108, 352f);
        h.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1');
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(h.array());
        }
        return Files.write(tmp.resolve("huge.nii.gz"), bytes.toByteArray());
    }

    @Test
    void aTinyFileWhoseHeaderClaimsAHugeVolumeIsRefusedBeforeAllocating() throws IOException {
        Path ct = tinyFileClaimingAHugeVolume();
        assertTrue(Files.size(ct) < 100, "precondition: a tiny file, " + Files.size(ct) + " bytes");
        Path seg = tmp.resolve("seg.nii.gz");
        CliRun run = CliRun.of("predict", "-m", FixtureCase.MODEL.toString(), "-i", ct.toString(), "-o", seg.toString(),
                "--threads", "2");
        assertRefusedWithTheWayOut(run.exitCode(), run.err(), ct.toString(), "32767x32767x2", "need 4294705156 bytes", "deflate");
        assertFalse(Files.exists(seg));
    }

    @Test
    void aSpacingThatResamplesToAHugeGridIsRefusedWithTheHeapNeeded() throws IOException, InterruptedException {
        NiftiImage ct = NiftiReader.read(FixtureCase.CT);
        double[] affine = ct.affine();
        for (int i = 0; i < 12; i++) if (i % 4 != 3) affine[i] *= 20; // every voxel 20× larger: 20³ more network voxels
        double[] pixdim = ct.pixdimXyz();
        for (int i = 0; i < 3; i++) pixdim[i] *= 20;
        Path coarse = tmp.resolve("coarse.nii.gz");
        NiftiWriter.write(coarse, new NiftiImage(ct.shapeXyz(), affine, pixdim, ct.dataType(), ct.dataZyx(), 1f, 0f));
        Path seg = tmp.resolve("seg.nii.gz");
        ChildRun run = inSmallHeap("predict", "-m", FixtureCase.MODEL.toString(), "-i", coarse.toString(), "-o", seg.toString(),
                "--threads", "2");
        assertRefusedWithTheWayOut(run.exitCode(), run.output(), coarse.toString(), "resampling 40×70×60 voxels", "gives 800×1400×1200",
                "GiB, more than the", "Java heap", "pixdim", "SEGSHAP_JAVA_OPTS=-Xmx");
        assertFalse(Files.exists(seg));
    }

    @Test
    void aThreadCountWhoseWorkspacesCannotFitIsRefused() throws IOException, InterruptedException {
        Path seg = tmp.resolve("seg.nii.gz");
        ChildRun run = inSmallHeap("predict", "-m", FixtureCase.MODEL.toString(), "-i", FixtureCase.CT.toString(),
                "-o", seg.toString(), "--threads", "100000");
        assertRefusedWithTheWayOut(run.exitCode(), run.output(), "with 100000 threads", "Java heap", "use fewer threads (--threads",
                "SEGSHAP_JAVA_OPTS=-Xmx");
        assertFalse(Files.exists(seg));
    }

    /** A command that runs out of memory, to see what the error handler makes of it. */
    @CommandLine.Command(name = "hungry")
    static final class Hungry implements Callable<Integer> {
        @CommandLine.Option(names = "--verbose") boolean verbose;

        @Override
        public Integer call() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    private static CliRun runHungry(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cmd = SegshapCommand.withErrorHandling(new CommandLine(new Hungry()));
        cmd.setErr(new PrintWriter(err, true));
        return new CliRun(cmd.execute(args), "", err.toString());
    }

    @Test
    void anOutOfMemoryErrorIsOneLineWithTheWayOutAndExitOne() {
        CliRun run = runHungry();
        assertEquals(ExitCode.COMPUTATION_FAILED, run.exitCode(), run.err());
        assertTrue(run.err().startsWith("segshap: error: out of memory (Java heap space) with a Java heap of "), run.err());
        assertTrue(run.err().contains("SEGSHAP_JAVA_OPTS=-Xmx") && run.err().contains("fewer --threads"), run.err());
        assertTrue(run.err().contains("run again with --verbose"), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace without --verbose: " + run.err());
        assertTrue(runHungry("--verbose").err().contains("\tat "), "the stack trace with --verbose");
    }
}

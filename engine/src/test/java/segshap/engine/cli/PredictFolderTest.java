package segshap.engine.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.kernels.nifti.NiftiDataType;
import segshap.kernels.nifti.NiftiImage;
import segshap.kernels.nifti.NiftiReader;
import segshap.kernels.nifti.NiftiWriter;
import segshap.kernels.tensor.FloatTensor;
import segshap.kernels.tensor.Npy;

/**
 * {@code predict -i FOLDER -o FOLDER} as {@code nnUNetv2_predict}: one segmentation per {@code <case>_0000.nii.gz}, each
 * the same as predicting that file alone, and {@code --save-probabilities} writing nnU-Net's {@code .npz} + {@code .pkl}.
 */
class PredictFolderTest {
    @TempDir Path tmp;

    /** Two cases: the fixture CT, and the same CT mirrored along x (a different image with a known-good path). */
    private Path twoCaseFolder() throws IOException {
        Path in = Files.createDirectories(tmp.resolve("imagesTs"));
        NiftiImage ct = NiftiReader.read(Path.of(PredictCommandTest.CT));
        Files.copy(Path.of(PredictCommandTest.CT), in.resolve("caseA_0000.nii.gz"));
        NiftiWriter.write(in.resolve("caseB_0000.nii.gz"), ct.withData(mirroredX(ct.dataZyx()), NiftiDataType.FLOAT32));
        Files.writeString(in.resolve("README.txt"), "not an image: ignored, as nnU-Net ignores it");
        return in;
    }

    private static FloatTensor mirroredX(FloatTensor t) {
        int nz = t.dim(0), ny = t.dim(1), nx = t.dim(2);
        float[] out = new float[t.size()];
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) out[(z * ny + y) * nx + x] = t.data()[(z * ny + y) * nx + (nx - 1 - x)];
            }
        }
        return new FloatTensor(t.shape(), out);
    }

    @Test
    void everyCaseOfTheFolderIsPredictedAsIfAlone() throws IOException {
        Path in = twoCaseFolder(), out = tmp.resolve("predictions");
        CliRun run = CliRun.of("predict", "-m", PredictCommandTest.MODEL, "-i", in.toString(), "-o", out.toString(),
                "--save_probabilities", "--threads", "2");
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of("caseA.nii.gz", "caseA.npz", "caseA.pkl", "caseB.nii.gz", "caseB.npz", "caseB.pkl"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertArrayEquals(Npy.read(PredictCommandTest.FIXTURES.resolve("cases/main/plain/seg_from_fp32acc_zyx.npy")).data(),
                NiftiReader.read(out.resolve("caseA.nii.gz")).dataZyx().data());

        Path alone = tmp.resolve("caseB-alone.nii.gz");
        CliRun single = CliRun.of("predict", "-m", PredictCommandTest.MODEL, "-i", in.resolve("caseB_0000.nii.gz").toString(),
                "-o", alone.toString(), "--threads", "2");
        assertEquals(ExitCode.OK, single.exitCode(), single.err());
        float[] segB = NiftiReader.read(out.resolve("caseB.nii.gz")).dataZyx().data();
        assertArrayEquals(NiftiReader.read(alone).dataZyx().data(), segB);

        // the .npz holds probabilities (classes, z, y, x) in the image's array order, whose argmax is the segmentation
        FloatTensor p = npzEntry(out.resolve("caseB.npz"), "probabilities.npy");
        assertArrayEquals(new int[] {3, 40, 70, 60}, p.shape());
        int voxels = 40 * 70 * 60, mismatches = 0;
        for (int v = 0; v < voxels; v++) {
            int best = 0;
            for (int c = 1; c < 3; c++) if (p.data()[c * voxels + v] > p.data()[best * voxels + v]) best = c;
            if (best != (int) segB[v]) mismatches++;
            float sum = p.data()[v] + p.data()[voxels + v] + p.data()[2 * voxels + v];
            assertEquals(1f, sum, 1e-5f, "probabilities of voxel " + v + " sum to 1");
        }
        assertEquals(0, mismatches, "voxels whose argmax differs from the segmentation");
        byte[] pkl = Files.readAllBytes(out.resolve("caseB.pkl"));
        assertEquals((byte) 0x80, pkl[0], "pickle protocol opcode");
        assertEquals(2, pkl[1], "pickle protocol 2");
        assertTrue(new String(pkl, java.nio.charset.StandardCharsets.ISO_8859_1).contains("bbox_used_for_cropping"));
        assertTrue(run.err().contains("case 2/2 caseB"), run.err());
    }

    @Test
    void aStrayFileStopsTheRunBeforeAnyCaseIsPredicted() throws IOException {
        Path in = twoCaseFolder(), out = tmp.resolve("predictions");
        Files.copy(in.resolve("caseA_0000.nii.gz"), in.resolve("caseC.nii.gz"));
        CliRun run = CliRun.of("predict", "-m", PredictCommandTest.MODEL, "-i", in.toString(), "-o", out.toString());
        assertEquals(ExitCode.INVALID_INPUT, run.exitCode(), run.err());
        assertTrue(run.err().contains("caseC.nii.gz") && run.err().contains("<case>_XXXX.nii.gz"), run.err());
        assertFalse(Files.exists(out.resolve("caseA.nii.gz")), "nothing predicted before every case was checked");
        assertFalse(run.err().contains("Exception"), run.err());
    }

    @Test
    void aFolderInputNeedsAFolderOutputAndRefusesOneCaseOptions() throws IOException {
        Path in = twoCaseFolder();
        CliRun toFile = CliRun.of("predict", "-m", PredictCommandTest.MODEL, "-i", in.toString(), "-o", tmp.resolve("s.nii.gz").toString());
        assertEquals(ExitCode.INVALID_INPUT, toFile.exitCode(), toFile.err());
        assertTrue(toFile.err().contains("-o must be a folder"), toFile.err());
        CliRun logits = CliRun.of("predict", "-m", PredictCommandTest.MODEL, "-i", in.toString(), "-o", tmp.resolve("p").toString(),
                "--logits", tmp.resolve("l.npy").toString());
        assertEquals(ExitCode.INVALID_INPUT, logits.exitCode(), logits.err());
        assertTrue(logits.err().contains("--logits") && logits.err().contains("--save-probabilities"), logits.err());
        CliRun intoInput = CliRun.of("predict", "-m", PredictCommandTest.MODEL, "-i", in.toString(), "-o", in.toString());
        assertEquals(ExitCode.INVALID_INPUT, intoInput.exitCode(), intoInput.err());
        assertTrue(intoInput.err().contains("is the input folder"), intoInput.err());
    }

    private FloatTensor npzEntry(Path npz, String entry) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(npz))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (!e.getName().equals(entry)) continue;
                assertEquals(ZipEntry.DEFLATED, e.getMethod(), "savez_compressed deflates");
                Path npy = tmp.resolve(entry);
                Files.copy((InputStream) zip, npy);
                return Npy.read(npy);
            }
        }
        throw new AssertionError(npz + " has no entry " + entry);
    }
}

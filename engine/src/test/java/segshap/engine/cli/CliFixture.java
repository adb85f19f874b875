package segshap.engine.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import segshap.kernels.nifti.NiftiDataType;
import segshap.kernels.nifti.NiftiImage;
import segshap.kernels.nifti.NiftiReader;
import segshap.kernels.nifti.NiftiWriter;
import segshap.kernels.tensor.FloatTensor;

/** The tiny fixture model and CT of {@link PredictCommandTest}, an organ map for it, and folder snapshots. */
final class CliFixture {
    static final String MODEL = PredictCommandTest.MODEL;
    static final String CT = PredictCommandTest.CT;

    private CliFixture() {}

    /** An organ map from the CT's intensities: 1 bright (&gt; 110 HU), 5 other tissue (&gt; −500 HU), 0 air. */
    static Path writeOrgans(Path file) throws IOException {
        NiftiImage ct = NiftiReader.read(Path.of(CT));
        float[] lab = new float[ct.dataZyx().size()];
        float[] hu = ct.dataZyx().data();
        for (int i = 0; i < lab.length; i++) lab[i] = hu[i] > 110 ? 1 : hu[i] > -500 ? 5 : 0;
        Files.createDirectories(file.toAbsolutePath().getParent());
        NiftiWriter.write(file, ct.withData(new FloatTensor(ct.shapeZyx(), lab), NiftiDataType.UINT8));
        return file;
    }

    /** The arguments of an exact explanation of the largest component of label 1 with organ units. */
    static List<String> explainArgs(Path organs, Path out) {
        return List.of("explain", "-m", MODEL, "--ct", CT, "--organs", organs.toString(), "--roi-component", "1", "--target", "1",
                "--budget", "exact", "--out", out.toString(), "--threads", "2", "--tiles-per-batch", "4");
    }

    /** Every file under {@code dir} (hidden ones too) → SHA-256 of its bytes, by relative path; empty if there is no folder. */
    static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(dir)) return files;
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).forEach(f -> files.put(dir.relativize(f).toString(), sha256(f)));
        }
        return files;
    }

    private static String sha256(Path f) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}

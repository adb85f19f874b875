package segshap.kernels.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.kernels.InputException;
import segshap.kernels.plans.DatasetJson;

/** Grouping nnU-Net's {@code <case>_XXXX<file_ending>} files into cases, and the checks before any image is read. */
class CaseFilesTest {
    static final DatasetJson ONE = dataset(List.of("CT"), ".nii.gz");
    static final DatasetJson TWO = dataset(List.of("T2", "ADC"), ".nii.gz");

    @TempDir Path dir;

    static DatasetJson dataset(List<String> channels, String ending) {
        return new DatasetJson("model/dataset.json", channels, Map.of("background", 0, "organ", 1), null, ending);
    }

    private Path touch(String... names) throws IOException {
        for (String n : names) Files.writeString(dir.resolve(n), "");
        return dir;
    }

    private String refused(Runnable r) {
        return assertThrows(InputException.class, r::run).getMessage();
    }

    @Test
    void casesAreGroupedSortedAndOrderedByChannel() throws IOException {
        touch("b_0001.nii.gz", "b_0000.nii.gz", "a_1_0000.nii.gz", "a_1_0001.nii.gz");
        assertEquals(List.of(new CaseFiles("a_1", List.of(dir.resolve("a_1_0000.nii.gz"), dir.resolve("a_1_0001.nii.gz"))),
                new CaseFiles("b", List.of(dir.resolve("b_0000.nii.gz"), dir.resolve("b_0001.nii.gz")))), CaseFiles.listFolder(dir, TWO));
    }

    @Test
    void filesWithOtherEndingsAndSubFoldersAreIgnoredAsNnUNetIgnoresThem() throws IOException {
        touch("a_0000.nii.gz", "readme.txt", "a_0000.nii", "a.npz", ".a_0000.nii.gz.tmp-1");
        Files.createDirectory(dir.resolve("b_0000.nii.gz"));
        assertEquals(List.of(new CaseFiles("a", List.of(dir.resolve("a_0000.nii.gz")))), CaseFiles.listFolder(dir, ONE));
    }

    @Test
    void theDatasetFileEndingDecidesWhichFilesAreImages() throws IOException {
        touch("a_0000.nii", "b_0000.nii.gz");
        assertEquals(List.of(new CaseFiles("a", List.of(dir.resolve("a_0000.nii")))), CaseFiles.listFolder(dir, dataset(List.of("CT"), ".nii")));
    }

    @Test
    void aMissingChannelNamesTheCaseTheFilesFoundAndTheFilesExpected() throws IOException {
        touch("a_0000.nii.gz", "a_0001.nii.gz", "b_0000.nii.gz");
        assertEquals(dir + ": case 'b' has b_0000.nii.gz but the model takes b_0000.nii.gz, b_0001.nii.gz (0000 \"T2\", 0001 \"ADC\"): "
                + "missing b_0001.nii.gz; every case needs one image per channel, named <case>_XXXX.nii.gz (XXXX the 4-digit "
                + "channel number: 0000 \"T2\", 0001 \"ADC\"), as the model's model/dataset.json lists them",
                refused(() -> CaseFiles.listFolder(dir, TWO)));
    }

    @Test
    void aChannelTheModelDoesNotTakeIsRefusedAndOtherBadCasesAreCounted() throws IOException {
        touch("a_0000.nii.gz", "a_0001.nii.gz", "b_0001.nii.gz", "c_0000.nii.gz");
        String m = refused(() -> CaseFiles.listFolder(dir, ONE));
        assertTrue(m.startsWith(dir + ": case 'a' has a_0000.nii.gz, a_0001.nii.gz but the model takes a_0000.nii.gz "
                + "(0000 \"CT\"): not a channel of the model: a_0001.nii.gz; 1 more case(s) have the wrong channels too: 'b'"), m);
        String only = refused(() -> CaseFiles.listFolder(dir.resolve("none"), ONE));
        assertTrue(only.contains("cannot list the folder"), only);
    }

    @Test
    void aCaseWithOnlyAWrongChannelSaysBothWhatIsMissingAndWhatIsExtra() throws IOException {
        touch("b_0001.nii.gz");
        String m = refused(() -> CaseFiles.listFolder(dir, ONE));
        assertTrue(m.contains("case 'b' has b_0001.nii.gz but the model takes b_0000.nii.gz (0000 \"CT\"): missing b_0000.nii.gz; "
                + "not a channel of the model: b_0001.nii.gz"), m);
    }

    @Test
    void aFileWithTheImageEndingButNotTheNamingIsAStrayFile() throws IOException {
        touch("a_0000.nii.gz", "ct.nii.gz", "_0000.nii.gz", "a_000.nii.gz");
        assertEquals(dir + ": _0000.nii.gz, a_000.nii.gz, ct.nii.gz do not follow nnU-Net's input naming <case>_XXXX.nii.gz "
                + "(XXXX the 4-digit channel number: 0000 \"CT\"); rename or move them out of the folder",
                refused(() -> CaseFiles.listFolder(dir, ONE)));
    }

    @Test
    void aFolderWithoutImagesSaysWhatItHolds() throws IOException {
        assertTrue(refused(() -> CaseFiles.listFolder(dir, ONE)).endsWith("; the folder is empty"));
        touch("a_0000.nii", "notes.txt");
        assertEquals(dir + ": holds no image named <case>_XXXX.nii.gz (XXXX the 4-digit channel number: 0000 \"CT\"); found only "
                + "a_0000.nii, notes.txt, which do not end in the model's file_ending \".nii.gz\"", refused(() -> CaseFiles.listFolder(dir, ONE)));
    }

    @Test
    void aFolderOfDicomFilesGetsTheConversionHint() throws IOException {
        byte[] dicom = new byte[200];
        System.arraycopy("DICM".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, dicom, 128, 4);
        Files.write(dir.resolve("IM0001"), dicom);
        assertTrue(refused(() -> CaseFiles.listFolder(dir, ONE)).contains("is a DICOM series folder, not nnU-Net input; convert "
                + "it first with dcm2niix: dcm2niix -z y -o OUT " + dir));
    }

    @Test
    void aNonNiftiFileEndingIsRefused() throws IOException {
        touch("a_0000.mha");
        assertTrue(refused(() -> CaseFiles.listFolder(dir, dataset(List.of("CT"), ".mha")))
                .startsWith("model/dataset.json: file_ending \".mha\": segshap reads NIfTI images only"));
    }

    @Test
    void aSingleChannelModelTakesOneFileWhateverItsName() {
        assertEquals(new CaseFiles("ct", List.of(Path.of("x/ct.nii.gz"))), CaseFiles.ofFile(Path.of("x/ct.nii.gz"), ONE));
        assertEquals(new CaseFiles("liver_3", List.of(Path.of("liver_3_0000.nii"))), CaseFiles.ofFile(Path.of("liver_3_0000.nii"), ONE));
    }

    @Test
    void oneFileOfASeveralChannelCaseBringsItsSiblings() throws IOException {
        touch("p_0000.nii.gz", "p_0001.nii.gz", "q_0000.nii.gz", "p_0000.nii");
        CaseFiles expected = new CaseFiles("p", List.of(dir.resolve("p_0000.nii.gz"), dir.resolve("p_0001.nii.gz")));
        assertEquals(expected, CaseFiles.ofFile(dir.resolve("p_0000.nii.gz"), TWO));
        assertEquals(expected, CaseFiles.ofFile(dir.resolve("p_0001.nii.gz"), TWO), "any channel names the case");
        assertTrue(refused(() -> CaseFiles.ofFile(dir.resolve("q_0000.nii.gz"), TWO))
                .contains("case 'q' has q_0000.nii.gz but the model takes q_0000.nii.gz, q_0001.nii.gz"));
        assertTrue(refused(() -> CaseFiles.ofFile(dir.resolve("p_0000.nii"), TWO)).contains("missing p_0001.nii"));
        assertTrue(refused(() -> CaseFiles.ofFile(dir.resolve("ct.nii.gz"), TWO))
                .contains("the model takes 2 images per case (0000 \"T2\", 0001 \"ADC\"); name them <case>_0000.nii.gz"));
    }
}

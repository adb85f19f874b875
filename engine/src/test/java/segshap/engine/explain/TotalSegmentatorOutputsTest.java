package segshap.engine.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.engine.units.LabelTableExtension;
import segshap.engine.units.OrganMaskFolder;
import segshap.kernels.InputException;
import segshap.kernels.nifti.NiftiDataType;
import segshap.kernels.nifti.NiftiExtension;
import segshap.kernels.nifti.NiftiImage;
import segshap.kernels.nifti.NiftiReader;
import segshap.kernels.nifti.NiftiWriter;
import segshap.kernels.tensor.Box;
import segshap.kernels.tensor.FloatTensor;
import segshap.protocol.job.JobSpec;

/**
 * Issue 12, 1(a) and 1(b): TotalSegmentator's outputs as it writes them — the folder of per-organ masks and the
 * {@code --ml} file whose header extension names the labels.
 */
class TotalSegmentatorOutputsTest {
    /** Written by nibabel (tools/make_nifti_refs.py) with a Caret label table in TotalSegmentator's --ml layout. */
    static final Path NIBABEL_LABEL_TABLE = Path.of("../kernels/src/test/resources/nifti/u8_n1_label_table.nii.gz");
    static final Box ROI = new Box(14, 26, 18, 22, 36, 28);

    @TempDir Path tmp;

    @Test
    void theLabelTableNibabelWroteNamesTheLabels() {
        assertEquals(Map.of(1, "spleen", 2, "kidney_right", 5, "liver", 90, "brain", 117, "costal_cartilages"),
                LabelTableExtension.names(NiftiReader.readWithExtensions(NIBABEL_LABEL_TABLE).extensions(), NIBABEL_LABEL_TABLE)
                        .orElseThrow());
    }

    @Test
    void aFolderOfMasksGivesTheMultilabelMapWithTotalSegmentatorsIds() throws IOException {
        Path multilabel = FixtureCase.writeOrgans(tmp);
        Path folder = writeMaskFolder(multilabel, Map.of(1, "spleen", 2, "kidney_right", 5, "liver", 6, "stomach"));
        writeMask(folder.resolve("gallbladder.nii.gz"), new float[voxels()]); // absent organ: an empty file, as TotalSegmentator writes
        Files.writeString(folder.resolve("statistics.json"), "{}"); // not a mask: passed over

        LoadedInputs fromFolder = load(folder), fromFile = load(multilabel);
        assertArrayEquals(fromFile.organsOnCt().data(), fromFolder.organsOnCt().data(), "the same labels, voxel for voxel");
        assertEquals(Map.of(1, "spleen", 2, "kidney_right", 4, "gallbladder", 5, "liver", 6, "stomach"), fromFolder.names());
        assertTrue(fromFolder.warnings().stream().noneMatch(w -> w.contains("overlap")), fromFolder.warnings().toString());
    }

    @Test
    void overlapsGoToTheSmallerMaskAndAreReported() throws IOException {
        Path multilabel = FixtureCase.writeOrgans(tmp);
        Path folder = writeMaskFolder(multilabel, Map.of(5, "liver", 6, "stomach"));
        float[] organs = NiftiReader.read(multilabel).dataZyx().data();
        float[] vessels = new float[organs.length];
        int inLiver = 0;
        for (int i = 0; i < organs.length && inLiver < 8; i++) {
            if (organs[i] == 5) {
                vessels[i] = 1;
                inLiver++;
            }
        }
        writeMask(folder.resolve("lung_vessels.nii.gz"), vessels); // another task's class, inside the liver

        OrganMaskFolder.Combined c = OrganMaskFolder.read(folder, "--organs");
        float[] labels = c.labels().dataZyx().data();
        for (int i = 0; i < labels.length; i++) {
            float expected = vessels[i] == 1 ? OrganMaskFolder.FIRST_OTHER_ID : organs[i] == 5 || organs[i] == 6 ? organs[i] : 0;
            assertEquals(expected, labels[i], "voxel " + i);
        }
        assertEquals("lung_vessels", c.names().get(OrganMaskFolder.FIRST_OTHER_ID));
        assertTrue(c.warnings().stream().anyMatch(w -> w.contains("liver and lung_vessels overlap: the voxels went to lung_vessels (8 voxels")),
                c.warnings().toString());
        assertTrue(c.warnings().stream().anyMatch(w -> w.contains("lung_vessels=1001")), c.warnings().toString());
    }

    @Test
    void aMultilabelFileIsNamedByItsHeaderLabelTable() throws IOException {
        Path multilabel = FixtureCase.writeOrgans(tmp);
        Path named = tmp.resolve("ml.nii.gz");
        writeWithLabelTable(named, NiftiReader.read(multilabel), Map.of(1, "liver", 2, "lung", 5, "muscle", 6, "fat"));

        assertEquals(Map.of(1, "liver", 2, "lung", 5, "muscle", 6, "fat"), load(named).names(), "the header's names, not the 'total' table's");
        Path tsv = tmp.resolve("names.tsv");
        Files.writeString(tsv, "1\tbright\n2\tdark\n5\tlow\n6\thigh\n");
        LoadedInputs given = LoadedInputs.load(FixtureCase.job(named).organNames(tsv).roiMask(FixtureCase.writeRoiMask(tmp, ROI)).build());
        assertEquals("bright", given.names().get(1), "--organ-names still wins");
    }

    @Test
    void badFoldersAreRefusedNamingTheFile() throws IOException {
        Path multilabel = FixtureCase.writeOrgans(tmp);
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertMessage(empty, "holds no .nii.gz mask");

        Path withMultilabel = writeMaskFolder(multilabel, Map.of(1, "spleen"));
        Files.copy(multilabel, withMultilabel.resolve("liver.nii.gz"));
        assertMessage(withMultilabel, "liver.nii.gz: holds the value");

        Path otherGrid = Files.createDirectories(tmp.resolve("grid"));
        writeMask(otherGrid.resolve("spleen.nii.gz"), new float[voxels()]);
        NiftiImage ct = NiftiReader.read(FixtureCase.CT);
        NiftiWriter.write(otherGrid.resolve("liver.nii.gz"), new NiftiImage(new int[] {4, 4, 4}, ct.affine(), ct.pixdimXyz(),
                NiftiDataType.UINT8, new FloatTensor(new int[] {4, 4, 4}, new float[64]), 1, 0));
        assertMessage(otherGrid, "liver.nii.gz: not on the grid of");

        Path folder = writeMaskFolder(multilabel, Map.of(1, "spleen"));
        InputException e = assertThrows(InputException.class, () -> LoadedInputs.load(FixtureCase.job(folder)
                .organNames(folder.resolve("spleen.nii.gz")).roiMask(FixtureCase.writeRoiMask(tmp, ROI)).build()));
        assertTrue(e.getMessage().startsWith("--organ-names: not used with --organs"), e.getMessage());
    }

    @Test
    void theFolderDigestFollowsItsMasks() throws IOException {
        Path folder = writeMaskFolder(FixtureCase.writeOrgans(tmp), Map.of(1, "spleen", 5, "liver"));
        String before = InputDigests.digest(folder).sha256();
        Files.writeString(folder.resolve("notes.txt"), "not a mask");
        assertEquals(before, InputDigests.digest(folder).sha256(), "other files do not count");
        writeMask(folder.resolve("stomach.nii.gz"), new float[voxels()]);
        String added = InputDigests.digest(folder).sha256();
        assertNotEquals(before, added, "a mask added");
        Files.move(folder.resolve("stomach.nii.gz"), folder.resolve("colon.nii.gz"));
        assertNotEquals(added, InputDigests.digest(folder).sha256(), "a mask renamed");
    }

    private LoadedInputs load(Path organs) throws IOException {
        return LoadedInputs.load(FixtureCase.job(organs).roiMask(FixtureCase.writeRoiMask(tmp, ROI)).build());
    }

    private void assertMessage(Path folder, String expected) throws IOException {
        InputException e = assertThrows(InputException.class, () -> load(folder));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    /** One binary mask per label of {@code multilabel}, named as TotalSegmentator names its files. */
    private Path writeMaskFolder(Path multilabel, Map<Integer, String> names) throws IOException {
        Path folder = Files.createDirectories(Files.createTempDirectory(tmp, "segmentations"));
        float[] labels = NiftiReader.read(multilabel).dataZyx().data();
        for (Map.Entry<Integer, String> e : names.entrySet()) {
            float[] mask = new float[labels.length];
            for (int i = 0; i < labels.length; i++) mask[i] = labels[i] == e.getKey() ? 1 : 0;
            writeMask(folder.resolve(e.getValue() + ".nii.gz"), mask);
        }
        return folder;
    }

    private static void writeMask(Path file, float[] mask) {
        NiftiImage ct = NiftiReader.read(FixtureCase.CT);
        NiftiWriter.write(file, ct.withData(new FloatTensor(ct.shapeZyx(), mask), NiftiDataType.UINT8));
    }

    private static int voxels() {
        return NiftiReader.read(FixtureCase.CT).dataZyx().data().length;
    }

    /** The image with a Caret label table as header extension (ecode 0, padded to 16 bytes), as TotalSegmentator's --ml. */
    static void writeWithLabelTable(Path file, NiftiImage image, Map<Integer, String> names) throws IOException {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?> <CaretExtension> <VolumeInformation Index=\"0\"> <LabelTable>\n");
        names.forEach((k, v) -> xml.append("<Label Key=\"").append(k).append("\" Red=\"1\" Green=\"0\" Blue=\"0\" Alpha=\"1\"><![CDATA[")
                .append(v).append("]]></Label>\n"));
        xml.append("</LabelTable> </VolumeInformation></CaretExtension>\n");
        byte[] content = xml.toString().getBytes(StandardCharsets.UTF_8);
        int esize = (content.length + 8 + 15) / 16 * 16;
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        NiftiWriter.write(plain, false, file.toString(), image);
        byte[] nii = plain.toByteArray();
        ByteBuffer block = ByteBuffer.allocate(esize).order(ByteOrder.LITTLE_ENDIAN).putInt(esize).putInt(0).put(content);
        ByteBuffer.wrap(nii).order(ByteOrder.LITTLE_ENDIAN).putFloat(108, 352 + esize).put(348, (byte) 1);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(nii, 0, 352);
            out.write(block.array());
            out.write(nii, 352, nii.length - 352);
        }
    }

    @Test
    void headerNamesAreReadOnlyFromALabelTable() {
        assertTrue(LabelTableExtension.names(List.of(new NiftiExtension(6, "a comment".getBytes(StandardCharsets.UTF_8))),
                tmp).isEmpty());
        InputException e = assertThrows(InputException.class, () -> LabelTableExtension.names(List.of(new NiftiExtension(0,
                "<CaretExtension><LabelTable><Label Key=\"x\">a</Label></LabelTable></CaretExtension>".getBytes(StandardCharsets.UTF_8))), tmp));
        assertTrue(e.getMessage().contains("Key=\"x\""), e.getMessage());
    }
}

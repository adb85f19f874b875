package segshap.kernels.plans;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.kernels.InputException;
import segshap.kernels.model.ModelFixtures;

/** dataset.json → channels, labels, output channel order. */
class DatasetJsonReadingTest {
    @TempDir
    Path dir;

    @Test
    void theFixtureDatasetHasOneChannelAndThreeHeads() {
        DatasetJson d = DatasetJson.read(ModelFixtures.TINY_CT.resolve("dataset.json"));
        assertEquals(List.of("CT"), d.channelNames());
        assertEquals(1, d.inputChannelCount());
        assertEquals(3, d.numHeads());
        assertArrayEquals(new int[] {0, 1, 2}, d.outputLabelValues());
        assertEquals("organB", d.labelName(2));
        assertNull(d.ignoreLabel());
        assertEquals(".nii.gz", d.fileEnding());
    }

    @Test
    void outputChannelsFollowSortedLabelValuesAndSkipIgnore() throws IOException {
        DatasetJson d = read("{\"channel_names\": {\"1\": \"T2\", \"0\": \"CT\"}, \"labels\": {\"background\": 0, "
                + "\"kidney\": 5, \"liver\": [2], \"ignore\": 6}, \"file_ending\": \".nrrd\"}");
        assertEquals(List.of("CT", "T2"), d.channelNames());
        assertArrayEquals(new int[] {0, 2, 5}, d.outputLabelValues());
        assertEquals(3, d.numHeads());
        assertEquals(6, d.ignoreLabel());
    }

    @Test
    void legacyModalityIsReadAsChannelNames() throws IOException {
        DatasetJson d = read("{\"modality\": {\"0\": \"CT\"}, \"labels\": {\"background\": 0, \"a\": 1}, "
                + "\"file_ending\": \".nii.gz\"}");
        assertEquals(List.of("CT"), d.channelNames());
    }

    @Test
    void regionBasedModelsAreRejected() throws IOException {
        Path p = write("{\"channel_names\": {\"0\": \"CT\"}, \"labels\": {\"background\": 0, \"organ\": [1, 2], "
                + "\"lesion\": 2}, \"regions_class_order\": [1, 2], \"file_ending\": \".nii.gz\"}");
        InputException e = assertThrows(InputException.class, () -> DatasetJson.read(p));
        assertEquals(p + ": labels.organ: maps to the list [1,2]: region-based models are not supported yet "
                + "(only label-based softmax models)", e.getMessage());
    }

    @Test
    void backgroundMustBeZero() throws IOException {
        Path p = write("{\"channel_names\": {\"0\": \"CT\"}, \"labels\": {\"background\": 1, \"a\": 2}, \"file_ending\": \".nii.gz\"}");
        InputException e = assertThrows(InputException.class, () -> DatasetJson.read(p));
        assertEquals(p + ": labels must declare \"background\": 0, found background = 1", e.getMessage());
    }

    @Test
    void theIgnoreLabelMustBeTheHighest() throws IOException {
        Path p = write("{\"channel_names\": {\"0\": \"CT\"}, \"labels\": {\"background\": 0, \"a\": 2, \"ignore\": 1}, "
                + "\"file_ending\": \".nii.gz\"}");
        InputException e = assertThrows(InputException.class, () -> DatasetJson.read(p));
        assertEquals(p + ": labels.ignore = 1 but the ignore label must be the highest value, max(other labels) + 1 = 3",
                e.getMessage());
    }

    @Test
    void channelKeysMustBeConsecutive() throws IOException {
        Path p = write("{\"channel_names\": {\"0\": \"CT\", \"2\": \"PET\"}, \"labels\": {\"background\": 0}, "
                + "\"file_ending\": \".nii.gz\"}");
        InputException e = assertThrows(InputException.class, () -> DatasetJson.read(p));
        assertEquals(p + ": channel_names: channel keys must be \"0\"…\"1\", found {\"0\":\"CT\",\"2\":\"PET\"}", e.getMessage());
    }

    @Test
    void invalidJsonIsReportedWithTheFile() throws IOException {
        Path p = write("{\"labels\": ");
        InputException e = assertThrows(InputException.class, () -> DatasetJson.read(p));
        assertEquals(true, e.getMessage().startsWith(p + " is not valid JSON ("), e.getMessage());
    }

    private DatasetJson read(String json) throws IOException {
        return DatasetJson.read(write(json));
    }

    private Path write(String json) throws IOException {
        Path p = dir.resolve("dataset.json");
        Files.writeString(p, json);
        return p;
    }
}

package segshap.kernels.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.kernels.InputException;
import segshap.kernels.model.ModelFixtures;

/** Bad checkpoint files fail with a message naming the file and the problem. */
class CheckpointFileErrorsTest {
    @TempDir
    Path dir;

    @Test
    void aMissingFileIsNamed() {
        Path p = dir.resolve("fold_0/checkpoint_final.pth");
        InputException e = assertThrows(InputException.class, () -> TorchCheckpointReader.read(p));
        assertEquals(p + " does not exist or is not a file; expected a torch checkpoint such as "
                + "fold_0/checkpoint_final.pth", e.getMessage());
    }

    @Test
    void aFileThatIsNotAZipIsRejected() throws IOException {
        Path p = dir.resolve("checkpoint_final.pth");
        Files.writeString(p, "hello");
        InputException e = assertThrows(InputException.class, () -> TorchCheckpointReader.read(p));
        assertEquals(p + " is not a torch checkpoint: it does not start with a zip header (found 4 bytes 68656c6c);"
                + " expected a file written by torch.save", e.getMessage());
    }

    @Test
    void anEmptyFileIsRejected() throws IOException {
        Path p = dir.resolve("checkpoint_final.pth");
        Files.write(p, new byte[0]);
        InputException e = assertThrows(InputException.class, () -> TorchCheckpointReader.read(p));
        assertTrue(e.getMessage().contains("found 0 bytes (empty)"), e.getMessage());
    }

    @Test
    void aLegacyTorchFileIsRejectedWithTheFix() throws IOException {
        Path p = dir.resolve("old.pth");
        Files.write(p, new byte[] {(byte) 0x80, 2, (byte) 0x8a, 10});
        InputException e = assertThrows(InputException.class, () -> TorchCheckpointReader.read(p));
        assertTrue(e.getMessage().startsWith(p + " uses torch's legacy (pre-1.6) serialization"), e.getMessage());
        assertTrue(e.getMessage().contains("torch.save(torch.load(f), f)"), e.getMessage());
    }

    @Test
    void aTruncatedZipIsReportedAsTruncated() throws IOException {
        byte[] full = Files.readAllBytes(ModelFixtures.TINY_CT_CHECKPOINT);
        Path p = dir.resolve("checkpoint_final.pth");
        Files.write(p, Arrays.copyOf(full, full.length / 2));
        InputException e = assertThrows(InputException.class, () -> TorchCheckpointReader.read(p));
        assertTrue(e.getMessage().startsWith(p + " is a corrupt or truncated zip archive ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("); copy the checkpoint again from the machine that trained it"), e.getMessage());
    }

    @Test
    void aZipWithoutDataPklIsNotACheckpoint() throws IOException {
        Path p = zip("model.pth", "archive/other.txt", new byte[] {1});
        InputException e = assertThrows(InputException.class, () -> TorchCheckpointReader.read(p));
        assertEquals(p + " is a zip archive without <root>/data.pkl; it was not written by torch.save", e.getMessage());
    }

    @Test
    void anUnknownPickleOpcodeNamesTheRecordAndByte() throws IOException {
        Path p = zip("model.pth", "archive/data.pkl", new byte[] {(byte) 0x80, 2, '}', (byte) 0xf0, '.'});
        InputException e = assertThrows(InputException.class, () -> TorchCheckpointReader.read(p));
        assertEquals(p + "!archive/data.pkl: unsupported pickle opcode 0xf0 at byte 3; segshap reads the pickles "
                + "torch.save writes (protocol 2); re-save the checkpoint with torch.save from a standard nnU-Net "
                + "installation", e.getMessage());
    }

    @Test
    void aCheckpointWithoutNetworkWeightsIsRejected() throws IOException {
        // {'trainer_name': 'x'}
        Path p = zip("model.pth", "archive/data.pkl", new byte[] {(byte) 0x80, 2, '}', 'X', 12, 0, 0, 0,
                't', 'r', 'a', 'i', 'n', 'e', 'r', '_', 'n', 'a', 'm', 'e', 'X', 1, 0, 0, 0, 'x', 's', '.'});
        InputException e = assertThrows(InputException.class, () -> TorchCheckpointReader.read(p));
        assertEquals(p + ": no 'network_weights' dict among the top-level keys [trainer_name]; this is not an "
                + "nnU-Net v2 checkpoint (checkpoint_final.pth)", e.getMessage());
    }

    @Test
    void aMissingStorageRecordIsReported() throws IOException {
        // {'network_weights': {'w': _rebuild_tensor_v2(<storage 0>, 0, (1,), (1,), False, OrderedDict())}} with no data/0
        byte[] pkl = ("\u0080\u0002}X\u000f\u0000\u0000\u0000network_weights}X\u0001\u0000\u0000\u0000w"
                + "ctorch._utils\n_rebuild_tensor_v2\n((X\u0007\u0000\u0000\u0000storagectorch\nFloatStorage\n"
                + "X\u0001\u0000\u0000\u00000X\u0003\u0000\u0000\u0000cpuK\u0001tQK\u0000K\u0001\u0085K\u0001\u0085"
                + "\u0089ccollections\nOrderedDict\n)RtRss.").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Path p = zip("model.pth", "archive/data.pkl", pkl);
        InputException e = assertThrows(InputException.class, () -> TorchCheckpointReader.read(p));
        assertEquals(p + ": record archive/data/0 is missing from the archive; the checkpoint is incomplete",
                e.getMessage());
    }

    private Path zip(String name, String entry, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream os = Files.newOutputStream(p); ZipOutputStream z = new ZipOutputStream(os)) {
            z.putNextEntry(new ZipEntry(entry));
            z.write(content);
            z.closeEntry();
        }
        return p;
    }
}

package segshap.kernels.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import segshap.kernels.InputException;

/** Opcodes that torch checkpoints rarely or never use, on hand-assembled pickles (byte values from pickle.py). */
class UnpicklerOpcodesTest {

    private static Object load(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String s) out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
            else if (p instanceof Integer i) out.write(i);
            else out.writeBytes((byte[]) p);
        }
        return new Unpickler(out.toByteArray(), "test.pkl", pid -> List.of("loaded", pid)).load();
    }

    @Test
    void textFormsOfProtocolZeroAreRead() {
        // (lp0\nI42\naI01\naL-7L\naF2.5\nag0\na.  →  [42, True, -7, 2.5, <same list>]
        Object o = load("(lp0\nI42\naI01\naL-7L\naF2.5\nag0\na.");
        List<?> l = assertInstanceOf(List.class, o);
        assertEquals(List.of(42L, true, -7L, 2.5), l.subList(0, 4));
        assertSame(l, l.get(4)); // memo GET returns the same object
    }

    @Test
    void longOpcodesHandleValuesBeyond64Bits() {
        // LONG1 with 9 bytes: 2**64 ; LONG1 with 0 bytes: 0 ; LONG4 with 2 bytes: -2
        Object o = load(0x80, 2, "(", 0x8a, 9, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 1}, 0x8a, 0, 0x8b,
                new byte[] {2, 0, 0, 0, (byte) 0xfe, (byte) 0xff}, "t.");
        assertEquals(Arrays.asList(BigInteger.ONE.shiftLeft(64), 0L, -2L), o);
    }

    @Test
    void stringAndBytesVariantsAreDecoded() {
        // SHORT_BINSTRING 'ab', BINSTRING 'c', SHORT_BINBYTES, BINBYTES, SHORT_BINUNICODE 'é'
        Object o = load("(U", 2, "abT", new byte[] {1, 0, 0, 0}, "cC", 2, new byte[] {0, 1}, "B",
                new byte[] {1, 0, 0, 0, 9}, 0x8c, 2, new byte[] {(byte) 0xc3, (byte) 0xa9}, "t.");
        List<?> l = assertInstanceOf(List.class, o);
        assertEquals("ab", l.get(0));
        assertEquals("c", l.get(1));
        assertArrayEquals(new byte[] {0, 1}, (byte[]) l.get(2));
        assertArrayEquals(new byte[] {9}, (byte[]) l.get(3));
        assertEquals("é", l.get(4));
    }

    @Test
    void dictListPopDupAndMemoizeWork() {
        // (S... DICT with 'a':1 ; DUP, POP ; MEMOIZE then BINGET 0 ; POP_MARK drops a marked group
        Object o = load(0x80, 4, "(X", new byte[] {1, 0, 0, 0}, "aK", 1, "d", 0x94, "2", "0", "(K", 5, "K", 6, "1",
                "h", 0, 0x86, ".");
        List<?> pair = assertInstanceOf(List.class, o);
        Map<Object, Object> expected = new LinkedHashMap<>();
        expected.put("a", 1L);
        assertEquals(expected, pair.get(0));
        assertSame(pair.get(0), pair.get(1));
    }

    @Test
    void unknownGlobalsBecomePlaceholdersThatSwallowBuildAndItems() {
        // cfoo\nBar\n)R}b  then NEWOBJ of foo.Baz with (1,) and SETITEMS on it
        Object o = load("cfoo\nBar\n)R}bcfoo\nBaz\nK", 1, 0x85, 0x81, "(X", new byte[] {1, 0, 0, 0}, "kK", 2, "u", 0x86, ".");
        List<?> l = assertInstanceOf(List.class, o);
        PickleObject bar = assertInstanceOf(PickleObject.class, l.get(0));
        assertEquals("foo.Bar", bar.module() + "." + bar.name());
        assertTrue(bar.isCalled());
        assertEquals(Map.of(), bar.state());
        PickleObject baz = assertInstanceOf(PickleObject.class, l.get(1));
        assertEquals(List.of(1L), baz.args());
        assertEquals(List.of(List.of("k", 2L)), baz.items());
    }

    @Test
    void persistentIdsGoToTheLoader() {
        Object o = load("(X", new byte[] {1, 0, 0, 0}, "sK", 3, "tQ.");
        assertEquals(List.of("loaded", List.of("s", 3L)), o);
    }

    @Test
    void stackGlobalAndFrameOfProtocol4AreRead() {
        Object o = load(0x80, 4, 0x95, new byte[8], 0x8c, 11, "collections", 0x8c, 11, "OrderedDict", 0x93, ")RN", 0x86, ".");
        List<?> l = assertInstanceOf(List.class, o);
        assertInstanceOf(LinkedHashMap.class, l.get(0));
        assertNull(l.get(1));
    }

    @Test
    void anUnknownOpcodeIsRejectedWithItsByteAndPosition() {
        // 'i' (INST) is a real protocol-0 opcode that executes code on construction; we never support it
        InputException e = assertThrows(InputException.class, () -> load(0x80, 2, "i"));
        assertEquals("test.pkl: unsupported pickle opcode 0x69 ('i') at byte 2; segshap reads the pickles torch.save "
                + "writes (protocol 2); re-save the checkpoint with torch.save from a standard nnU-Net installation",
                e.getMessage());
    }

    @Test
    void aPickleWithoutStopIsCorrupt() {
        InputException e = assertThrows(InputException.class, () -> load(0x80, 2, "N"));
        assertTrue(e.getMessage().startsWith("test.pkl: invalid pickle: ends before the STOP opcode"), e.getMessage());
    }

    @Test
    void readingAMemoEntryThatWasNeverStoredIsCorrupt() {
        InputException e = assertThrows(InputException.class, () -> load("h", 7, "."));
        assertTrue(e.getMessage().contains("memo entry 7"), e.getMessage());
    }
}

package segshap.kernels.pickle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static segshap.kernels.pickle.PickleWriter.tuple;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * {@link PickleWriter} writes what CPython writes. Expected bytes: {@code pickletools.optimize(pickle.dumps(v, protocol=2)).hex()}
 * from CPython 3.11.7 (optimize only drops the memo opcodes, which the writer never emits); scalars have no memo opcodes,
 * so theirs are {@code pickle.dumps} byte for byte.
 */
class PickleWriterMatchesCPythonTest {

    static Stream<Arguments> values() {
        Map<String, Object> sitk = new LinkedHashMap<>();
        sitk.put("spacing", tuple(0.8, 2.0));
        sitk.put("direction", tuple(-1.0, 0.0, 0.0, 0.0, -1.0, 0.0, 0.0, 0.0, 1.0));
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("sitk_stuff", sitk);
        nested.put("shape", tuple(40, 70, 60));
        nested.put("bbox", List.of(List.of(0, 40), List.of(3, 70)));
        nested.put("one", List.of(7));
        nested.put("ok", true);
        nested.put("none", null);
        nested.put("big", -2147483649L);
        return Stream.of(
                Arguments.of("None", null, "80024e2e"),
                Arguments.of("True", true, "8002882e"),
                Arguments.of("False", false, "8002892e"),
                Arguments.of("0", 0, "80024b002e"),
                Arguments.of("255", 255L, "80024bff2e"),
                Arguments.of("256", (short) 256, "80024d00012e"),
                Arguments.of("65535", 65535, "80024dffff2e"),
                Arguments.of("65536", 65536, "80024a000001002e"),
                Arguments.of("-1", (byte) -1, "80024affffffff2e"),
                Arguments.of("2**31-1", Integer.MAX_VALUE, "80024affffff7f2e"),
                Arguments.of("-2**31", Integer.MIN_VALUE, "80024a000000802e"),
                Arguments.of("2**31", 2147483648L, "80028a0500000080002e"),
                Arguments.of("-2**31-1", -2147483649L, "80028a05ffffff7fff2e"),
                Arguments.of("2**63", BigInteger.ONE.shiftLeft(63), "80028a090000000000000080002e"),
                Arguments.of("-2**63-1", BigInteger.ONE.shiftLeft(63).negate().subtract(BigInteger.ONE), "80028a09ffffffffffffff7fff2e"),
                Arguments.of("2**64", BigInteger.ONE.shiftLeft(64), "80028a090000000000000000012e"),
                Arguments.of("2.5", 2.5, "80024740040000000000002e"),
                Arguments.of("-0.0", -0.0, "80024780000000000000002e"),
                Arguments.of("inf", Double.POSITIVE_INFINITY, "8002477ff00000000000002e"),
                Arguments.of("float32 0.8 widened", 0.8f, "8002473fe99999a00000002e"),
                Arguments.of("''", "", "800258000000002e"),
                Arguments.of("'é'", "é", "80025802000000c3a92e"),
                Arguments.of("()", tuple(), "8002292e"),
                Arguments.of("(1,)", tuple(1), "80024b01852e"),
                Arguments.of("(1, 2, 3, 4)", tuple(1, 2, 3, 4), "8002284b014b024b034b04742e"),
                Arguments.of("[]", List.of(), "80025d2e"),
                Arguments.of("{}", Map.of(), "80027d2e"),
                Arguments.of("[1, 'a', None]", Arrays.asList(1, "a", null), "80025d284b015801000000614e652e"),
                Arguments.of("nested dict", nested, "80027d28580a0000007369746b5f73747566667d28580700000073706163696e67473fe999999999"
                        + "999a474000000000000000865809000000646972656374696f6e2847bff000000000000047000000000000000047000000000000"
                        + "000047000000000000000047bff00000000000004700000000000000004700000000000000004700000000000000004"
                        + "73ff00000000000007475580500000073686170654b284b464b3c87580400000062626f785d285d284b004b28655d284b034b46"
                        + "656558030000006f6e655d4b076158020000006f6b8858040000006e6f6e654e58030000006269678a05ffffff7fff752e"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void bytesEqualCPythonsWithoutMemo(String python, Object value, String expectedHex) {
        assertEquals(expectedHex, HexFormat.of().formatHex(PickleWriter.toBytes(value)));
    }

    @Test
    void listsAndDictsAreWrittenInBatchesOfAThousandAsPickleDoes() {
        List<Object> l = new ArrayList<>(IntStream.range(0, 1001).boxed().toList());
        byte[] b = PickleWriter.toBytes(l);
        // CPython 3.11.7: len 2755, ending 034de4034de5034de6034de70365284de803652e (… 999 APPENDS, MARK 1000 APPENDS)
        assertEquals(2755, b.length);
        String hex = HexFormat.of().formatHex(b);
        assertTrue(hex.endsWith("034de4034de5034de6034de70365284de803652e"), hex.substring(hex.length() - 40));
        Map<Object, Object> d = new LinkedHashMap<>();
        for (int i = 0; i < 1001; i++) d.put(i, i);
        // CPython 3.11.7, {i: i for i in range(1001)}: len 5502, the last item also MARK … SETITEMS
        byte[] db = PickleWriter.toBytes(d);
        assertEquals(5502, db.length);
        String dhex = HexFormat.of().formatHex(db);
        assertTrue(dhex.endsWith("034de6034de7034de70375284de8034de803752e"), dhex.substring(dhex.length() - 40));
    }

    @Test
    void valuesAPickleOfPlainTypesCannotHoldAreRefusedNamingWhere() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spacing", new double[] {1, 2});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PickleWriter.toBytes(m));
        assertTrue(e.getMessage().startsWith("the value[spacing] is a [D; a pickle of plain values holds only Map, List"), e.getMessage());
    }

    @Test
    void aContainerThatContainsItselfIsRefused() {
        List<Object> l = new ArrayList<>();
        l.add(l);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PickleWriter.toBytes(l));
        assertEquals("the value[0] contains itself; a pickle without memo cannot hold a cycle", e.getMessage());
        List<Object> shared = List.of(1);
        assertEquals("80025d285d4b01615d4b016165" + "2e", HexFormat.of().formatHex(PickleWriter.toBytes(List.of(shared, shared))),
                "a value reachable twice is written twice, not refused");
    }
}

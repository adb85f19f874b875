package segshap.kernels.pickle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A writer of Python pickles (protocol 2) holding plain values only, readable by {@code pickle.load} of every
 * Python 3 (and Python 2.3 on) without importing any module.
 *
 * <p>Java → Python: {@link Map} → dict (keys and values in the map's iteration order: pass a
 * {@link java.util.LinkedHashMap} or another ordered map), {@link List} → list, {@link Tuple} → tuple,
 * {@link String} → str (UTF-8; an unpaired surrogate becomes {@code ?}), {@link Integer}/{@link Long}/{@link Short}/
 * {@link Byte}/{@link BigInteger} → int, {@link Double}/{@link Float} → float (a float widened exactly),
 * {@link Boolean} → bool, {@code null} → None. Anything else (arrays, records, numpy-like objects) is refused, so a
 * pickle never needs a module to load.
 *
 * <p>The bytes are CPython's {@code pickle.dumps(v, protocol=2)} with its memo opcodes removed (what
 * {@code pickletools.optimize} leaves of it): the same opcode for every value, the same batching of list and dict
 * items. Example: {@code toBytes(Map.of("spacing", tuple(2.0, 0.8)))} is {@code PROTO 2, EMPTY_DICT,
 * BINUNICODE 'spacing', BINFLOAT 2.0, BINFLOAT 0.8, TUPLE2, SETITEM, STOP}. The memo ({@code BINPUT}, {@code BINGET})
 * only matters for shared or cyclic objects, so a value reachable twice is written twice and a cycle is refused.
 */
public final class PickleWriter {
    private static final int PROTOCOL = 2;
    // opcodes of pickle.py, protocol 2 and below
    private static final int PROTO = 0x80, STOP = '.', MARK = '(', NONE = 'N', NEWTRUE = 0x88, NEWFALSE = 0x89;
    private static final int BININT1 = 'K', BININT2 = 'M', BININT = 'J', LONG1 = 0x8a, LONG4 = 0x8b, BINFLOAT = 'G';
    private static final int BINUNICODE = 'X', EMPTY_DICT = '}', SETITEM = 's', SETITEMS = 'u', EMPTY_LIST = ']', APPEND = 'a';
    private static final int APPENDS = 'e';
    /** pickle.py's _BATCHSIZE: items per APPENDS / SETITEMS, so the unpickler's stack stays small. */
    private static final int BATCH_SIZE = 1000;
    private static final int EMPTY_TUPLE = ')', TUPLE1 = 0x85, TUPLE2 = 0x86, TUPLE3 = 0x87, TUPLE = 't';

    /**
     * A Python tuple: Java has no tuple type, and a {@link List} is written as a Python list.
     *
     * @param items the elements, in order; copied in (no {@code null} list, {@code null} elements are None)
     */
    public record Tuple(List<Object> items) {
        public Tuple {
            if (items == null) throw new IllegalArgumentException("items must not be null (an empty tuple has no items)");
            items = Collections.unmodifiableList(new ArrayList<>(items)); // List.copyOf refuses null elements (None)
        }
    }

    private final OutputStream out;
    private final Set<Object> open = Collections.newSetFromMap(new IdentityHashMap<>()); // containers being written

    private PickleWriter(OutputStream out) {
        this.out = out;
    }

    /** A tuple of {@code items} ({@code null} elements are None). */
    public static Tuple tuple(Object... items) {
        return new Tuple(Arrays.asList(items));
    }

    /**
     * Pickles {@code value} into {@code out}, which the caller owns (it is flushed, not closed).
     *
     * @throws IllegalArgumentException naming the Java type and where it sits if {@code value} holds something
     *                                  other than the plain values above, or a container that contains itself
     * @throws IOException              if {@code out} fails
     */
    public static void write(OutputStream out, Object value) throws IOException {
        PickleWriter w = new PickleWriter(out);
        out.write(PROTO);
        out.write(PROTOCOL);
        w.save(value, "the value");
        out.write(STOP);
        out.flush();
    }

    /** The pickle of {@code value} as bytes; see {@link #write}. */
    public static byte[] toBytes(Object value) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try {
            write(b, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return b.toByteArray();
    }

    private void save(Object v, String where) throws IOException {
        if (v == null) {
            out.write(NONE);
        } else if (v instanceof Boolean b) {
            out.write(b ? NEWTRUE : NEWFALSE);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            saveInt(((Number) v).longValue());
        } else if (v instanceof BigInteger b) {
            if (b.bitLength() < 64) saveInt(b.longValue());
            else saveLong(b);
        } else if (v instanceof Double || v instanceof Float) {
            out.write(BINFLOAT);
            out.write(ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putDouble(((Number) v).doubleValue()).array());
        } else if (v instanceof String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            out.write(BINUNICODE);
            writeInt32(utf8.length);
            out.write(utf8);
        } else if (v instanceof Tuple t) {
            saveTuple(t, where);
        } else if (v instanceof List<?> l) {
            enter(l, where);
            out.write(EMPTY_LIST);
            // as _pickle.c: one APPEND only for a one-item list; otherwise every batch, even a last one of 1, is MARK … APPENDS
            boolean batched = l.size() > 1;
            for (int start = 0; start < l.size(); start += BATCH_SIZE) {
                int end = Math.min(l.size(), start + BATCH_SIZE);
                if (batched) out.write(MARK);
                for (int i = start; i < end; i++) save(l.get(i), where + "[" + i + "]");
                out.write(batched ? APPENDS : APPEND);
            }
            open.remove(l);
        } else if (v instanceof Map<?, ?> m) {
            enter(m, where);
            out.write(EMPTY_DICT);
            List<Map.Entry<?, ?>> entries = new ArrayList<>(m.entrySet());
            boolean batched = entries.size() > 1;
            for (int start = 0; start < entries.size(); start += BATCH_SIZE) {
                int end = Math.min(entries.size(), start + BATCH_SIZE);
                if (batched) out.write(MARK);
                for (Map.Entry<?, ?> e : entries.subList(start, end)) {
                    save(e.getKey(), "a key of " + where);
                    save(e.getValue(), where + "[" + e.getKey() + "]");
                }
                out.write(batched ? SETITEMS : SETITEM);
            }
            open.remove(m);
        } else {
            throw new IllegalArgumentException(where + " is a " + v.getClass().getName() + "; a pickle of plain values holds "
                    + "only Map, List, PickleWriter.Tuple, String, Integer/Long/Short/Byte/BigInteger, Double/Float, Boolean and null");
        }
    }

    private void saveTuple(Tuple t, String where) throws IOException {
        enter(t, where);
        List<Object> items = t.items();
        if (items.isEmpty()) {
            out.write(EMPTY_TUPLE);
        } else if (items.size() <= 3) {
            for (int i = 0; i < items.size(); i++) save(items.get(i), where + "[" + i + "]");
            out.write(TUPLE1 + items.size() - 1);
        } else {
            out.write(MARK);
            for (int i = 0; i < items.size(); i++) save(items.get(i), where + "[" + i + "]");
            out.write(TUPLE);
        }
        open.remove(t);
    }

    private void enter(Object container, String where) {
        if (!open.add(container)) {
            throw new IllegalArgumentException(where + " contains itself; a pickle without memo cannot hold a cycle");
        }
    }

    /** pickle.py's save_long for protocol 2: the shortest of BININT1, BININT2, BININT, else LONG1. */
    private void saveInt(long v) throws IOException {
        if (v >= 0 && v <= 0xff) {
            out.write(BININT1);
            out.write((int) v);
        } else if (v >= 0 && v <= 0xffff) {
            out.write(BININT2);
            out.write((int) v & 0xff);
            out.write((int) (v >>> 8));
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            out.write(BININT);
            writeInt32((int) v);
        } else {
            saveLong(BigInteger.valueOf(v));
        }
    }

    /** LONG1 (up to 255 bytes) or LONG4: little-endian two's complement in the fewest bytes, as pickle.encode_long. */
    private void saveLong(BigInteger v) throws IOException {
        byte[] bigEndian = v.toByteArray(); // minimal two's complement, sign bit included
        int n = bigEndian.length;
        if (n <= 0xff) {
            out.write(LONG1);
            out.write(n);
        } else {
            out.write(LONG4);
            writeInt32(n);
        }
        for (int i = n - 1; i >= 0; i--) out.write(bigEndian[i]);
    }

    private void writeInt32(int v) throws IOException {
        out.write(v & 0xff);
        out.write((v >>> 8) & 0xff);
        out.write((v >>> 16) & 0xff);
        out.write(v >>> 24);
    }
}

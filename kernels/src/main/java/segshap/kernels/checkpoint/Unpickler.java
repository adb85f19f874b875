package segshap.kernels.checkpoint;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import segshap.kernels.InputException;

/**
 * A strict, non-executing reader of the Python pickles that {@code torch.save} writes (protocol 2, plus the
 * cheap opcodes of protocols 0–4). Nothing is ever executed: globals map to a fixed table of known
 * constructors, everything else becomes a {@link PickleObject} placeholder.
 *
 * <p>Python → Java: dict / OrderedDict → {@link LinkedHashMap} (insertion order kept), list → {@link ArrayList},
 * tuple → unmodifiable {@link List}, str → {@link String}, int → {@link Long} (or {@link BigInteger} outside
 * 64 bits), float → {@link Double}, bool → {@link Boolean}, None → {@code null}, bytes → {@code byte[]},
 * set → {@link LinkedHashSet}, tensors → {@link TorchTensor}, numpy scalars → Double / Long / Boolean.
 * Persistent ids ({@code BINPERSID}) go to the loader given at construction.
 */
final class Unpickler {

    private final byte[] data;
    private final String source;
    private final Function<Object, Object> persistentLoad;
    private int pos;
    private final ArrayList<Object> stack = new ArrayList<>();
    private int[] marks = new int[16];
    private int markCount;
    private final HashMap<Long, Object> memo = new HashMap<>();

    /**
     * @param data           the pickle bytes
     * @param source         named in error messages (e.g. {@code checkpoint_final.pth!checkpoint_final/data.pkl})
     * @param persistentLoad resolves the object popped by {@code BINPERSID}; may throw {@link InputException}
     */
    Unpickler(byte[] data, String source, Function<Object, Object> persistentLoad) {
        this.data = data;
        this.source = source;
        this.persistentLoad = persistentLoad;
    }

    /** Unpickles the first object (up to {@code STOP}). */
    Object load() {
        while (true) {
            if (pos >= data.length) throw corrupt("ends before the STOP opcode");
            int opPos = pos;
            int op = data[pos++] & 0xff;
            switch (op) {
                case 0x80 -> { // PROTO
                    int proto = u8();
                    if (proto > 5) throw corrupt("declares pickle protocol " + proto + " (supported: 0–5)");
                }
                case 0x95 -> pos = Math.addExact(pos, 8); // FRAME: framing is transparent for an in-memory reader
                case '.' -> { // STOP
                    Object result = pop();
                    if (!stack.isEmpty() || markCount > 0) throw corrupt("leaves values on the stack at STOP");
                    return result;
                }
                case '(' -> pushMark(); // MARK
                case '0' -> pop(); // POP
                case '1' -> popMark(); // POP_MARK
                case '2' -> push(peek()); // DUP
                case 'N' -> push(null); // NONE
                case 0x88 -> push(Boolean.TRUE); // NEWTRUE
                case 0x89 -> push(Boolean.FALSE); // NEWFALSE
                case 'J' -> push((long) i32le()); // BININT
                case 'K' -> push((long) u8()); // BININT1
                case 'M' -> push((long) (u8() | (u8() << 8))); // BININT2
                case 0x8a -> push(littleEndianSigned(bytes(u8()))); // LONG1
                case 0x8b -> push(littleEndianSigned(bytes(length(i32le())))); // LONG4
                case 'I' -> push(parseTextInt(line())); // INT (text; "01"/"00" are True/False)
                case 'L' -> push(parseTextLong(line())); // LONG (text, trailing L)
                case 'F' -> push(parseTextFloat(line())); // FLOAT (text)
                case 'G' -> push(ByteBuffer.wrap(bytes(8)).order(ByteOrder.BIG_ENDIAN).getDouble()); // BINFLOAT
                case 'X' -> push(utf8(bytes(length(i32le())))); // BINUNICODE
                case 0x8c -> push(utf8(bytes(u8()))); // SHORT_BINUNICODE
                case 0x8d -> push(utf8(bytes(length(i64le())))); // BINUNICODE8
                // Python 2 str: torch.load decodes it with encoding="utf-8"
                case 'T' -> push(utf8(bytes(length(i32le())))); // BINSTRING
                case 'U' -> push(utf8(bytes(u8()))); // SHORT_BINSTRING
                case 'B' -> push(bytes(length(i32le()))); // BINBYTES
                case 'C' -> push(bytes(u8())); // SHORT_BINBYTES
                case 0x8e -> push(bytes(length(i64le()))); // BINBYTES8
                case '}' -> push(new LinkedHashMap<Object, Object>()); // EMPTY_DICT
                case ']' -> push(new ArrayList<Object>()); // EMPTY_LIST
                case ')' -> push(tuple(List.of())); // EMPTY_TUPLE
                case 0x8f -> push(new LinkedHashSet<Object>()); // EMPTY_SET
                case 'd' -> { // DICT
                    List<Object> items = popMark();
                    Map<Object, Object> m = new LinkedHashMap<>();
                    setItems(m, items);
                    push(m);
                }
                case 'l' -> push(new ArrayList<>(popMark())); // LIST
                case 't' -> push(tuple(popMark())); // TUPLE
                case 0x85 -> push(tuple(popN(1))); // TUPLE1
                case 0x86 -> push(tuple(popN(2))); // TUPLE2
                case 0x87 -> push(tuple(popN(3))); // TUPLE3
                case 0x91 -> push(Collections.unmodifiableSet(new LinkedHashSet<>(popMark()))); // FROZENSET
                case 's' -> { // SETITEM
                    List<Object> kv = popN(2);
                    setItems(peek(), kv);
                }
                case 'u' -> { // SETITEMS
                    List<Object> items = popMark();
                    setItems(peek(), items);
                }
                case 'a' -> { // APPEND
                    Object v = pop();
                    appendItems(peek(), Collections.singletonList(v));
                }
                case 'e' -> { // APPENDS
                    List<Object> items = popMark();
                    appendItems(peek(), items);
                }
                case 0x90 -> { // ADDITEMS
                    List<Object> items = popMark();
                    appendItems(peek(), items);
                }
                case 'p' -> memo.put(parseMemoIndex(line()), peek()); // PUT
                case 'q' -> memo.put((long) u8(), peek()); // BINPUT
                case 'r' -> memo.put(i32le() & 0xffffffffL, peek()); // LONG_BINPUT
                case 0x94 -> memo.put((long) memo.size(), peek()); // MEMOIZE
                case 'g' -> push(memoGet(parseMemoIndex(line()))); // GET
                case 'h' -> push(memoGet(u8())); // BINGET
                case 'j' -> push(memoGet(i32le() & 0xffffffffL)); // LONG_BINGET
                case 'c' -> { // GLOBAL
                    String module = asciiLine();
                    String name = asciiLine();
                    push(new PickleObject(module, name, null));
                }
                case 0x93 -> { // STACK_GLOBAL
                    Object name = pop();
                    Object module = pop();
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw corrupt("STACK_GLOBAL expects two strings at byte " + opPos);
                    }
                    push(new PickleObject(m, n, null));
                }
                case 'R' -> { // REDUCE
                    Object args = pop();
                    Object callable = pop();
                    push(reduce(callable, asArgs(args, "REDUCE"), opPos));
                }
                case 0x81 -> { // NEWOBJ: cls.__new__(cls, *args)
                    Object args = pop();
                    Object cls = pop();
                    push(newObject(cls, asArgs(args, "NEWOBJ"), opPos));
                }
                case 0x92 -> { // NEWOBJ_EX: kwargs are kept as the last argument of the placeholder
                    Object kwargs = pop();
                    Object args = pop();
                    Object cls = pop();
                    List<Object> all = new ArrayList<>(asArgs(args, "NEWOBJ_EX"));
                    if (kwargs instanceof Map<?, ?> m && !m.isEmpty()) all.add(kwargs);
                    push(newObject(cls, all, opPos));
                }
                case 'b' -> { // BUILD
                    Object state = pop();
                    build(peek(), state, opPos);
                }
                case 'Q' -> push(persistentLoad.apply(pop())); // BINPERSID
                default -> throw new InputException(source + ": unsupported pickle opcode 0x"
                        + String.format("%02x", op) + describeOpcode(op) + " at byte " + opPos
                        + "; segshap reads the pickles torch.save writes (protocol 2); re-save the checkpoint"
                        + " with torch.save from a standard nnU-Net installation");
            }
        }
    }

    // ---------------------------------------------------------------- globals

    private Object reduce(Object callable, List<Object> args, int opPos) {
        if (!(callable instanceof PickleObject g)) {
            throw corrupt("REDUCE at byte " + opPos + " calls a " + typeName(callable) + ", not a global");
        }
        if (g.isCalled()) return new PickleObject(g.module(), g.name(), args); // calling an instance: opaque
        String qualified = g.module() + "." + g.name();
        switch (qualified) {
            case "collections.OrderedDict" -> {
                Map<Object, Object> m = new LinkedHashMap<>();
                if (!args.isEmpty() && args.get(0) instanceof List<?> pairs) {
                    for (Object p : pairs) {
                        if (!(p instanceof List<?> kv) || kv.size() != 2) throw corrupt("OrderedDict item is not a pair");
                        m.put(kv.get(0), kv.get(1));
                    }
                }
                return m;
            }
            case "torch._utils._rebuild_tensor_v2" -> {
                return rebuildTensor(args, opPos);
            }
            case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state" -> {
                if (args.isEmpty()) throw corrupt(qualified + " without arguments at byte " + opPos);
                return args.get(0); // a Parameter is its data tensor
            }
            case "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar" -> {
                return numpyScalar(g, args);
            }
            case "_codecs.encode" -> {
                // protocol 2 has no bytes opcode: Python writes bytes b as _codecs.encode(b.decode('latin1'), 'latin1')
                if (args.size() != 2 || !(args.get(0) instanceof String text) || !(args.get(1) instanceof String enc)) {
                    throw corrupt("_codecs.encode expects (str, encoding) at byte " + opPos);
                }
                Charset cs;
                try {
                    cs = Charset.forName(enc);
                } catch (IllegalArgumentException e) {
                    throw corrupt("_codecs.encode with unknown encoding '" + enc + "' at byte " + opPos);
                }
                return text.getBytes(cs);
            }
            case "builtins.set", "__builtin__.set" -> {
                return setOf(args, qualified);
            }
            case "builtins.frozenset", "__builtin__.frozenset" -> {
                return Collections.unmodifiableSet(setOf(args, qualified));
            }
            default -> {
                return new PickleObject(g.module(), g.name(), args);
            }
        }
    }

    private Object newObject(Object cls, List<Object> args, int opPos) {
        if (!(cls instanceof PickleObject g) || g.isCalled()) {
            throw corrupt("NEWOBJ at byte " + opPos + " instantiates a " + typeName(cls) + ", not a class");
        }
        if ((g.module() + "." + g.name()).equals("collections.OrderedDict")) return new LinkedHashMap<Object, Object>();
        return new PickleObject(g.module(), g.name(), args);
    }

    private void build(Object target, Object state, int opPos) {
        if (target instanceof PickleObject p) {
            p.setState(state);
        } else if (target instanceof Map<?, ?> || target instanceof TorchTensor) {
            // OrderedDict state dicts carry {'_metadata': ...} (module versions); tensors may carry hooks: ignore
        } else {
            throw corrupt("BUILD at byte " + opPos + " sets state on a " + typeName(target));
        }
    }

    /** {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])}. */
    private TorchTensor rebuildTensor(List<Object> args, int opPos) {
        if (args.size() != 6 && args.size() != 7) {
            throw corrupt("_rebuild_tensor_v2 at byte " + opPos + " has " + args.size() + " arguments (expected 6 or 7)");
        }
        if (!(args.get(0) instanceof TorchStorage storage)) {
            throw corrupt("_rebuild_tensor_v2 at byte " + opPos + ": first argument is a " + typeName(args.get(0))
                    + ", not a storage");
        }
        long offset = asLong(args.get(1), "storage_offset");
        List<?> size = asList(args.get(2), "size");
        List<?> stride = asList(args.get(3), "stride");
        if (size.size() != stride.size()) throw corrupt("_rebuild_tensor_v2 at byte " + opPos + ": size and stride differ in rank");
        int[] shape = new int[size.size()];
        long[] strides = new long[size.size()];
        for (int a = 0; a < shape.length; a++) {
            long d = asLong(size.get(a), "size");
            if (d < 0 || d > Integer.MAX_VALUE) throw corrupt("tensor extent " + d + " out of range at byte " + opPos);
            shape[a] = (int) d;
            strides[a] = asLong(stride.get(a), "stride");
            if (strides[a] < 0) throw corrupt("negative tensor stride at byte " + opPos);
        }
        if (offset < 0) throw corrupt("negative storage offset at byte " + opPos);
        boolean requiresGrad = args.get(4) instanceof Boolean b && b;
        return new TorchTensor(storage, offset, shape, strides, requiresGrad);
    }

    /** {@code numpy.core.multiarray.scalar(dtype, raw_bytes)} with the dtype a built {@code numpy.dtype}. */
    private Object numpyScalar(PickleObject g, List<Object> args) {
        if (args.size() == 2 && args.get(0) instanceof PickleObject dtype && dtype.name().equals("dtype")
                && !dtype.args().isEmpty() && dtype.args().get(0) instanceof String code && args.get(1) instanceof byte[] raw) {
            ByteOrder order = ByteOrder.LITTLE_ENDIAN;
            if (dtype.state() instanceof List<?> st && st.size() > 1 && ">".equals(st.get(1))) order = ByteOrder.BIG_ENDIAN;
            ByteBuffer b = ByteBuffer.wrap(raw).order(order);
            Object v = switch (code) {
                case "f8" -> raw.length == 8 ? b.getDouble() : null;
                case "f4" -> raw.length == 4 ? (double) b.getFloat() : null;
                case "f2" -> raw.length == 2 ? (double) segshap.kernels.tensor.Float16.toFloat(b.getShort()) : null;
                case "i8" -> raw.length == 8 ? b.getLong() : null;
                case "i4" -> raw.length == 4 ? (long) b.getInt() : null;
                case "i2" -> raw.length == 2 ? (long) b.getShort() : null;
                case "i1" -> raw.length == 1 ? (long) raw[0] : null;
                case "u1" -> raw.length == 1 ? (long) (raw[0] & 0xff) : null;
                case "u2" -> raw.length == 2 ? (long) (b.getShort() & 0xffff) : null;
                case "u4" -> raw.length == 4 ? b.getInt() & 0xffffffffL : null;
                case "u8" -> raw.length == 8 ? unsigned64(b.getLong()) : null;
                case "b1" -> raw.length == 1 ? raw[0] != 0 : null;
                default -> null;
            };
            if (v != null) return v;
        }
        return new PickleObject(g.module(), g.name(), args);
    }

    // ---------------------------------------------------------------- containers

    private void setItems(Object target, List<Object> kv) {
        if (kv.size() % 2 != 0) throw corrupt("SETITEMS with an odd number of values");
        if (target instanceof Map<?, ?> raw) {
            @SuppressWarnings("unchecked")
            Map<Object, Object> m = (Map<Object, Object>) raw;
            for (int i = 0; i < kv.size(); i += 2) m.put(kv.get(i), kv.get(i + 1));
        } else if (target instanceof PickleObject p) {
            for (int i = 0; i < kv.size(); i += 2) p.addItem(tuple(Arrays.asList(kv.get(i), kv.get(i + 1))));
        } else {
            throw corrupt("SETITEM on a " + typeName(target));
        }
    }

    private void appendItems(Object target, List<Object> values) {
        if (target instanceof ArrayList<?> raw) {
            @SuppressWarnings("unchecked")
            ArrayList<Object> l = (ArrayList<Object>) raw;
            l.addAll(values);
        } else if (target instanceof LinkedHashSet<?> raw) {
            @SuppressWarnings("unchecked")
            Set<Object> s = (Set<Object>) raw;
            s.addAll(values);
        } else if (target instanceof PickleObject p) {
            for (Object v : values) p.addItem(v);
        } else {
            throw corrupt("APPEND on a " + typeName(target));
        }
    }

    private static List<Object> tuple(List<Object> items) {
        return Collections.unmodifiableList(Arrays.asList(items.toArray()));
    }

    // ---------------------------------------------------------------- stack

    private void push(Object o) {
        stack.add(o);
    }

    private Object pop() {
        int floor = markCount == 0 ? 0 : marks[markCount - 1];
        if (stack.size() <= floor) throw corrupt("pops from an empty stack at byte " + (pos - 1));
        return stack.remove(stack.size() - 1);
    }

    private Object peek() {
        int floor = markCount == 0 ? 0 : marks[markCount - 1];
        if (stack.size() <= floor) throw corrupt("reads from an empty stack at byte " + (pos - 1));
        return stack.get(stack.size() - 1);
    }

    private List<Object> popN(int n) {
        int floor = markCount == 0 ? 0 : marks[markCount - 1];
        if (stack.size() - floor < n) throw corrupt("needs " + n + " values on the stack at byte " + (pos - 1));
        List<Object> sub = stack.subList(stack.size() - n, stack.size());
        List<Object> out = new ArrayList<>(sub);
        sub.clear();
        return out;
    }

    private void pushMark() {
        if (markCount == marks.length) marks = Arrays.copyOf(marks, marks.length * 2);
        marks[markCount++] = stack.size();
    }

    private List<Object> popMark() {
        if (markCount == 0) throw corrupt("uses a MARK that was never set at byte " + (pos - 1));
        int from = marks[--markCount];
        List<Object> sub = stack.subList(from, stack.size());
        List<Object> out = new ArrayList<>(sub);
        sub.clear();
        return out;
    }

    private Object memoGet(long index) {
        if (!memo.containsKey(index)) throw corrupt("reads memo entry " + index + " that was never stored");
        return memo.get(index);
    }

    // ---------------------------------------------------------------- bytes

    private int u8() {
        if (pos >= data.length) throw corrupt("is truncated");
        return data[pos++] & 0xff;
    }

    private int i32le() {
        byte[] b = bytes(4);
        return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
    }

    private long i64le() {
        return ByteBuffer.wrap(bytes(8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private int length(long n) {
        if (n < 0 || n > data.length - pos) throw corrupt("declares a " + n + "-byte value beyond its end at byte " + pos);
        return (int) n;
    }

    private byte[] bytes(int n) {
        if (n > data.length - pos) throw corrupt("is truncated (needs " + n + " bytes at byte " + pos + ")");
        byte[] b = Arrays.copyOfRange(data, pos, pos + n);
        pos += n;
        return b;
    }

    private String line() {
        int start = pos;
        while (pos < data.length && data[pos] != '\n') pos++;
        if (pos >= data.length) throw corrupt("has an unterminated text line at byte " + start);
        String s = new String(data, start, pos - start, StandardCharsets.ISO_8859_1);
        pos++;
        return s;
    }

    private String asciiLine() {
        return line().strip();
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static Object littleEndianSigned(byte[] le) {
        if (le.length == 0) return 0L;
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) be[i] = le[le.length - 1 - i];
        return narrow(new BigInteger(be));
    }

    private static Object narrow(BigInteger v) {
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private static Object unsigned64(long v) {
        return v >= 0 ? (Object) v : new BigInteger(Long.toUnsignedString(v));
    }

    private Object parseTextInt(String s) {
        if (s.equals("01")) return Boolean.TRUE;
        if (s.equals("00")) return Boolean.FALSE;
        try {
            return narrow(new BigInteger(s.strip()));
        } catch (NumberFormatException e) {
            throw corrupt("has a malformed INT '" + s + "'");
        }
    }

    private Object parseTextLong(String s) {
        String t = s.strip();
        if (t.endsWith("L")) t = t.substring(0, t.length() - 1);
        try {
            return narrow(new BigInteger(t));
        } catch (NumberFormatException e) {
            throw corrupt("has a malformed LONG '" + s + "'");
        }
    }

    private Object parseTextFloat(String s) {
        String t = s.strip();
        try {
            return switch (t) {
                case "nan" -> Double.NaN;
                case "inf" -> Double.POSITIVE_INFINITY;
                case "-inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(t);
            };
        } catch (NumberFormatException e) {
            throw corrupt("has a malformed FLOAT '" + s + "'");
        }
    }

    private long parseMemoIndex(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            throw corrupt("has a malformed memo index '" + s + "'");
        }
    }

    // ---------------------------------------------------------------- helpers

    private List<Object> asArgs(Object args, String op) {
        if (!(args instanceof List<?> l)) throw corrupt(op + " arguments are a " + typeName(args) + ", not a tuple");
        return new ArrayList<>(l);
    }

    private List<?> asList(Object o, String what) {
        if (!(o instanceof List<?> l)) throw corrupt("tensor " + what + " is a " + typeName(o) + ", not a tuple");
        return l;
    }

    private Set<Object> setOf(List<Object> args, String what) {
        Set<Object> out = new LinkedHashSet<>();
        if (args.isEmpty()) return out;
        if (!(args.get(0) instanceof Iterable<?> it)) throw corrupt(what + " of a " + typeName(args.get(0)));
        for (Object o : it) out.add(o);
        return out;
    }

    private long asLong(Object o, String what) {
        if (o instanceof Long l) return l;
        throw corrupt("tensor " + what + " is a " + typeName(o) + ", not an int");
    }

    static String typeName(Object o) {
        if (o == null) return "None";
        if (o instanceof PickleObject p) return p.module() + "." + p.name();
        if (o instanceof byte[]) return "bytes";
        return o.getClass().getSimpleName();
    }

    private InputException corrupt(String what) {
        return new InputException(source + ": invalid pickle: " + what
                + "; the checkpoint is corrupt or was not written by torch.save");
    }

    private static String describeOpcode(int op) {
        return op >= 0x20 && op < 0x7f ? " ('" + (char) op + "')" : "";
    }
}

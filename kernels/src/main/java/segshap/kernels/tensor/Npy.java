package segshap.kernels.tensor;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import segshap.kernels.InputException;

/**
 * NumPy {@code .npy} files (format 1.0/2.0/3.0, C order) to and from {@link FloatTensor}.
 *
 * <p>Reading accepts little- and big-endian {@code f2, f4, f8, u1, i1, i2, u2, i4, i8, b1} and converts to
 * float32; writing produces little-endian float32 ({@code <f4}) or uint8 ({@code |u1}), which is what
 * {@code --logits}/{@code --probabilities} and the test references use.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-z])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /**
     * Reads a {@code .npy} file as float32.
     *
     * @throws InputException if the file is not a C-order npy array of a supported dtype
     */
    public static FloatTensor read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes.length < 10 || bytes[i] != MAGIC[i]) throw new InputException(file + ": not a .npy file (bad magic)");
        }
        int major = bytes[6];
        int headerLen;
        int headerStart;
        if (major == 1) {
            headerLen = Short.toUnsignedInt(buf.getShort(8));
            headerStart = 10;
        } else {
            headerLen = buf.getInt(8);
            headerStart = 12;
        }
        if (headerStart + headerLen > bytes.length) throw new InputException(file + ": truncated .npy header");
        String header = new String(bytes, headerStart, headerLen, major >= 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) throw new InputException(file + ": unreadable .npy header: " + header.trim());
        if (f.group(1).equals("True")) throw new InputException(file + ": Fortran-order arrays are not supported; save with C order");
        String shapeText = s.group(1).trim();
        int[] shape = shapeText.isEmpty() ? new int[0]
                : java.util.Arrays.stream(shapeText.split(",")).map(String::trim).filter(t -> !t.isEmpty())
                        .mapToInt(Integer::parseInt).toArray();
        ByteOrder order = d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        char kind = d.group(2).charAt(0);
        int width = Integer.parseInt(d.group(3));
        int n = Math.toIntExact(FloatTensor.numel(shape));
        int dataStart = headerStart + headerLen;
        if ((long) dataStart + (long) n * width > bytes.length) {
            throw new InputException(file + ": truncated .npy data: expected " + (long) n * width + " bytes");
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, bytes.length - dataStart).slice().order(order);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = switch (kind + "" + width) {
                case "f2" -> Float16.toFloat(data.getShort(i * 2));
                case "f4" -> data.getFloat(i * 4);
                case "f8" -> (float) data.getDouble(i * 8);
                case "u1", "b1" -> Byte.toUnsignedInt(data.get(i));
                case "i1" -> data.get(i);
                case "i2" -> data.getShort(i * 2);
                case "u2" -> Short.toUnsignedInt(data.getShort(i * 2));
                case "i4" -> data.getInt(i * 4);
                case "i8" -> data.getLong(i * 8);
                default -> throw new InputException(file + ": unsupported .npy dtype '" + d.group(0) + "'");
            };
        }
        return new FloatTensor(shape, out);
    }

    /** Writes little-endian float32 ({@code <f4}). */
    public static void writeFloat32(Path file, FloatTensor t) throws IOException {
        try (OutputStream os = Files.newOutputStream(file)) {
            writeFloat32(os, t);
        }
    }

    /**
     * Writes little-endian float32 ({@code <f4}) into a stream the caller owns (left open).
     *
     * @throws IOException if {@code out} fails
     */
    public static void writeFloat32(OutputStream out, FloatTensor t) throws IOException {
        ByteBuffer body = ByteBuffer.allocate(t.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
        body.asFloatBuffer().put(t.data());
        write(out, "<f4", t.shape(), body.array());
    }

    /** Writes uint8 ({@code |u1}); values are rounded and must lie in [0, 255]. */
    public static void writeUint8(Path file, FloatTensor t) throws IOException {
        byte[] body = new byte[t.size()];
        float[] a = t.data();
        for (int i = 0; i < a.length; i++) {
            int v = Math.round(a[i]);
            if (v < 0 || v > 255) throw new IllegalArgumentException("value " + a[i] + " at " + i + " does not fit uint8");
            body[i] = (byte) v;
        }
        try (OutputStream os = Files.newOutputStream(file)) {
            write(os, "|u1", t.shape(), body);
        }
    }

    private static void write(OutputStream os, String descr, int[] shape, byte[] body) throws IOException {
        StringBuilder sh = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) sh.append(shape[i]).append(shape.length == 1 ? "," : (i + 1 < shape.length ? ", " : ""));
        sh.append(')');
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + sh + ", }";
        int total = MAGIC.length + 4 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        os.write(MAGIC);
        os.write(new byte[] {1, 0, (byte) (header.length() & 0xff), (byte) (header.length() >>> 8)});
        os.write(header.getBytes(StandardCharsets.ISO_8859_1));
        os.write(body);
        os.flush();
    }
}

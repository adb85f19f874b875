package segshap.kernels.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import segshap.kernels.InputException;
import segshap.kernels.backend.ModelWeights;
import segshap.kernels.tensor.Float16;
import segshap.kernels.tensor.FloatTensor;

/**
 * Reads nnU-Net v2 checkpoints written by {@code torch.save} (zip container, pickle protocol 2) without
 * Python and without executing anything.
 *
 * <p>The zip is opened with {@link ZipFile} (central directory): torch stores entries uncompressed with data
 * descriptors, which {@code ZipInputStream} cannot read. The root folder is whatever precedes
 * {@code /data.pkl} ({@code checkpoint_final/} for {@code checkpoint_final.pth}, {@code archive/} for buffers).
 * {@code data.pkl} is unpickled by a strict reader with a fixed table of globals; storages are records
 * {@code <root>/data/<key>}, byte order from {@code <root>/byteorder} (little when absent).
 *
 * <p>Only storages reachable from {@code network_weights} are read, each once even when several names alias
 * it. The weights are converted to float32 (from float16, bfloat16, float64 or integer types) and keyed by
 * canonical name: {@code module.} and {@code _orig_mod.} prefixes are stripped, and the aliases
 * {@code *.all_modules.*} and {@code decoder.encoder.*} are dropped.
 *
 * <pre>{@code
 * TorchCheckpoint ckpt = TorchCheckpointReader.read(Path.of("fold_0/checkpoint_final.pth"));
 * ckpt.trainerName();     // "nnUNetTrainer"
 * ckpt.configuration();   // "3d_fullres"
 * ckpt.networkWeights().tensors().get("decoder.seg_layers.2.weight");
 * }</pre>
 */
public final class TorchCheckpointReader {
    private static final String[] WRAPPER_PREFIXES = {"module.", "_orig_mod."};

    private TorchCheckpointReader() {}

    /**
     * Reads a checkpoint and materialises its {@code network_weights}.
     *
     * @param file a {@code .pth} written by {@code torch.save} (torch ≥ 1.6 zip format)
     * @throws InputException if the file is missing, not a torch zip, truncated, holds an unsupported pickle,
     *                        or has no {@code network_weights} dict
     */
    public static TorchCheckpoint read(Path file) {
        String source = file.toString();
        checkMagic(file, source);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String root = findRoot(zip, source);
            ByteOrder order = readByteOrder(zip, root, source);
            byte[] pickle = readEntry(zip, root + "data.pkl", source);
            Map<String, TorchStorage> storages = new HashMap<>();
            Unpickler unpickler = new Unpickler(pickle, source + "!" + root + "data.pkl",
                    pid -> persistentLoad(pid, storages, source));
            Object top = unpickler.load();
            if (!(top instanceof Map<?, ?> topMap)) {
                throw new InputException(source + ": the saved object is a " + Unpickler.typeName(top)
                        + ", not a dict; expected an nnU-Net checkpoint (torch.save of the trainer's checkpoint dict)");
            }
            Map<String, Object> topLevel = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : topMap.entrySet()) topLevel.put(String.valueOf(e.getKey()), e.getValue());
            if (!(topLevel.get("network_weights") instanceof Map<?, ?> stateDict)) {
                throw new InputException(source + ": no 'network_weights' dict among the top-level keys "
                        + topLevel.keySet() + "; this is not an nnU-Net v2 checkpoint (checkpoint_final.pth)");
            }
            ModelWeights weights = materialise(stateDict, zip, root, order, source);
            return new TorchCheckpoint(source, topLevel, weights);
        } catch (ZipException e) {
            throw new InputException(source + " is a corrupt or truncated zip archive (" + e.getMessage()
                    + "); copy the checkpoint again from the machine that trained it", e);
        } catch (IOException e) {
            throw new InputException(source + ": cannot read the checkpoint: " + e, e);
        }
    }

    /**
     * The canonical name of a state-dict key (wrapper prefixes such as {@code module.} stripped), or
     * {@code null} for an alias that is dropped ({@code *.all_modules.*}, {@code decoder.encoder.*}); the
     * names {@code model.WeightLayout} expects.
     */
    public static String canonicalName(String key) {
        String k = key;
        boolean stripped = true;
        while (stripped) {
            stripped = false;
            for (String p : WRAPPER_PREFIXES) {
                if (k.startsWith(p)) {
                    k = k.substring(p.length());
                    stripped = true;
                }
            }
        }
        // ConvDropoutNormReLU registers conv/norm again in all_modules; the decoder keeps the whole encoder
        if (k.contains(".all_modules.") || k.startsWith("all_modules.") || k.startsWith("decoder.encoder.")) return null;
        return k;
    }

    // ---------------------------------------------------------------- zip

    private static void checkMagic(Path file, String source) {
        if (!Files.isRegularFile(file)) {
            throw new InputException(source + " does not exist or is not a file; expected a torch checkpoint "
                    + "such as fold_0/checkpoint_final.pth");
        }
        byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, 4);
        } catch (IOException e) {
            throw new InputException(source + ": cannot read the checkpoint: " + e, e);
        }
        if (n == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) return;
        if (n >= 1 && (head[0] & 0xff) == 0x80) {
            throw new InputException(source + " uses torch's legacy (pre-1.6) serialization, which segshap does "
                    + "not read; re-save it with torch ≥ 1.6: torch.save(torch.load(f), f)");
        }
        throw new InputException(source + " is not a torch checkpoint: it does not start with a zip header"
                + " (found " + n + " bytes " + hex(head, n) + "); expected a file written by torch.save");
    }

    private static String findRoot(ZipFile zip, String source) {
        String root = null;
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            String name = entries.nextElement().getName();
            int slash = name.indexOf('/');
            if (slash > 0 && name.substring(slash + 1).equals("data.pkl")) {
                if (root != null) {
                    throw new InputException(source + " holds two pickles (" + root + "data.pkl and " + name
                            + "); expected one torch.save archive");
                }
                root = name.substring(0, slash + 1);
            }
        }
        if (root == null) {
            throw new InputException(source + " is a zip archive without <root>/data.pkl; it was not written by torch.save");
        }
        return root;
    }

    private static ByteOrder readByteOrder(ZipFile zip, String root, String source) throws IOException {
        ZipEntry e = zip.getEntry(root + "byteorder");
        if (e == null) return ByteOrder.LITTLE_ENDIAN; // torch < 2.1 writes no byteorder record: native = little
        String s = new String(readEntry(zip, root + "byteorder", source), StandardCharsets.US_ASCII).strip();
        return switch (s) {
            case "little" -> ByteOrder.LITTLE_ENDIAN;
            case "big" -> ByteOrder.BIG_ENDIAN;
            default -> throw new InputException(source + ": " + root + "byteorder says '" + s + "'; expected little or big");
        };
    }

    private static byte[] readEntry(ZipFile zip, String name, String source) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw new InputException(source + ": record " + name + " is missing from the archive; the checkpoint is incomplete");
        }
        if (e.getSize() > Integer.MAX_VALUE - 8) {
            throw new InputException(source + ": record " + name + " has " + e.getSize()
                    + " bytes, more than one Java array holds (2 GiB)");
        }
        try (InputStream in = zip.getInputStream(e)) {
            byte[] b = in.readAllBytes();
            if (e.getSize() >= 0 && b.length != e.getSize()) {
                throw new InputException(source + ": record " + name + " is truncated (" + b.length + " of "
                        + e.getSize() + " bytes)");
            }
            return b;
        }
    }

    // ---------------------------------------------------------------- storages

    /** {@code ('storage', <torch.XStorage>, key, location, numel)} → the shared {@link TorchStorage}. */
    private static Object persistentLoad(Object pid, Map<String, TorchStorage> storages, String source) {
        if (!(pid instanceof List<?> t) || t.size() != 5 || !"storage".equals(t.get(0))
                || !(t.get(1) instanceof PickleObject cls) || !(t.get(2) instanceof String key)
                || !(t.get(4) instanceof Long numel)) {
            throw new InputException(source + ": unsupported persistent id " + pid
                    + "; expected ('storage', torch.<Type>Storage, key, location, numel) as torch.save writes");
        }
        TorchDtype dtype = cls.module().equals("torch") ? TorchDtype.ofStorageClass(cls.name()) : null;
        if (dtype == null) {
            throw new InputException(source + ": unsupported storage type " + cls.module() + "." + cls.name()
                    + " for record data/" + key + "; supported: Float, Half, BFloat16, Double, Long, Int, Short,"
                    + " Char, Byte and Bool storages");
        }
        String location = t.get(3) instanceof String s ? s : String.valueOf(t.get(3));
        TorchStorage known = storages.get(key);
        if (known == null) {
            known = new TorchStorage(key, dtype, numel, location);
            storages.put(key, known);
        } else if (known.dtype() != dtype) {
            throw new InputException(source + ": storage data/" + key + " is used as both " + known.dtype()
                    + " and " + dtype + "; such reinterpreting views are not supported");
        }
        return known;
    }

    private static ModelWeights materialise(Map<?, ?> stateDict, ZipFile zip, String root, ByteOrder order,
                                            String source) throws IOException {
        Map<String, float[]> storageValues = new HashMap<>(); // key → storage as float32, read once
        Map<String, String> originalName = new HashMap<>();
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : stateDict.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new InputException(source + ": network_weights has a non-string key " + e.getKey());
            }
            if (!(e.getValue() instanceof TorchTensor t)) {
                throw new InputException(source + ": network_weights['" + key + "'] is a "
                        + Unpickler.typeName(e.getValue()) + ", not a tensor");
            }
            String name = canonicalName(key);
            if (name == null) continue;
            String previous = originalName.putIfAbsent(name, key);
            if (previous != null) {
                throw new InputException(source + ": network_weights has both '" + previous + "' and '" + key
                        + "', which name the same parameter '" + name + "' once wrapper prefixes are removed");
            }
            TorchStorage s = t.storage();
            float[] values = storageValues.get(s.key());
            if (values == null) {
                values = toFloat32(readEntry(zip, root + "data/" + s.key(), source), s, order, source);
                storageValues.put(s.key(), values);
            }
            tensors.put(name, view(t, values, key, source));
        }
        return new ModelWeights(source, tensors);
    }

    private static float[] toFloat32(byte[] raw, TorchStorage s, ByteOrder order, String source) {
        int eb = s.dtype().elementBytes();
        if ((long) raw.length < s.numel() * eb) {
            throw new InputException(source + ": storage record data/" + s.key() + " holds " + raw.length
                    + " bytes but declares " + s.numel() + " " + s.dtype() + " elements (" + s.numel() * eb
                    + " bytes); the checkpoint is truncated");
        }
        int n = (int) s.numel();
        ByteBuffer b = ByteBuffer.wrap(raw).order(order);
        float[] out = new float[n];
        switch (s.dtype()) {
            case FLOAT32 -> b.asFloatBuffer().get(out, 0, n);
            case FLOAT16 -> { for (int i = 0; i < n; i++) out[i] = Float16.toFloat(b.getShort(2 * i)); }
            case BFLOAT16 -> { for (int i = 0; i < n; i++) out[i] = Float.intBitsToFloat((b.getShort(2 * i) & 0xffff) << 16); }
            case FLOAT64 -> { for (int i = 0; i < n; i++) out[i] = (float) b.getDouble(8 * i); }
            case INT64 -> { for (int i = 0; i < n; i++) out[i] = b.getLong(8 * i); }
            case INT32 -> { for (int i = 0; i < n; i++) out[i] = b.getInt(4 * i); }
            case INT16 -> { for (int i = 0; i < n; i++) out[i] = b.getShort(2 * i); }
            case INT8 -> { for (int i = 0; i < n; i++) out[i] = raw[i]; }
            case UINT8 -> { for (int i = 0; i < n; i++) out[i] = raw[i] & 0xff; }
            case BOOL -> { for (int i = 0; i < n; i++) out[i] = raw[i] != 0 ? 1f : 0f; }
        }
        return out;
    }

    /** The tensor's elements in C order, honouring storage offset and strides. */
    private static FloatTensor view(TorchTensor t, float[] storage, String key, String source) {
        int[] shape = t.shape();
        long[] stride = t.stride();
        long numel = t.numel();
        long last = t.storageOffset();
        for (int a = 0; a < shape.length; a++) last += (long) (shape[a] - 1) * stride[a];
        if (numel > 0 && last >= storage.length) {
            throw new InputException(source + ": tensor '" + key + "' reaches element " + last + " of storage data/"
                    + t.storage().key() + " which has " + storage.length + "; the checkpoint is corrupt");
        }
        if (numel > Integer.MAX_VALUE - 8) {
            throw new InputException(source + ": tensor '" + key + "' has " + numel + " elements, more than one Java array holds");
        }
        if (t.storageOffset() == 0 && numel == storage.length && t.isContiguous()) {
            return new FloatTensor(shape, storage); // the common case: share, no copy (aliases are dropped)
        }
        float[] out = new float[(int) numel];
        if (numel == 0) return new FloatTensor(shape, out);
        int rank = shape.length;
        int[] idx = new int[rank];
        long src = t.storageOffset();
        for (int i = 0; i < out.length; i++) {
            out[i] = storage[(int) src];
            for (int a = rank - 1; a >= 0; a--) { // odometer over the multi-index, last axis fastest
                idx[a]++;
                src += stride[a];
                if (idx[a] < shape[a]) break;
                src -= (long) shape[a] * stride[a];
                idx[a] = 0;
            }
        }
        return new FloatTensor(shape, out);
    }

    private static String hex(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) sb.append(String.format("%02x", b[i] & 0xff));
        return n == 0 ? "(empty)" : sb.toString();
    }
}

package segshap.kernels.checkpoint;

/** Element types of torch storages, by the storage class name that {@code torch.save} pickles. */
public enum TorchDtype {
    FLOAT32("FloatStorage", 4),
    FLOAT16("HalfStorage", 2),
    BFLOAT16("BFloat16Storage", 2),
    FLOAT64("DoubleStorage", 8),
    INT64("LongStorage", 8),
    INT32("IntStorage", 4),
    INT16("ShortStorage", 2),
    INT8("CharStorage", 1),
    UINT8("ByteStorage", 1),
    BOOL("BoolStorage", 1);

    private final String storageClass;
    private final int elementBytes;

    TorchDtype(String storageClass, int elementBytes) {
        this.storageClass = storageClass;
        this.elementBytes = elementBytes;
    }

    /** The class name in module {@code torch}, e.g. {@code FloatStorage}. */
    public String storageClass() {
        return storageClass;
    }

    /** Bytes per element. */
    public int elementBytes() {
        return elementBytes;
    }

    /**
     * The dtype of storage class {@code torch.<name>}, or {@code null} if unknown.
     * {@code UntypedStorage} (torch ≥ 2 for untyped saves) holds bytes.
     */
    static TorchDtype ofStorageClass(String name) {
        if (name.equals("UntypedStorage")) return UINT8;
        for (TorchDtype d : values()) {
            if (d.storageClass.equals(name)) return d;
        }
        return null;
    }
}

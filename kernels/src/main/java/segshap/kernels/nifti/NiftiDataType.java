package segshap.kernels.nifti;

/**
 * The NIfTI voxel datatypes segshap reads and writes, with their header codes and sizes.
 *
 * <p>Integer types carry their value range so the writer can refuse values that do not fit; float types
 * have an infinite range (NaN and ±Inf are stored as they are).
 */
public enum NiftiDataType {
    UINT8(2, 1, 0, 255),
    INT16(4, 2, Short.MIN_VALUE, Short.MAX_VALUE),
    INT32(8, 4, Integer.MIN_VALUE, Integer.MAX_VALUE),
    FLOAT32(16, 4, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY),
    FLOAT64(64, 8, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY),
    INT8(256, 1, Byte.MIN_VALUE, Byte.MAX_VALUE),
    UINT16(512, 2, 0, 65535);

    private final int code;
    private final int bytesPerVoxel;
    private final double minValue;
    private final double maxValue;

    NiftiDataType(int code, int bytesPerVoxel, double minValue, double maxValue) {
        this.code = code;
        this.bytesPerVoxel = bytesPerVoxel;
        this.minValue = minValue;
        this.maxValue = maxValue;
    }

    /** The header's {@code datatype} code, e.g. 16 for float32. */
    public int code() {
        return code;
    }

    /** Bytes per stored voxel (the header's {@code bitpix} / 8). */
    public int bytesPerVoxel() {
        return bytesPerVoxel;
    }

    /** Whether values are stored as integers. */
    public boolean isInteger() {
        return this != FLOAT32 && this != FLOAT64;
    }

    /** Smallest storable value (−∞ for float types). */
    public double minValue() {
        return minValue;
    }

    /** Largest storable value (+∞ for float types). */
    public double maxValue() {
        return maxValue;
    }

    /**
     * The type with header code {@code code}.
     *
     * @throws IllegalArgumentException if segshap does not support the code; the message names the code,
     *     its NIfTI name where known, and the supported types
     */
    public static NiftiDataType fromCode(int code) {
        for (NiftiDataType t : values()) {
            if (t.code == code) return t;
        }
        throw new IllegalArgumentException("unsupported datatype " + code + " (" + nameOfCode(code)
                + "); supported: " + supportedList());
    }

    /** Names of the NIfTI-1 datatype codes segshap does not read, for error messages. */
    private static String nameOfCode(int code) {
        return switch (code) {
            case 0 -> "unknown";
            case 1 -> "binary";
            case 32 -> "complex64";
            case 128 -> "RGB24";
            case 768 -> "uint32";
            case 1024 -> "int64";
            case 1280 -> "uint64";
            case 1536 -> "float128";
            case 1792 -> "complex128";
            case 2048 -> "complex256";
            case 2304 -> "RGBA32";
            default -> "not a NIfTI datatype code";
        };
    }

    private static String supportedList() {
        StringBuilder s = new StringBuilder();
        for (NiftiDataType t : values()) {
            if (s.length() > 0) s.append(", ");
            s.append(t.name().toLowerCase(java.util.Locale.ROOT)).append(" (").append(t.code).append(')');
        }
        return s.append("; convert the image, e.g. to int16 or float32").toString();
    }
}

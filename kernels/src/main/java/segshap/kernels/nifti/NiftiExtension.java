package segshap.kernels.nifti;

import java.util.Arrays;

/**
 * One NIfTI header extension as stored between the header and the voxels: its code ({@code ecode}) and its
 * content, the {@code esize − 8} bytes that follow less their trailing NUL padding (as nibabel's
 * {@code get_content()}). TotalSegmentator stores label names this
 * way (a Caret XML label table); AFNI, DICOM and comment extensions use other codes.
 *
 * @param code    the extension's {@code ecode}
 * @param content the bytes after {@code esize} and {@code ecode}, without trailing NULs
 */
public record NiftiExtension(int code, byte[] content) {
    public NiftiExtension {
        content = content.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NiftiExtension e && e.code == code && Arrays.equals(e.content, content);
    }

    @Override
    public int hashCode() {
        return 31 * code + Arrays.hashCode(content);
    }

    @Override
    public String toString() {
        return "NiftiExtension[code=" + code + ", " + content.length + " bytes]";
    }
}

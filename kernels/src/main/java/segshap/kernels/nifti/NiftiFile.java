package segshap.kernels.nifti;

import java.util.List;

/**
 * What {@link NiftiReader#readWithExtensions} reads from one file: the volume and the header extensions stored
 * before it, in file order.
 *
 * @param image      the volume
 * @param extensions the header extensions (empty when the file has none)
 */
public record NiftiFile(NiftiImage image, List<NiftiExtension> extensions) {
    public NiftiFile {
        extensions = List.copyOf(extensions);
    }
}

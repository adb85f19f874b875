package segshap.engine.explain;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import segshap.kernels.nifti.NiftiImage;

/**
 * Tells whether an image can be a CT in Hounsfield units. Every CT of a body holds air (−1000 HU) or at least
 * fat (about −100 HU), so an image with no value below 0 is something else: a label map passed as the CT, a
 * uint8 screenshot-like export, an image normalised to [0, 1], an MR image. Such an image is still explained
 * (the user may know better), but masking it to {@code --mask-hu} HU means nothing, so the user is warned.
 */
public final class HounsfieldCheck {
    /** The highest minimum a CT in HU can have: below 0 there is always fat, air or the scanner's padding. */
    static final double MAX_CT_MINIMUM_HU = 0;

    private HounsfieldCheck() {}

    /**
     * A warning when {@code ct}'s intensities cannot be Hounsfield units, else empty.
     *
     * @param ct   the image as read (values after scl_slope/scl_inter)
     * @param file where it came from, for the message
     */
    public static Optional<String> warning(NiftiImage ct, Path file) {
        float[] v = ct.dataZyx().data();
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (float x : v) {
            if (x < min) min = x;
            if (x > max) max = x;
        }
        if (!(min >= MAX_CT_MINIMUM_HU)) return Optional.empty(); // also NaN: the preprocessor refuses those
        return Optional.of(String.format(Locale.ROOT, "%s: intensities %s…%s (%s) cannot be Hounsfield units: a CT holds air "
                        + "(−1000 HU) or fat (about −100 HU) below 0; is it a label map, a windowed uint8 export or an MR image? "
                        + "The model and --mask-hu expect HU", file, number(min), number(max),
                ct.dataType().name().toLowerCase(Locale.ROOT)));
    }

    private static String number(float x) {
        return x == Math.rint(x) && Math.abs(x) < 1e9 ? Long.toString((long) x) : String.format(Locale.ROOT, "%.4g", x);
    }
}

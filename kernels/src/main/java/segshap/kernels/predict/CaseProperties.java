package segshap.kernels.predict;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import segshap.kernels.nifti.NiftiImage;
import segshap.kernels.pickle.PickleWriter;
import segshap.kernels.preprocess.PreprocessedCase;
import segshap.kernels.tensor.Box;

/**
 * nnU-Net's properties dict of one case, which {@code nnUNetv2_predict --save_probabilities} pickles into
 * {@code <case>.pkl} beside {@code <case>.npz}: the geometry SimpleITK reports for the case's first image
 * ({@code SimpleITKIO.read_images}, nnU-Net's reader for {@code .nii.gz}) and what preprocessing recorded to undo
 * itself ({@code DefaultPreprocessor.run_case_npy}). {@link #toPythonDict} has nnU-Net's keys in nnU-Net's order:
 * <pre>
 * {'sitk_stuff': {'spacing': (x, y, z), 'origin': (x, y, z), 'direction': (9 floats, row-major)},
 *  'spacing': [z, y, x],
 *  'shape_before_cropping': (z, y, x),
 *  'bbox_used_for_cropping': [[z0, z1], [y0, y1], [x0, x1]],
 *  'shape_after_cropping_and_before_resampling': (z, y, x)}
 * </pre>
 * Values are plain Python floats and ints, so {@code pickle.load} needs no numpy (nnU-Net's own 'spacing' holds
 * numpy float64 scalars, equal in value). Example, the fixture CT (affine diag(0.8, 0.8, 2, 1), 60×70×40 voxels
 * x,y,z, nothing cropped): sitk spacing (0.800000011920929, 0.800000011920929, 2.0) (pixdim is float32), origin
 * (0, 0, 0), direction (−1, 0, 0, 0, −1, 0, 0, 0, 1) (RAS identity seen in LPS), spacing [2.0, 0.8…, 0.8…], both
 * shapes (40, 70, 60), bbox [[0, 40], [0, 70], [0, 60]].
 *
 * <p>Arrays are copied in and out.
 *
 * @param sitkSpacingXyzMm                          {@code GetSpacing()}: the header's pixdim (x, y, z), mm
 * @param sitkOriginXyzLpsMm                        {@code GetOrigin()}: the affine's translation in LPS, mm (NIfTI's
 *                                                  RAS x and y negated)
 * @param sitkDirectionLps                          {@code GetDirection()}: 9 values, row-major; the affine's columns
 *                                                  scaled to unit length, rows x and y negated (RAS → LPS)
 * @param spacingZyxMm                              {@code 'spacing'}: the spacing preprocessing used, untransposed
 * @param shapeBeforeCroppingZyx                    after {@code transpose_forward}, before cropping
 * @param bboxUsedForCropping                       half-open non-zero box in the transposed frame
 * @param shapeAfterCroppingAndBeforeResamplingZyx  the cropped shape (= bbox size)
 */
public record CaseProperties(double[] sitkSpacingXyzMm, double[] sitkOriginXyzLpsMm, double[] sitkDirectionLps,
                             double[] spacingZyxMm, int[] shapeBeforeCroppingZyx, Box bboxUsedForCropping,
                             int[] shapeAfterCroppingAndBeforeResamplingZyx) {

    public CaseProperties {
        check("sitkSpacingXyzMm", sitkSpacingXyzMm.length, 3);
        check("sitkOriginXyzLpsMm", sitkOriginXyzLpsMm.length, 3);
        check("sitkDirectionLps", sitkDirectionLps.length, 9);
        check("spacingZyxMm", spacingZyxMm.length, 3);
        check("shapeBeforeCroppingZyx", shapeBeforeCroppingZyx.length, 3);
        check("shapeAfterCroppingAndBeforeResamplingZyx", shapeAfterCroppingAndBeforeResamplingZyx.length, 3);
        if (bboxUsedForCropping == null) throw new IllegalArgumentException("bboxUsedForCropping must not be null");
        sitkSpacingXyzMm = sitkSpacingXyzMm.clone();
        sitkOriginXyzLpsMm = sitkOriginXyzLpsMm.clone();
        sitkDirectionLps = sitkDirectionLps.clone();
        spacingZyxMm = spacingZyxMm.clone();
        shapeBeforeCroppingZyx = shapeBeforeCroppingZyx.clone();
        shapeAfterCroppingAndBeforeResamplingZyx = shapeAfterCroppingAndBeforeResamplingZyx.clone();
    }

    private static void check(String name, int length, int expected) {
        if (length != expected) throw new IllegalArgumentException(name + " must have " + expected + " entries, got " + length);
    }

    /**
     * The properties of a case preprocessed from {@code firstChannel} (nnU-Net takes the SimpleITK geometry of the
     * first image, {@code _0000}).
     */
    public static CaseProperties of(NiftiImage firstChannel, PreprocessedCase c) {
        double[] a = firstChannel.affine(); // 4×4 row-major, RAS
        double[] origin = {plain(-a[3]), plain(-a[7]), plain(a[11])};
        double[] direction = new double[9];
        for (int col = 0; col < 3; col++) {
            double norm = Math.sqrt(a[col] * a[col] + a[4 + col] * a[4 + col] + a[8 + col] * a[8 + col]);
            for (int row = 0; row < 3; row++) {
                double ras = norm == 0 ? (row == col ? 1 : 0) : a[4 * row + col] / norm;
                direction[3 * row + col] = plain(row < 2 ? -ras : ras); // LPS = diag(−1, −1, 1) · RAS
            }
        }
        return new CaseProperties(firstChannel.pixdimXyz(), origin, direction, c.spacingZyxMm(), c.shapeBeforeCroppingZyx(),
                c.bboxUsedForCropping(), c.shapeAfterCroppingBeforeResamplingZyx());
    }

    /** −0.0 as 0.0: negating a zero entry must not print as {@code -0.0} in Python. */
    private static double plain(double v) {
        return v == 0 ? 0.0 : v;
    }

    /** The dict nnU-Net pickles, as {@link PickleWriter} values (tuples where nnU-Net has tuples). */
    public Map<String, Object> toPythonDict() {
        Map<String, Object> sitk = new LinkedHashMap<>();
        sitk.put("spacing", tupleOf(sitkSpacingXyzMm));
        sitk.put("origin", tupleOf(sitkOriginXyzLpsMm));
        sitk.put("direction", tupleOf(sitkDirectionLps));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("sitk_stuff", sitk);
        d.put("spacing", new ArrayList<Object>(Arrays.stream(spacingZyxMm).boxed().toList()));
        d.put("shape_before_cropping", tupleOf(shapeBeforeCroppingZyx));
        Box b = bboxUsedForCropping;
        d.put("bbox_used_for_cropping", List.of(List.of(b.z0(), b.z1()), List.of(b.y0(), b.y1()), List.of(b.x0(), b.x1())));
        d.put("shape_after_cropping_and_before_resampling", tupleOf(shapeAfterCroppingAndBeforeResamplingZyx));
        return d;
    }

    /** Writes {@code <case>.pkl}: {@link #toPythonDict} pickled (protocol 2) into a stream the caller owns. */
    public void writePickle(OutputStream out) throws IOException {
        PickleWriter.write(out, toPythonDict());
    }

    private static PickleWriter.Tuple tupleOf(double[] v) {
        return PickleWriter.tuple(Arrays.stream(v).boxed().toArray());
    }

    private static PickleWriter.Tuple tupleOf(int[] v) {
        return PickleWriter.tuple(Arrays.stream(v).boxed().toArray());
    }

    @Override public double[] sitkSpacingXyzMm() { return sitkSpacingXyzMm.clone(); }

    @Override public double[] sitkOriginXyzLpsMm() { return sitkOriginXyzLpsMm.clone(); }

    @Override public double[] sitkDirectionLps() { return sitkDirectionLps.clone(); }

    @Override public double[] spacingZyxMm() { return spacingZyxMm.clone(); }

    @Override public int[] shapeBeforeCroppingZyx() { return shapeBeforeCroppingZyx.clone(); }

    @Override public int[] shapeAfterCroppingAndBeforeResamplingZyx() { return shapeAfterCroppingAndBeforeResamplingZyx.clone(); }

    @Override
    public boolean equals(Object o) {
        return o instanceof CaseProperties p && Arrays.equals(sitkSpacingXyzMm, p.sitkSpacingXyzMm)
                && Arrays.equals(sitkOriginXyzLpsMm, p.sitkOriginXyzLpsMm) && Arrays.equals(sitkDirectionLps, p.sitkDirectionLps)
                && Arrays.equals(spacingZyxMm, p.spacingZyxMm) && Arrays.equals(shapeBeforeCroppingZyx, p.shapeBeforeCroppingZyx)
                && bboxUsedForCropping.equals(p.bboxUsedForCropping)
                && Arrays.equals(shapeAfterCroppingAndBeforeResamplingZyx, p.shapeAfterCroppingAndBeforeResamplingZyx);
    }

    @Override
    public int hashCode() {
        return toPythonDict().toString().hashCode();
    }

    @Override
    public String toString() {
        return "CaseProperties" + toPythonDict();
    }
}

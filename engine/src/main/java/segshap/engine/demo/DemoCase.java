package segshap.engine.demo;

import segshap.engine.units.TotalSegmentatorLabels;
import java.io.IOException;
import java.nio.file.Path;
import segshap.kernels.nifti.NiftiDataType;
import segshap.kernels.nifti.NiftiImage;
import segshap.kernels.nifti.NiftiWriter;
import segshap.kernels.tensor.FloatTensor;

/**
 * A phantom written as the files a user of segshap has: {@code ct.nii.gz} (HU, int16), {@code organs.nii.gz}
 * (TotalSegmentator numbering) with {@code organs.tsv} names, and {@code ground_truth.nii.gz}
 * (1 spleen, 2 lymph nodes).
 *
 * @param ct          the CT file
 * @param organs      the organ label map
 * @param organNames  the names sidecar
 * @param groundTruth the reference segmentation
 * @param ctImage     the CT as written (geometry for everything else)
 */
public record DemoCase(Path ct, Path organs, Path organNames, Path groundTruth, NiftiImage ctImage) {

    /** Writes {@code phantom} into {@code dir}. */
    public static DemoCase write(Phantom phantom, Path dir) throws IOException {
        int[] zyx = phantom.ctHuZyx().shape();
        double[] spacing = phantom.spacingZyxMm();
        NiftiImage ct = new NiftiImage(new int[] {zyx[2], zyx[1], zyx[0]}, phantom.affine(),
                new double[] {spacing[2], spacing[1], spacing[0]}, NiftiDataType.INT16, rounded(phantom.ctHuZyx()), 1f, 0f);
        Path ctFile = dir.resolve("ct.nii.gz");
        NiftiWriter.write(ctFile, ct);
        Path organs = dir.resolve("organs.nii.gz");
        NiftiWriter.write(organs, ct.withData(phantom.organLabelsZyx(), NiftiDataType.UINT8));
        Path names = dir.resolve("organs.tsv");
        TotalSegmentatorLabels.writeNamesTsv(names, phantom.organLabelIdsPresent());
        Path truth = dir.resolve("ground_truth.nii.gz");
        NiftiWriter.write(truth, ct.withData(phantom.groundTruthZyx(), NiftiDataType.UINT8));
        return new DemoCase(ctFile, organs, names, truth, ct);
    }

    /** CTs are stored as integer HU, like scanners write them. */
    private static FloatTensor rounded(FloatTensor hu) {
        float[] v = hu.data().clone();
        for (int i = 0; i < v.length; i++) v[i] = (float) Math.rint(v[i]);
        return new FloatTensor(hu.shape(), v);
    }
}

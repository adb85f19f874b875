package segshap.engine.explain;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import segshap.engine.figures.AttributionFigure;
import segshap.engine.figures.CurvePlot;
import segshap.engine.figures.CurvePlotData;
import segshap.engine.metrics.PerturbationCurves;
import segshap.engine.output.OutputException;
import segshap.engine.output.OutputTransaction;
import segshap.engine.units.UnitPartition;
import segshap.kernels.InputException;
import segshap.kernels.nifti.NiftiDataType;
import segshap.kernels.nifti.NiftiImage;
import segshap.kernels.nifti.NiftiWriter;
import segshap.kernels.predict.NetworkGridMapping;
import segshap.kernels.tensor.FloatTensor;
import segshap.protocol.ExplanationReport;
import segshap.protocol.FaithfulnessMetrics;
import segshap.protocol.ReportJson;
import segshap.protocol.ValueAttribution;

/**
 * Writes an explanation folder: {@code units.nii.gz} (unit id per voxel), {@code roi.nii.gz} (the region explained,
 * 1 inside, uint8), {@code shap_<value>.nii.gz} (φ per voxel, float32) and {@code shap_<value>.png}, all in the CT's
 * geometry, {@code curves_<value>.png} when the
 * report has faithfulness metrics, and {@code report.json}. Every result is one {@link OutputTransaction}: the files
 * are written to hidden temporaries, the earlier result in the folder is removed (its report first), and the new
 * files are renamed into place with {@code report.json} last, so a report is there only when every file it
 * describes is complete and from the same run.
 */
public final class ExplanationWriter {
    /** File name of the report inside an explanation folder. */
    public static final String REPORT = "report.json";

    private ExplanationWriter() {}

    /**
     * Writes every output of {@code e} into {@code dir}, replacing an earlier result there.
     *
     * @return the files written, {@code report.json} last
     * @throws InputException  if {@code dir} is not empty and holds no segshap result ({@link ExplanationFolder})
     * @throws OutputException naming the file that could not be written and the OS reason
     */
    public static List<Path> write(Explanation e, Path dir) throws IOException {
        return write(e, ExplanationFolder.inspect(dir, "output folder", false), OutputTransaction.FILES);
    }

    /**
     * Writes every output of {@code e} into an inspected folder, replacing the result found there.
     *
     * @param opener how the temporaries are opened ({@link OutputTransaction#FILES} outside tests)
     * @return the files written, {@code report.json} last
     * @throws OutputException naming the file that could not be written and the OS reason
     */
    public static List<Path> write(Explanation e, ExplanationFolder folder, OutputTransaction.Opener opener) throws IOException {
        Path dir = folder.dir();
        ExplanationSetup s = e.setup();
        NetworkGridMapping mapping = s.network().mapping();
        ExplanationReport report = e.report();
        UnitPartition p = s.units().partition();
        int[] unitIndexNet = p.unitIndicesOverGrid();
        float[] idsNet = new float[unitIndexNet.length];
        int maxId = 0;
        for (int i = 0; i < idsNet.length; i++) {
            int u = unitIndexNet[i];
            idsNet[i] = u < 0 ? 0 : p.unit(u).id();
            maxId = Math.max(maxId, (int) idsNet[i]);
        }
        FloatTensor idsCt = mapping.toCtGrid(new FloatTensor(mapping.netShapeZyx(), idsNet), 0f);
        NiftiImage ct = s.inputs().ct();
        FloatTensor roiCt = mapping.toCtGrid(new FloatTensor(mapping.netShapeZyx(), toFloat(s.roi().roi().maskOverGrid())), 0f);
        int[] indexOfId = indexOfId(p, maxId);
        try (OutputTransaction tx = new OutputTransaction(opener)) {
            writeNifti(tx, dir.resolve("units.nii.gz"), ct.withData(idsCt, maxId < 65536 ? NiftiDataType.UINT16 : NiftiDataType.INT32));
            // the viewer draws the ROI contour from it; the report alone holds only the ROI's box
            writeNifti(tx, dir.resolve("roi.nii.gz"), ct.withData(roiCt, NiftiDataType.UINT8));
            for (Map.Entry<String, ValueAttribution> v : report.values().entrySet()) {
                double[] phi = v.getValue().phi();
                float[] map = new float[idsCt.size()];
                float[] ids = idsCt.data();
                for (int i = 0; i < map.length; i++) {
                    int id = (int) ids[i];
                    map[i] = id == 0 ? 0f : (float) phi[indexOfId[id]];
                }
                FloatTensor phiCt = new FloatTensor(ct.shapeZyx(), map);
                writeNifti(tx, dir.resolve("shap_" + v.getKey() + ".nii.gz"), ct.withData(phiCt, NiftiDataType.FLOAT32));
                AttributionFigure figure = new AttributionFigure(ct.dataZyx(), ct.spacingZyxMm(), phiCt, roiCt, title(report, v.getKey()))
                        .withVoxelToWorldRas(ct.affine()).withUnitBoundaries(idsCt);
                tx.write(dir.resolve("shap_" + v.getKey() + ".png"), figure::writePng);
            }
            if (report.metrics() != null) writeCurves(tx, report, dir);
            tx.write(dir.resolve(REPORT), out -> ReportJson.write(out, report));
            return tx.commit(folder.ownFiles());
        }
    }

    /**
     * Replaces {@code report.json} in {@code dir} by {@code report} (with metrics) and draws {@code curves_<value>.png}.
     *
     * @return the files written, {@code report.json} last
     * @throws OutputException naming the file that could not be written and the OS reason
     */
    public static List<Path> writeEvaluation(ExplanationReport report, Path dir) throws IOException {
        return writeEvaluation(report, dir, OutputTransaction.FILES);
    }

    /**
     * As {@link #writeEvaluation(ExplanationReport, Path)}, opening temporaries with {@code opener}. The curves
     * are renamed into place before the report; evaluation is deterministic, so curves that replace earlier
     * ones of the same explanation are the same curves, and the report never goes missing.
     */
    public static List<Path> writeEvaluation(ExplanationReport report, Path dir, OutputTransaction.Opener opener) throws IOException {
        try (OutputTransaction tx = new OutputTransaction(opener)) {
            writeCurves(tx, report, dir);
            tx.write(dir.resolve(REPORT), out -> ReportJson.write(out, report));
            return tx.commit(List.of());
        }
    }

    private static void writeNifti(OutputTransaction tx, Path file, NiftiImage image) throws OutputException {
        tx.write(file, out -> NiftiWriter.write(out, true, file.toString(), image));
    }

    private static void writeCurves(OutputTransaction tx, ExplanationReport report, Path dir) throws OutputException {
        for (Map.Entry<String, FaithfulnessMetrics> m : report.metrics().entrySet()) {
            FaithfulnessMetrics f = m.getValue();
            // undefined normalisation (s_max = s_min): the plot leaves the normalised numbers out (NaN)
            boolean normalised = f.naopc() != null;
            double nAopcLerf = normalised ? aopc(normalised(f.lerf(), f.morf())) : Double.NaN;
            CurvePlotData data = new CurvePlotData(label(m.getKey()), runLabel(report), f.morf(), f.lerf(), f.aopc(),
                    aopc(f.lerf()), f.abpc(), normalised ? f.naopc() : Double.NaN, nAopcLerf, normalised ? f.nabpc() : Double.NaN);
            tx.write(dir.resolve("curves_" + m.getKey() + ".png"), out -> CurvePlot.writePng(data, out));
        }
    }

    /** (1/K) Σ_{k=1..K} (s(0) − s(k)). */
    private static double aopc(double[] s) {
        int k = s.length - 1;
        if (k < 1) return Double.NaN;
        double sum = 0;
        for (int i = 1; i <= k; i++) sum += s[0] - s[i];
        return sum / k;
    }

    /** s̃(k) = (s(k) − s_min)/(s_max − s_min + ε) with s_max = s(0), s_min = the all-removed score (paper eq. 9). */
    private static double[] normalised(double[] s, double[] morf) {
        double max = morf[0], min = morf[morf.length - 1];
        double[] out = new double[s.length];
        for (int i = 0; i < s.length; i++) out[i] = (s[i] - min) / (max - min + PerturbationCurves.NORMALISATION_EPSILON);
        return out;
    }

    private static float[] toFloat(byte[] b) {
        float[] f = new float[b.length];
        for (int i = 0; i < b.length; i++) f[i] = b[i];
        return f;
    }

    private static int[] indexOfId(UnitPartition p, int maxId) {
        int[] index = new int[maxId + 1];
        for (int u = 0; u < p.unitCount(); u++) index[p.unit(u).id()] = u;
        return index;
    }

    private static String label(String value) {
        return switch (value) {
            case "tp" -> "TP";
            case "fp" -> "FP";
            case "dice" -> "Dice";
            case "softdice" -> "Soft Dice";
            default -> value;
        };
    }

    private static String runLabel(ExplanationReport r) {
        String units = r.job().units().kind() + (r.job().units().fccEdgeMm() == null ? ""
                : String.format(Locale.ROOT, " a=%.0f mm", r.job().units().fccEdgeMm()));
        return String.format(Locale.ROOT, "%s units, %s, seed %d", units, r.sampling().exact() ? "exact" : "budget " + r.sampling().budget(),
                r.sampling().seed());
    }

    private static String title(ExplanationReport r, String value) {
        return label(value) + " — " + runLabel(r);
    }
}

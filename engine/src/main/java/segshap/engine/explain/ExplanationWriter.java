package segshap.engine.explain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import segshap.engine.figures.AttributionFigure;
import segshap.engine.figures.CurvePlot;
import segshap.engine.figures.CurvePlotData;
import segshap.engine.metrics.PerturbationCurves;
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
 * Writes an explanation folder: {@code report.json}, {@code units.nii.gz} (unit id per voxel),
 * {@code shap_<value>.nii.gz} (φ per voxel, float32) and {@code shap_<value>.png}, all in the CT's geometry;
 * after {@code evaluate}, {@code curves_<value>.png}.
 */
public final class ExplanationWriter {
    /** File name of the report inside an explanation folder. */
    public static final String REPORT = "report.json";

    private ExplanationWriter() {}

    /**
     * Fails early (before any computation) when {@code dir} cannot be created or written.
     *
     * @throws InputException naming the folder
     */
    public static void checkOutputFolder(Path dir, String option) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InputException(option + " " + dir + ": cannot create the folder (" + e.getMessage() + ")", e);
        }
        if (!Files.isWritable(dir)) throw new InputException(option + " " + dir + ": folder is not writable");
    }

    /** Writes every output of {@code e} into {@code dir} (created if missing); returns the files written, in order. */
    public static List<Path> write(Explanation e, Path dir) throws IOException {
        Files.createDirectories(dir);
        ExplanationSetup s = e.setup();
        NetworkGridMapping mapping = s.network().mapping();
        ExplanationReport report = e.report();
        List<Path> written = new ArrayList<>();
        Path reportFile = dir.resolve(REPORT);
        ReportJson.write(reportFile, report);
        written.add(reportFile);

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
        Path unitsFile = dir.resolve("units.nii.gz");
        NiftiWriter.write(unitsFile, ct.withData(idsCt, maxId < 65536 ? NiftiDataType.UINT16 : NiftiDataType.INT32));
        written.add(unitsFile);

        FloatTensor roiCt = mapping.toCtGrid(new FloatTensor(mapping.netShapeZyx(), toFloat(s.roi().roi().maskOverGrid())), 0f);
        int[] indexOfId = indexOfId(p, maxId);
        for (Map.Entry<String, ValueAttribution> v : report.values().entrySet()) {
            double[] phi = v.getValue().phi();
            float[] map = new float[idsCt.size()];
            float[] ids = idsCt.data();
            for (int i = 0; i < map.length; i++) {
                int id = (int) ids[i];
                map[i] = id == 0 ? 0f : (float) phi[indexOfId[id]];
            }
            FloatTensor phiCt = new FloatTensor(ct.shapeZyx(), map);
            Path nii = dir.resolve("shap_" + v.getKey() + ".nii.gz");
            NiftiWriter.write(nii, ct.withData(phiCt, NiftiDataType.FLOAT32));
            written.add(nii);
            Path png = dir.resolve("shap_" + v.getKey() + ".png");
            new AttributionFigure(ct.dataZyx(), ct.spacingZyxMm(), phiCt, roiCt, title(report, v.getKey()))
                    .withVoxelToWorldRas(ct.affine()).withUnitBoundaries(idsCt).writePng(png);
            written.add(png);
        }
        return written;
    }

    /** Rewrites {@code report.json} with metrics and draws {@code curves_<value>.png}. */
    public static List<Path> writeEvaluation(ExplanationReport report, Path dir) throws IOException {
        List<Path> written = new ArrayList<>();
        Path reportFile = dir.resolve(REPORT);
        ReportJson.write(reportFile, report);
        written.add(reportFile);
        for (Map.Entry<String, FaithfulnessMetrics> m : report.metrics().entrySet()) {
            FaithfulnessMetrics f = m.getValue();
            // undefined normalisation (s_max = s_min): the plot leaves the normalised numbers out (NaN)
            boolean normalised = f.naopc() != null;
            double nAopcLerf = normalised ? aopc(normalised(f.lerf(), f.morf())) : Double.NaN;
            CurvePlotData data = new CurvePlotData(label(m.getKey()), runLabel(report), f.morf(), f.lerf(), f.aopc(),
                    aopc(f.lerf()), f.abpc(), normalised ? f.naopc() : Double.NaN, nAopcLerf, normalised ? f.nabpc() : Double.NaN);
            Path png = dir.resolve("curves_" + m.getKey() + ".png");
            CurvePlot.writePng(data, png);
            written.add(png);
        }
        return written;
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

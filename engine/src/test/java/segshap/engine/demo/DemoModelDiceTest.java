package segshap.engine.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.kernels.backend.ForwardBackend;
import segshap.kernels.cpu.CpuBackend;
import segshap.kernels.cpu.CpuBackends;
import segshap.kernels.model.ModelFolderLoader;
import segshap.kernels.model.NnunetModel;
import segshap.kernels.nifti.NiftiImage;
import segshap.kernels.predict.NnunetPredictor;
import segshap.kernels.preprocess.PreprocessedCase;
import segshap.kernels.tensor.FloatTensor;
import segshap.kernels.window.TileProgress;

/**
 * The shipped model, loaded from its files through the ordinary nnU-Net loader, segments a phantom it never
 * saw (training used seeds 1000–1059 and 8001–8002) well enough: the targets.
 */
class DemoModelDiceTest {
    static final double SPLEEN_DICE_TARGET = 0.85;
    static final double LYMPH_NODE_DICE_TARGET = 0.6;
    static final long HELD_OUT_SEED = 9101;

    @TempDir Path tmp;

    @Test
    void theEmbeddedModelReachesTheDiceTargetsOnAHeldOutPhantom() throws Exception {
        Phantom phantom = PhantomGenerator.generate(HELD_OUT_SEED, PhantomGrid.DEMO);
        DemoCase demo = DemoCase.write(phantom, tmp);
        NnunetModel model = ModelFolderLoader.load(EmbeddedDemoModel.extractTo(tmp.resolve("model")), null, null);
        FloatTensor seg;
        try (ForwardBackend backend = CpuBackends.forModel(model, Runtime.getRuntime().availableProcessors(),
                CpuBackend.DEFAULT_MEMORY_BUDGET_BYTES)) {
            NnunetPredictor p = NnunetPredictor.open(model, backend, NnunetPredictor.Options.defaults());
            NiftiImage ct = demo.ctImage();
            PreprocessedCase c = p.preprocess(ct, "phantom");
            seg = p.segmentationImage(ct, p.export(p.predictLogits(c, TileProgress.NONE), c, false).segmentationZyx()).dataZyx();
        }
        double spleen = dice(seg, phantom.groundTruthZyx(), Phantom.GT_SPLEEN);
        double nodes = dice(seg, phantom.groundTruthZyx(), Phantom.GT_LYMPH_NODES);
        assertTrue(spleen >= SPLEEN_DICE_TARGET, "spleen Dice " + spleen);
        assertTrue(nodes >= LYMPH_NODE_DICE_TARGET, "lymph node Dice " + nodes);
    }

    private static double dice(FloatTensor a, FloatTensor b, int label) {
        float[] x = a.data(), y = b.data();
        long both = 0, nx = 0, ny = 0;
        for (int i = 0; i < x.length; i++) {
            boolean p = x[i] == label, q = y[i] == label;
            if (p) nx++;
            if (q) ny++;
            if (p && q) both++;
        }
        return 2.0 * both / (nx + ny);
    }
}

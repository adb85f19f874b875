package segshap.engine.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.engine.coalition.Coalition;
import segshap.engine.coalition.ReferenceCoalitionEvaluator;
import segshap.engine.demo.DemoCase;
import segshap.engine.demo.EmbeddedDemoModel;
import segshap.engine.demo.Phantom;
import segshap.engine.demo.PhantomGenerator;
import segshap.engine.demo.PhantomGrid;
import segshap.engine.pipeline.CoalitionPipeline;
import segshap.kernels.backend.ForwardBackend;
import segshap.kernels.cpu.CpuBackends;
import segshap.kernels.model.ModelFolderLoader;
import segshap.kernels.model.NnunetModel;
import segshap.kernels.nifti.NiftiDataType;
import segshap.kernels.nifti.NiftiWriter;
import segshap.kernels.tensor.FloatTensor;
import segshap.protocol.ValueAttribution;
import segshap.protocol.job.JobRuntime;
import segshap.protocol.job.JobSpec;

/**
 * End to end through real networks: batch size and memory budget change how the pipeline runs, never a bit of
 * its results — on the fixture model (exact organ attributions) and on the demo case (hybrid units, coalition
 * values against the plain reference evaluator).
 */
class PipelineSettingsKeepResultsTest {
    @TempDir Path tmp;

    @Test
    void exactOrganAttributionsOfTheFixtureModelAreBitIdenticalForEveryBatchSizeAndBudget() throws IOException {
        Path organs = FixtureCase.writeOrgans(tmp);
        Path roi = FixtureCase.writeRoiMask(tmp, new segshap.kernels.tensor.Box(14, 26, 18, 22, 36, 28));
        JobSpec job = FixtureCase.job(organs).roiMask(roi).build();
        long tight = twoTileBytes(FixtureCase.MODEL);
        Map<String, ValueAttribution> first = null;
        for (long budget : new long[] {tight, JobRuntime.DEFAULT_MEMORY_BUDGET_BYTES}) {
            for (int tilesPerBatch : new int[] {1, 3, 16}) {
                try (Explainer explainer = Explainer.start(new JobRuntime(2, tilesPerBatch, budget, "cpu"))) {
                    ExplanationJob run = explainer.prepare(job, p -> { });
                    assertTrue(run.pipeline().maxTilesPerBatch() <= Math.min(tilesPerBatch, 2) || budget != tight,
                            "the tight budget allows at most 2 tiles per batch");
                    Map<String, ValueAttribution> values = run.explain().report().values();
                    if (first == null) {
                        first = values;
                        continue;
                    }
                    for (String v : values.keySet()) {
                        String where = v + " at " + tilesPerBatch + " tiles per batch, budget " + budget;
                        assertArrayEquals(first.get(v).phi(), values.get(v).phi(), 0.0, where);
                        assertEquals(first.get(v).full(), values.get(v).full(), 0.0, where);
                        assertEquals(first.get(v).empty(), values.get(v).empty(), 0.0, where);
                    }
                }
            }
        }
    }

    @Test
    void hybridCoalitionValuesOnTheDemoCaseEqualTheReferenceForEveryBatchSizeAndBudget() throws IOException {
        Phantom phantom = PhantomGenerator.generate(7, PhantomGrid.DEMO);
        DemoCase demo = DemoCase.write(phantom, tmp);
        Path modelDir = EmbeddedDemoModel.extractTo(tmp.resolve("model"));
        float[] gt = phantom.groundTruthZyx().data();
        float[] spleen = new float[gt.length];
        for (int i = 0; i < gt.length; i++) spleen[i] = gt[i] == Phantom.GT_SPLEEN ? 1 : 0;
        Path roi = tmp.resolve("roi.nii.gz");
        NiftiWriter.write(roi, demo.ctImage().withData(new FloatTensor(demo.ctImage().shapeZyx(), spleen), NiftiDataType.UINT8));
        JobSpec job = JobSpec.builder().model(modelDir).ct(demo.ct()).organs(demo.organs()).organNames(demo.organNames())
                .roiMask(roi).target(Phantom.GT_SPLEEN).units("hybrid", 30.0).budgetFixed(64).build();

        double[][] expected = null;
        List<Coalition> coalitions = null;
        NnunetModel model = ModelFolderLoader.load(modelDir, null, null);
        long tight = 64L << 20;
        for (long[] setting : new long[][] {{1, tight}, {3, JobRuntime.DEFAULT_MEMORY_BUDGET_BYTES}, {16, JobRuntime.DEFAULT_MEMORY_BUDGET_BYTES}}) {
            try (Explainer explainer = Explainer.start(new JobRuntime(2, (int) setting[0], setting[1], "cpu"))) {
                ExplanationJob run = explainer.prepare(job, p -> { });
                if (expected == null) {
                    coalitions = sample(run.setup().units().players(), run.setup().units().partition().unitCount());
                    try (ForwardBackend backend = CpuBackends.forModel(model, 2, JobRuntime.DEFAULT_MEMORY_BUDGET_BYTES)) {
                        ReferenceCoalitionEvaluator reference = new ReferenceCoalitionEvaluator(run.setup().plan(), backend, 2);
                        assertArrayEquals(reference.baseline().fusedOverB(), run.setup().baseline().fusedOverB(), "baseline");
                        expected = reference.evaluate(coalitions);
                    }
                }
                double[][] got = CoalitionPipeline.join(run.pipeline().evaluate(coalitions, run.setup().baseline(), c -> { }));
                for (int c = 0; c < coalitions.size(); c++) {
                    assertArrayEquals(expected[c], got[c], 0.0, "coalition " + c + " at " + setting[0] + " tiles per batch, budget " + setting[1]);
                }
            }
        }
    }

    /** Four random coalitions over the players (each kept with probability 1/2), the full and the empty one. */
    private static List<Coalition> sample(int[] players, int units) {
        SplittableRandom rnd = new SplittableRandom(11);
        List<Coalition> out = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            boolean[] kept = new boolean[units];
            for (int p : players) kept[p] = rnd.nextBoolean();
            out.add(Coalition.fromFlags(kept));
        }
        out.add(Coalition.of(units, players));
        out.add(Coalition.empty(units));
        return out;
    }

    /** What a batch of two tiles costs on the model's CPU backend: a budget that forces batches of at most two. */
    private static long twoTileBytes(Path model) {
        NnunetModel m = ModelFolderLoader.load(model, null, null);
        try (ForwardBackend b = CpuBackends.forModel(m, 2, JobRuntime.DEFAULT_MEMORY_BUDGET_BYTES)) { // the threads the runs use: workspace grows with them
            return b.batchBytes(m.plan().patchSizeZyx(), 2);
        }
    }
}

package segshap.kernels.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import segshap.kernels.cpu.CpuBackend;
import segshap.kernels.model.ModelFixtures;
import segshap.kernels.model.ModelFolderLoader;
import segshap.kernels.model.NnunetModel;
import segshap.kernels.tensor.Box;
import segshap.kernels.tensor.FloatTensor;

/** Several folds: found in the folder, and their logits averaged per tile. */
class EnsembleBackendTest {
    static final Path MODEL = ModelFixtures.TINY_CT;

    @Test
    void foldsAreAveragedInFoldOrder() {
        NnunetModel model = ModelFolderLoader.load(MODEL, null, null);
        ModelWeights a = model.foldWeights().get(0);
        Map<String, FloatTensor> changed = new HashMap<>(a.tensors());
        String seg = "decoder.seg_layers.2.bias";
        float[] bias = changed.get(seg).data().clone();
        for (int i = 0; i < bias.length; i++) bias[i] += 0.75f * (i + 1);
        changed.put(seg, new FloatTensor(changed.get(seg).shape(), bias));
        ModelWeights b = new ModelWeights("changed", changed);
        int[] tile = model.plan().patchSizeZyx();
        float[] input = new float[tile[0] * tile[1] * tile[2]];
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < input.length; i++) input[i] = (float) rnd.nextGaussian();
        Box all = Box.ofShape(tile);
        int n = 3 * input.length;
        float[] outA = new float[n], outB = new float[n], outE = new float[n];
        long budget = CpuBackend.DEFAULT_MEMORY_BUDGET_BYTES;
        Box[] crops = {all};
        try (CpuBackend fa = new CpuBackend(model.network(), a, 1, budget);
             CpuBackend fb = new CpuBackend(model.network(), b, 1, budget)) {
            fa.forward(TileBatch.packed(tile, 3, input, crops, outA));
            fb.forward(TileBatch.packed(tile, 3, input, crops, outB));
        }
        try (EnsembleBackend e = new EnsembleBackend(List.of(new CpuBackend(model.network(), a, 1, budget),
                new CpuBackend(model.network(), b, 1, budget)))) {
            e.forward(TileBatch.packed(tile, 3, input, crops, outE));
        }
        float[] expected = new float[n];
        for (int i = 0; i < n; i++) expected[i] = (outA[i] + outB[i]) / 2f;
        assertArrayEquals(expected, outE, 0f);
    }

    @Test
    void budgetIsTheSmallestFoldsAndBatchBytesCountsEveryFoldAndTheAccumulator() {
        NnunetModel model = ModelFolderLoader.load(MODEL, null, null);
        ModelWeights w = model.foldWeights().get(0);
        int[] tile = model.plan().patchSizeZyx();
        try (CpuBackend a = new CpuBackend(model.network(), w, 1, 300L << 20);
             CpuBackend b = new CpuBackend(model.network(), w, 2, 200L << 20)) {
            EnsembleBackend e = new EnsembleBackend(List.of(a, b));
            assertEquals(200L << 20, e.memoryBudgetBytes());
            long accumulator = 4L * 2 * 3 * tile[0] * tile[1] * tile[2];
            assertEquals(a.batchBytes(tile, 2) + b.batchBytes(tile, 2) + accumulator, e.batchBytes(tile, 2));
        }
    }

    @Test
    void everyFoldFolderWithACheckpointIsLoadedInOrder(@TempDir Path tmp) throws IOException {
        for (String f : List.of("plans.json", "dataset.json")) Files.copy(MODEL.resolve(f), tmp.resolve(f));
        for (String fold : List.of("fold_0", "fold_3")) {
            Files.createDirectories(tmp.resolve(fold));
            Files.copy(MODEL.resolve("fold_0/checkpoint_final.pth"), tmp.resolve(fold).resolve("checkpoint_final.pth"));
        }
        Files.createDirectories(tmp.resolve("fold_1")); // no checkpoint: not a finished fold
        NnunetModel model = ModelFolderLoader.load(tmp, null, null);
        assertEquals(List.of("fold_0", "fold_3"), model.foldNames());
    }
}

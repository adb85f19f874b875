package segshap.kernels.backend;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import segshap.kernels.cpu.CpuBackend;
import segshap.kernels.model.ModelFixtures;
import segshap.kernels.model.ModelFolderLoader;
import segshap.kernels.model.NnunetModel;
import segshap.kernels.tensor.FloatTensor;

/** {@link ForwardBackendContract} for an {@link EnsembleBackend} of two CPU folds with different weights. */
class EnsembleBackendContractTest extends ForwardBackendContract {
    private static final NnunetModel MODEL = ModelFolderLoader.load(ModelFixtures.TINY_CT, null, null);

    @Override
    protected ForwardBackend open() {
        ModelWeights a = MODEL.foldWeights().get(0);
        Map<String, FloatTensor> changed = new HashMap<>(a.tensors());
        String seg = "decoder.seg_layers.2.bias";
        float[] bias = changed.get(seg).data().clone();
        for (int i = 0; i < bias.length; i++) bias[i] -= 0.5f * (i + 1);
        changed.put(seg, new FloatTensor(changed.get(seg).shape(), bias));
        long budget = 256L << 20;
        return new EnsembleBackend(List.of(new CpuBackend(MODEL.network(), a, 1, budget),
                new CpuBackend(MODEL.network(), new ModelWeights("changed", changed), 1, budget / 2)));
    }
}

package segshap.kernels.window;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import segshap.kernels.backend.ForwardBackend;
import segshap.kernels.backend.ForwardBackendContract;
import segshap.kernels.backend.ModelWeights;
import segshap.kernels.cpu.CpuBackend;
import segshap.kernels.model.ModelFixtures;
import segshap.kernels.model.ModelFolderLoader;
import segshap.kernels.model.NnunetModel;

/**
 * {@link ForwardBackendContract} for {@link MirroringBackend} around the fixture network on the CPU (a real
 * network, so a tile's logits depend on the whole tile through InstanceNorm), mirroring over y and x.
 */
class MirroringBackendContractTest extends ForwardBackendContract {
    private static final NnunetModel MODEL = ModelFolderLoader.load(ModelFixtures.TINY_CT, null, null);
    private final List<ForwardBackend> inner = new ArrayList<>();

    @Override
    protected ForwardBackend open() {
        ModelWeights w = MODEL.foldWeights().get(0);
        CpuBackend cpu = new CpuBackend(MODEL.network(), w, 2, CpuBackend.DEFAULT_MEMORY_BUDGET_BYTES);
        inner.add(cpu);
        return new MirroringBackend(cpu, new int[] {1, 2});
    }

    /** The mirroring backend leaves the wrapped one to its owner: this test. */
    @AfterEach
    void closeWrapped() {
        inner.forEach(ForwardBackend::close);
    }
}

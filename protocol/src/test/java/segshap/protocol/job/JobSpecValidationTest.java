package segshap.protocol.job;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JobSpecValidationTest {

    private static JobSpec.Builder valid() {
        return JobSpecJsonRoundTripTest.minimal();
    }

    private static Arguments refused(String path, Supplier<Object> make) {
        return Arguments.of(Named.of(path, path), make);
    }

    static Stream<Arguments> invalidJobs() {
        return Stream.of(
                refused("inputs.model", () -> valid().model("").build()),
                refused("inputs.ct", () -> valid().ct((String) null).build()),
                refused("inputs.organs", () -> valid().organs(" ").build()),
                refused("inputs.organNames", () -> valid().organNames("").build()),
                refused("inputs.folds", () -> valid().folds(List.of()).build()),
                refused("inputs.folds[1]", () -> valid().folds("fold_0", "3").build()),
                refused("inputs.folds[1]", () -> valid().folds("fold_0", "fold_0").build()),
                refused("inputs.folds[0]", () -> valid().folds(Arrays.asList((String) null)).build()),
                refused("roi.file", () -> valid().roiMask("").build()),
                refused("roi.label", () -> valid().roiComponent(0).build()),
                refused("roi.seedVoxelIjk", () -> valid().roiSeedWorldMm(1, 2, 3).roiSeedVoxelIjk(1, 2, 3).build()),
                refused("roi.seedWorldMm", () -> valid().roiSeedWorldMm(1, Double.NaN, 3).build()),
                refused("roi.seedWorldMm", () -> new JobRoi.Component(1, List.of(1.0, 2.0), null)),
                refused("roi.seedVoxelIjk", () -> valid().roiSeedVoxelIjk(1, -2, 3).build()),
                refused("roi:", () -> JobSpec.builder().model("m").ct("c").organs("o").target(1).build()),
                refused("roi:", () -> JobSpec.builder().model("m").ct("c").organs("o").target(1).roiSeedWorldMm(1, 2, 3).build()),
                refused("units.kind", () -> valid().units("voxels").build()),
                refused("units.fccEdgeMm", () -> valid().units("organs", 20.0).build()),
                refused("units.fccEdgeMm", () -> valid().units("regular").build()),
                refused("units.fccEdgeMm", () -> valid().units("hybrid", -5.0).build()),
                refused("units.fccEdgeMm", () -> valid().units("hybrid", Double.POSITIVE_INFINITY).build()),
                refused("units.unitMarginMm", () -> valid().unitMarginMm(-1.0).build()),
                refused("values:", () -> JobSpec.builder().model("m").ct("c").organs("o").roiComponent(1).build()),
                refused("values.target", () -> valid().target(0).build()),
                refused("values.reported", () -> valid().values(List.of()).build()),
                refused("values.reported[1]", () -> valid().values("dice", "iou").build()),
                refused("values.reported[1]", () -> valid().values("dice", "dice").build()),
                refused("values.maskHu", () -> valid().maskHu(Double.NaN).build()),
                refused("values.scoreRegion", () -> valid().scoreRegion("sphere").build()),
                refused("sampling.budget", () -> new JobSampling("sometimes", null, null, null, 0)),
                refused("sampling.coalitions", () -> valid().budgetFixed(1).build()),
                refused("sampling.coalitions", () -> new JobSampling("exact", 100, null, null, 0)),
                refused("sampling.coalitions", () -> new JobSampling("auto", 100, null, null, 0)),
                refused("sampling.maxCoalitions", () -> valid().budgetAuto(1).build()),
                refused("sampling.maxCoalitions", () -> new JobSampling("fixed", 100, 200, null, 0)),
                refused("sampling.maxCoalitions", () -> new JobSampling("exact", null, 200, null, 0)),
                refused("sampling.allocation", () -> valid().allocation("uniform").build()),
                refused("runtime.threads", () -> valid().threads(0).build()),
                refused("runtime.tilesPerBatch", () -> valid().tilesPerBatch(0).build()),
                refused("runtime.memoryBudgetBytes", () -> valid().memoryBudgetBytes(0).build()),
                refused("runtime.device", () -> valid().device("gpu").build()),
                refused("runtime.device", () -> valid().device("cuda:-1").build()),
                refused("cache.capacityBytes", () -> valid().cacheCapacityBytes(-1).build()),
                refused("cache.dir", () -> valid().cacheDir("").build()),
                refused("strategy.kind", () -> valid().strategy("fast").build()),
                refused("strategy.tiling", () -> valid().tiling("tiles").build()),
                refused("strategy.tiling", () -> valid().strategy("paper").tiling("nnunet").build()),
                refused("units.region", () -> valid().unitRegion("box").build()),
                refused("units.unitMarginMm", () -> valid().unitRegion("brf").unitMarginMm(20.0).build()),
                refused("sampling.coalitions", () -> new JobSampling("paper", 100, null, null, 0)),
                refused("sampling.design", () -> valid().design("random").build()),
                refused("sampling.design", () -> valid().strategy("paper").design("walks").build()),
                refused("sampling.forwardBudget", () -> valid().forwardBudget(0L).build()),
                refused("sampling.forwardBudget", () -> valid().budgetAuto().forwardBudget(1000L).build()),
                refused("inputs:", () -> new JobSpec(null, new JobRoi.Mask("r"), null, JobValues.of(1, null, null, null), null, null, null,
                        null)));
    }

    @ParameterizedTest(name = "{0} is named when it is wrong")
    @MethodSource("invalidJobs")
    void everyValidationErrorStartsWithTheFieldsJsonPath(String path, Supplier<Object> make) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make::get);
        assertTrue(e.getMessage().startsWith(path.endsWith(":") ? path : path + " ")
                || e.getMessage().startsWith(path + ":"), e.getMessage());
    }
}

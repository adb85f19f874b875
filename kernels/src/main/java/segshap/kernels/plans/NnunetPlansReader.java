package segshap.kernels.plans;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import segshap.kernels.InputException;
import segshap.kernels.backend.Architecture;
import segshap.kernels.backend.NetworkSpec;

/**
 * Reads one configuration of an nnU-Net v2 {@code plans.json} into a {@link ConfigurationPlan}.
 *
 * <p>Resolves {@code inherits_from} (parent first, then the child's top-level keys override, as nnU-Net's
 * {@code PlansManager} does; cycles are an error), reads the legacy names
 * {@code foreground_intensity_properties_by_modality} and the pre-{@code architecture} network fields, and
 * checks that the network is one segshap can run: 3D {@code PlainConvUNet} or {@code ResidualEncoderUNet}
 * (BasicBlockD, default stem) with {@code Conv3d}, {@code InstanceNorm3d(affine=True)} and
 * {@code LeakyReLU} (or {@code ReLU}, slope 0). Every rejection names the file and the field path, e.g.
 * {@code configurations.3d_fullres.architecture.arch_kwargs.norm_op}.
 *
 * <pre>{@code
 * DatasetJson dataset = DatasetJson.read(folder.resolve("dataset.json"));
 * ConfigurationPlan plan = NnunetPlansReader.read(folder.resolve("plans.json"), "3d_fullres", dataset);
 * plan.network().featuresPerStage();   // [4, 8, 16, 32]
 * }</pre>
 */
public final class NnunetPlansReader {
    static final Set<String> RESAMPLING_FUNCTIONS =
            Set.of("resample_data_or_seg_to_shape", "resample_data_or_seg_to_spacing", "no_resampling_hack");
    private static final double TORCH_NORM_EPS_DEFAULT = 1e-5; // torch.nn.InstanceNorm3d default eps
    private static final double TORCH_LEAKY_SLOPE_DEFAULT = 0.01; // torch.nn.LeakyReLU default negative_slope
    private static final double NNUNET_ANISO_THRESHOLD = 3.0; // nnunetv2.configuration.ANISO_THRESHOLD

    private static final Set<String> COMMON_ARCH_KWARGS = Set.of("n_stages", "features_per_stage", "conv_op",
            "kernel_sizes", "strides", "n_conv_per_stage_decoder", "conv_bias", "norm_op", "norm_op_kwargs",
            "dropout_op", "dropout_op_kwargs", "nonlin", "nonlin_kwargs", "deep_supervision");
    private static final Set<String> PLAIN_ARCH_KWARGS = Set.of("n_conv_per_stage", "nonlin_first");
    private static final Set<String> RESENC_ARCH_KWARGS = Set.of("n_blocks_per_stage", "block",
            "bottleneck_channels", "stem_channels");

    private NnunetPlansReader() {}

    /**
     * Reads configuration {@code configurationName} of {@code plansJson}.
     *
     * @param plansJson         the model folder's {@code plans.json}
     * @param configurationName e.g. {@code 3d_fullres}
     * @param dataset           the model's dataset.json: gives the input channel count and the number of heads
     * @throws InputException if the file is missing or malformed, the configuration does not exist, or
     *                        anything in it is unsupported (the message names the field path)
     */
    public static ConfigurationPlan read(Path plansJson, String configurationName, DatasetJson dataset) {
        JsonNode root = JsonFields.parse(plansJson, "expected nnU-Net's plans.json (copied into the model folder by training)");
        JsonFields f = new JsonFields(plansJson.toString());
        JsonNode configurations = f.object(root, "configurations", "configurations");
        if (!configurations.has(configurationName)) {
            List<String> names = new ArrayList<>();
            configurations.fieldNames().forEachRemaining(names::add);
            throw f.error("configurations", "has no configuration '" + configurationName + "'; available: " + names);
        }
        Map<String, String> origin = new HashMap<>();
        ObjectNode config = resolveInheritance(f, configurations, configurationName, new LinkedHashSet<>(), origin);
        Paths p = new Paths(configurationName, origin);

        checkOptionalName(f, config, "preprocessor_name", p, "DefaultPreprocessor");
        checkOptionalName(f, root, "label_manager", null, "LabelManager");

        int channels = dataset.inputChannelCount();
        int[] patch = f.intArray(f.require(config, "patch_size", p.of("patch_size")), p.of("patch_size"));
        if (patch.length != 3) {
            throw f.error(p.of("patch_size"), "has " + patch.length + " entries " + java.util.Arrays.toString(patch)
                    + "; only 3D configurations (such as 3d_fullres) are supported");
        }
        for (int v : patch) if (v < 1) throw f.error(p.of("patch_size"), "entries must be >= 1, found " + v);
        double[] spacing = f.doubleArray(f.require(config, "spacing", p.of("spacing")), p.of("spacing"));
        if (spacing.length != 3) throw f.error(p.of("spacing"), "expected 3 entries (z, y, x), found " + spacing.length);
        for (double v : spacing) {
            if (!(v > 0) || Double.isInfinite(v)) throw f.error(p.of("spacing"), "entries must be positive, found " + v);
        }

        int[] tf = permutation(f, root, "transpose_forward");
        int[] tb = permutation(f, root, "transpose_backward");
        for (int i = 0; i < 3; i++) {
            if (tb[tf[i]] != i) {
                throw f.error("transpose_backward", java.util.Arrays.toString(tb) + " is not the inverse of transpose_forward "
                        + java.util.Arrays.toString(tf));
            }
        }

        List<NormalizationScheme> schemes = new ArrayList<>();
        JsonNode schemesNode = f.array(config, "normalization_schemes", p.of("normalization_schemes"));
        checkChannelCount(f, schemesNode, p.of("normalization_schemes"), dataset);
        for (int c = 0; c < channels; c++) {
            String path = p.of("normalization_schemes") + "[" + c + "]";
            JsonNode n = schemesNode.get(c);
            if (!n.isTextual()) throw f.error(path, "expected a class name, found " + JsonFields.describe(n));
            schemes.add(NormalizationScheme.ofPlanName(n.asText(), f.file() + ": " + path));
        }
        List<Boolean> useMask = new ArrayList<>();
        JsonNode maskNode = f.array(config, "use_mask_for_norm", p.of("use_mask_for_norm"));
        checkChannelCount(f, maskNode, p.of("use_mask_for_norm"), dataset);
        for (int c = 0; c < channels; c++) useMask.add(f.bool(maskNode.get(c), p.of("use_mask_for_norm") + "[" + c + "]"));

        List<IntensityProperties> intensities = readIntensityProperties(f, root, channels);
        ResamplingSpec data = readResampling(f, config, p, "resampling_fn_data");
        ResamplingSpec probabilities = readResampling(f, config, p, "resampling_fn_probabilities");

        JsonNode architecture = config.has("architecture")
                ? f.object(config, "architecture", p.of("architecture"))
                : legacyArchitecture(f, config, p);
        NetworkSpec network = readNetwork(f, architecture, p.of("architecture"), channels, dataset.numHeads());
        return new ConfigurationPlan(configurationName, patch, spacing, tf, tb, schemes, useMask, intensities, data,
                probabilities, network);
    }

    // ---------------------------------------------------------------- configuration

    /** The field path of a resolved key: names the configuration the key was inherited from. */
    private record Paths(String configuration, Map<String, String> origin) {
        String of(String key) {
            return "configurations." + origin.getOrDefault(key, configuration) + "." + key;
        }
    }

    private static ObjectNode resolveInheritance(JsonFields f, JsonNode configurations, String name,
                                                 LinkedHashSet<String> visiting, Map<String, String> origin) {
        if (!visiting.add(name)) {
            throw f.error("configurations." + name + ".inherits_from", "circular inheritance " + visiting + " → " + name
                    + "; make one configuration stand alone");
        }
        JsonNode own = configurations.get(name);
        if (own == null) {
            throw f.error("configurations", "configuration '" + name + "' (inherited from by "
                    + new ArrayList<>(visiting).get(visiting.size() - 2) + ") does not exist");
        }
        if (!own.isObject()) throw f.error("configurations." + name, "expected an object, found " + JsonFields.describe(own));
        ObjectNode resolved;
        JsonNode parent = own.get("inherits_from");
        if (parent != null && !parent.isNull()) {
            if (!parent.isTextual()) {
                throw f.error("configurations." + name + ".inherits_from", "expected a configuration name, found "
                        + JsonFields.describe(parent));
            }
            resolved = resolveInheritance(f, configurations, parent.asText(), visiting, origin);
        } else {
            resolved = JsonNodeFactory.instance.objectNode();
        }
        Iterator<Map.Entry<String, JsonNode>> it = own.properties().iterator();
        while (it.hasNext()) { // a shallow dict.update, as PlansManager does
            Map.Entry<String, JsonNode> e = it.next();
            resolved.set(e.getKey(), e.getValue().deepCopy());
            origin.put(e.getKey(), name);
        }
        return resolved;
    }

    private static void checkOptionalName(JsonFields f, JsonNode node, String key, Paths p, String expected) {
        JsonNode n = node.get(key);
        if (n == null || n.isNull()) return;
        String path = p == null ? key : p.of(key);
        if (!n.isTextual() || !n.asText().equals(expected)) {
            throw f.error(path, "is " + JsonFields.describe(n) + "; only nnU-Net's " + expected + " is supported");
        }
    }

    private static int[] permutation(JsonFields f, JsonNode root, String key) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) return new int[] {0, 1, 2}; // absent in hand-written plans: identity
        int[] perm = f.intArray(n, key);
        boolean ok = perm.length == 3;
        boolean[] seen = new boolean[3];
        for (int i = 0; ok && i < 3; i++) {
            ok = perm[i] >= 0 && perm[i] < 3 && !seen[perm[i]];
            if (ok) seen[perm[i]] = true;
        }
        if (!ok) throw f.error(key, java.util.Arrays.toString(perm) + " is not a permutation of [0, 1, 2]");
        return perm;
    }

    private static void checkChannelCount(JsonFields f, JsonNode list, String path, DatasetJson dataset) {
        if (list.size() != dataset.inputChannelCount()) {
            throw f.error(path, "has " + list.size() + " entries but " + dataset.source() + " declares "
                    + dataset.inputChannelCount() + " input channels; plans.json and dataset.json do not belong together");
        }
    }

    private static List<IntensityProperties> readIntensityProperties(JsonFields f, JsonNode root, int channels) {
        String key = "foreground_intensity_properties_per_channel";
        if (!root.has(key) && root.has("foreground_intensity_properties_by_modality")) {
            key = "foreground_intensity_properties_by_modality"; // legacy name
        }
        JsonNode all = f.object(root, key, key);
        List<IntensityProperties> out = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            String path = key + "." + c;
            JsonNode n = all.get(Integer.toString(c));
            if (n == null) throw f.error(path, "missing (statistics of input channel " + c + ")");
            if (!n.isObject()) throw f.error(path, "expected an object, found " + JsonFields.describe(n));
            out.add(new IntensityProperties(
                    f.number(f.require(n, "mean", path + ".mean"), path + ".mean"),
                    f.number(f.require(n, "std", path + ".std"), path + ".std"),
                    f.number(f.require(n, "percentile_00_5", path + ".percentile_00_5"), path + ".percentile_00_5"),
                    f.number(f.require(n, "percentile_99_5", path + ".percentile_99_5"), path + ".percentile_99_5"),
                    f.number(f.require(n, "min", path + ".min"), path + ".min"),
                    f.number(f.require(n, "max", path + ".max"), path + ".max")));
        }
        return out;
    }

    /**
     * {@code resampling_fn_x} + {@code resampling_fn_x_kwargs}; missing kwargs take the defaults of the
     * function's signature ({@code is_seg=False, order=3, order_z=0, force_separate_z=False}).
     */
    private static ResamplingSpec readResampling(JsonFields f, JsonNode config, Paths p, String key) {
        String fn = f.string(config, key, p.of(key));
        if (!RESAMPLING_FUNCTIONS.contains(fn)) {
            throw f.error(p.of(key), "unsupported resampling function '" + fn + "'; supported: "
                    + new java.util.TreeSet<>(RESAMPLING_FUNCTIONS));
        }
        String kwPath = p.of(key + "_kwargs");
        JsonNode kw = config.get(key + "_kwargs");
        if (kw == null || kw.isNull()) kw = JsonNodeFactory.instance.objectNode();
        if (!kw.isObject()) throw f.error(kwPath, "expected an object, found " + JsonFields.describe(kw));
        if (fn.equals("no_resampling_hack")) {
            if (kw.size() > 0) throw f.error(kwPath, "no_resampling_hack takes no arguments, found " + JsonFields.describe(kw));
            return new ResamplingSpec(fn, false, 0, 0, Boolean.FALSE);
        }
        boolean isSeg = false;
        int order = 3;
        int orderZ = 0;
        Boolean forceSeparateZ = Boolean.FALSE;
        Iterator<Map.Entry<String, JsonNode>> it = kw.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = kwPath + "." + e.getKey();
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "is_seg" -> isSeg = f.bool(v, path);
                case "order" -> order = f.integer(v, path);
                case "order_z" -> orderZ = f.integer(v, path);
                case "force_separate_z" -> forceSeparateZ = v.isNull() ? null : f.bool(v, path);
                case "separate_z_anisotropy_threshold" -> {
                    if (f.number(v, path) != NNUNET_ANISO_THRESHOLD) {
                        throw f.error(path, "is " + v + "; only nnU-Net's default " + NNUNET_ANISO_THRESHOLD + " is supported");
                    }
                }
                default -> throw f.error(path, "unknown argument of " + fn);
            }
        }
        for (int o : new int[] {order, orderZ}) {
            if (o < 0 || o > 5) throw f.error(kwPath, "spline orders must be 0–5, found " + o);
        }
        return new ResamplingSpec(fn, isSeg, order, orderZ, forceSeparateZ);
    }

    // ---------------------------------------------------------------- architecture

    /** Rebuilds the {@code architecture} block of early v2 plans exactly as nnU-Net's ConfigurationManager does. */
    private static JsonNode legacyArchitecture(JsonFields f, JsonNode config, Paths p) {
        if (!config.has("UNet_class_name")) {
            throw f.error(p.of("architecture"), "missing (and no legacy UNet_class_name either)");
        }
        String cls = f.string(config, "UNet_class_name", p.of("UNet_class_name"));
        String blocksKey;
        String className;
        switch (cls) {
            case "PlainConvUNet" -> {
                blocksKey = "n_conv_per_stage";
                className = Architecture.PLAIN_CONV_UNET.className();
            }
            case "ResidualEncoderUNet" -> {
                blocksKey = "n_blocks_per_stage";
                className = Architecture.RESIDUAL_ENCODER_UNET.className();
            }
            default -> throw f.error(p.of("UNet_class_name"), "unsupported architecture '" + cls
                    + "'; supported: PlainConvUNet, ResidualEncoderUNet");
        }
        int[] encoder = f.intArray(f.require(config, "n_conv_per_stage_encoder", p.of("n_conv_per_stage_encoder")),
                p.of("n_conv_per_stage_encoder"));
        int base = f.integer(f.require(config, "UNet_base_num_features", p.of("UNet_base_num_features")),
                p.of("UNet_base_num_features"));
        int max = f.integer(f.require(config, "unet_max_num_features", p.of("unet_max_num_features")),
                p.of("unet_max_num_features"));
        JsonNodeFactory j = JsonNodeFactory.instance;
        ObjectNode kw = j.objectNode();
        kw.put("n_stages", encoder.length);
        ArrayNode features = kw.putArray("features_per_stage");
        for (int i = 0; i < encoder.length; i++) features.add((int) Math.min((long) base << i, max));
        kw.put("conv_op", "torch.nn.modules.conv.Conv3d");
        kw.set("kernel_sizes", f.require(config, "conv_kernel_sizes", p.of("conv_kernel_sizes")).deepCopy());
        kw.set("strides", f.require(config, "pool_op_kernel_sizes", p.of("pool_op_kernel_sizes")).deepCopy());
        kw.set(blocksKey, f.require(config, "n_conv_per_stage_encoder", p.of("n_conv_per_stage_encoder")).deepCopy());
        kw.set("n_conv_per_stage_decoder",
                f.require(config, "n_conv_per_stage_decoder", p.of("n_conv_per_stage_decoder")).deepCopy());
        kw.put("conv_bias", true);
        kw.put("norm_op", "torch.nn.modules.instancenorm.InstanceNorm3d");
        kw.putObject("norm_op_kwargs").put("eps", 1e-5).put("affine", true);
        kw.putNull("dropout_op");
        kw.putNull("dropout_op_kwargs");
        kw.put("nonlin", "torch.nn.LeakyReLU");
        kw.putObject("nonlin_kwargs").put("inplace", true);
        ObjectNode arch = j.objectNode();
        arch.put("network_class_name", className);
        arch.set("arch_kwargs", kw);
        return arch;
    }

    private static NetworkSpec readNetwork(JsonFields f, JsonNode arch, String path, int inputChannels, int numHeads) {
        String clsPath = path + ".network_class_name";
        String cls = f.string(arch, "network_class_name", clsPath);
        String simple = cls.substring(cls.lastIndexOf('.') + 1);
        Architecture architecture;
        // nnU-Net locates the class by its simple name inside dynamic_network_architectures when the module moved
        if (cls.startsWith("dynamic_network_architectures.") && simple.equals("PlainConvUNet")) {
            architecture = Architecture.PLAIN_CONV_UNET;
        } else if (cls.startsWith("dynamic_network_architectures.") && simple.equals("ResidualEncoderUNet")) {
            architecture = Architecture.RESIDUAL_ENCODER_UNET;
        } else {
            throw f.error(clsPath, "unsupported architecture '" + cls + "'; supported: "
                    + Architecture.PLAIN_CONV_UNET.className() + ", " + Architecture.RESIDUAL_ENCODER_UNET.className());
        }
        boolean plain = architecture == Architecture.PLAIN_CONV_UNET;
        String kp = path + ".arch_kwargs";
        JsonNode kw = f.object(arch, "arch_kwargs", kp);
        Iterator<String> names = kw.fieldNames();
        while (names.hasNext()) {
            String k = names.next();
            if (!COMMON_ARCH_KWARGS.contains(k) && !(plain ? PLAIN_ARCH_KWARGS : RESENC_ARCH_KWARGS).contains(k)) {
                throw f.error(kp + "." + k, "unsupported argument of " + simple + " (segshap cannot build that variant)");
            }
        }

        int nStages = f.integer(f.require(kw, "n_stages", kp + ".n_stages"), kp + ".n_stages");
        if (nStages < 1) throw f.error(kp + ".n_stages", "must be >= 1, found " + nStages);
        int[] features = perStage(f, f.require(kw, "features_per_stage", kp + ".features_per_stage"), nStages,
                kp + ".features_per_stage");
        String blocksKey = plain ? "n_conv_per_stage" : "n_blocks_per_stage";
        int[] blocks = perStage(f, f.require(kw, blocksKey, kp + "." + blocksKey), nStages, kp + "." + blocksKey);
        int[] decoder = perStage(f, f.require(kw, "n_conv_per_stage_decoder", kp + ".n_conv_per_stage_decoder"),
                nStages - 1, kp + ".n_conv_per_stage_decoder");
        int[][] kernels = triples(f, f.require(kw, "kernel_sizes", kp + ".kernel_sizes"), nStages, kp + ".kernel_sizes");
        int[][] strides = triples(f, f.require(kw, "strides", kp + ".strides"), nStages, kp + ".strides");
        for (int s = 0; s < nStages; s++) {
            for (int a = 0; a < 3; a++) {
                if (kernels[s][a] % 2 == 0) {
                    throw f.error(kp + ".kernel_sizes[" + s + "]", "has the even size " + kernels[s][a]
                            + "; only odd kernels keep the shape with nnU-Net's padding (k-1)/2");
                }
            }
        }

        String conv = className(f, kw, "conv_op", kp);
        if (!conv.equals("torch.nn.modules.conv.Conv3d") && !conv.equals("torch.nn.Conv3d")) {
            throw f.error(kp + ".conv_op", "is '" + conv + "'; only torch.nn.modules.conv.Conv3d (3D networks) is supported");
        }

        String norm = className(f, kw, "norm_op", kp);
        if (!norm.equals("torch.nn.modules.instancenorm.InstanceNorm3d") && !norm.equals("torch.nn.InstanceNorm3d")) {
            throw f.error(kp + ".norm_op", "is '" + norm + "'; only torch.nn.modules.instancenorm.InstanceNorm3d is supported");
        }
        double eps = TORCH_NORM_EPS_DEFAULT;
        boolean affine = false; // torch's InstanceNorm default
        JsonNode normKw = kw.get("norm_op_kwargs");
        if (normKw != null && !normKw.isNull()) {
            if (!normKw.isObject()) throw f.error(kp + ".norm_op_kwargs", "expected an object, found " + JsonFields.describe(normKw));
            if (normKw.has("eps")) eps = f.number(normKw.get("eps"), kp + ".norm_op_kwargs.eps");
            if (normKw.has("affine")) affine = f.bool(normKw.get("affine"), kp + ".norm_op_kwargs.affine");
            JsonNode track = normKw.get("track_running_stats");
            if (track != null && f.bool(track, kp + ".norm_op_kwargs.track_running_stats")) {
                throw f.error(kp + ".norm_op_kwargs.track_running_stats", "is true; only per-tile statistics "
                        + "(track_running_stats false, nnU-Net's default) are supported");
            }
        }
        if (!affine) {
            throw f.error(kp + ".norm_op_kwargs.affine", "must be true (nnU-Net's default); InstanceNorm without "
                    + "affine parameters is not supported");
        }
        if (!(eps > 0)) throw f.error(kp + ".norm_op_kwargs.eps", "must be positive, found " + eps);

        JsonNode nonlinNode = kw.get("nonlin");
        if (nonlinNode == null || nonlinNode.isNull()) {
            throw f.error(kp + ".nonlin", "is missing or null; only torch.nn.LeakyReLU and torch.nn.ReLU are supported");
        }
        String nonlin = className(f, kw, "nonlin", kp);
        double slope;
        JsonNode nonlinKw = kw.get("nonlin_kwargs");
        if (nonlinKw != null && !nonlinKw.isNull() && !nonlinKw.isObject()) {
            throw f.error(kp + ".nonlin_kwargs", "expected an object, found " + JsonFields.describe(nonlinKw));
        }
        switch (nonlin) {
            case "torch.nn.LeakyReLU", "torch.nn.modules.activation.LeakyReLU" -> {
                slope = TORCH_LEAKY_SLOPE_DEFAULT; // nnU-Net passes only {inplace: true}
                if (nonlinKw != null && nonlinKw.has("negative_slope")) {
                    slope = f.number(nonlinKw.get("negative_slope"), kp + ".nonlin_kwargs.negative_slope");
                }
            }
            case "torch.nn.ReLU", "torch.nn.modules.activation.ReLU" -> slope = 0.0;
            default -> throw f.error(kp + ".nonlin", "is '" + nonlin
                    + "'; only torch.nn.LeakyReLU and torch.nn.ReLU are supported");
        }

        JsonNode dropout = kw.get("dropout_op");
        if (dropout != null && !dropout.isNull()) {
            String d = className(f, kw, "dropout_op", kp);
            // dropout is the identity in eval mode; only its module index inside all_modules shifts (aliases we drop)
            if (!d.startsWith("torch.nn.modules.dropout.Dropout") && !d.startsWith("torch.nn.Dropout")) {
                throw f.error(kp + ".dropout_op", "is '" + d + "'; only torch.nn dropout classes or null are supported");
            }
        }
        boolean convBias = false; // dynamic-network-architectures default
        if (kw.has("conv_bias")) convBias = f.bool(kw.get("conv_bias"), kp + ".conv_bias");
        if (kw.has("deep_supervision") && !kw.get("deep_supervision").isNull()) {
            f.bool(kw.get("deep_supervision"), kp + ".deep_supervision"); // irrelevant at inference (off)
        }

        if (plain) {
            JsonNode nf = kw.get("nonlin_first");
            if (nf != null && !nf.isNull() && f.bool(nf, kp + ".nonlin_first")) {
                throw f.error(kp + ".nonlin_first", "is true (conv → nonlin → norm); only false is supported");
            }
        } else {
            JsonNode block = kw.get("block");
            if (block != null && !block.isNull()) {
                String b = block.isTextual() ? block.asText() : JsonFields.describe(block);
                if (!b.equals("BasicBlockD") && !b.endsWith(".BasicBlockD")) {
                    throw f.error(kp + ".block", "is '" + b + "'; only BasicBlockD residual blocks are supported");
                }
            }
            JsonNode bottleneck = kw.get("bottleneck_channels");
            if (bottleneck != null && !bottleneck.isNull()) {
                throw f.error(kp + ".bottleneck_channels", "is " + JsonFields.describe(bottleneck)
                        + "; bottleneck blocks are not supported (must be null or absent)");
            }
            JsonNode stem = kw.get("stem_channels");
            if (stem != null && !stem.isNull() && f.integer(stem, kp + ".stem_channels") != features[0]) {
                throw f.error(kp + ".stem_channels", "is " + stem + "; only the default stem width features_per_stage[0] = "
                        + features[0] + " is supported");
            }
        }
        return new NetworkSpec(architecture, inputChannels, numHeads, features, kernels, strides, blocks, decoder,
                convBias, eps, slope);
    }

    private static String className(JsonFields f, JsonNode kw, String key, String kp) {
        JsonNode n = f.require(kw, key, kp + "." + key);
        if (!n.isTextual()) throw f.error(kp + "." + key, "expected a dotted class name, found " + JsonFields.describe(n));
        return n.asText();
    }

    /** A per-stage list of positive ints (an int is broadcast, as dynamic-network-architectures does). */
    private static int[] perStage(JsonFields f, JsonNode n, int count, String path) {
        int[] out;
        if (n.isNumber()) {
            out = new int[count];
            java.util.Arrays.fill(out, f.integer(n, path));
        } else {
            out = f.intArray(n, path);
        }
        if (out.length != count) {
            throw f.error(path, "has " + out.length + " entries, expected " + count);
        }
        for (int v : out) if (v < 1) throw f.error(path, "entries must be >= 1, found " + v);
        return out;
    }

    /** A per-stage list of zyx triples (an int stands for an isotropic triple). */
    private static int[][] triples(JsonFields f, JsonNode n, int count, String path) {
        int[][] out = new int[count][];
        if (n.isNumber()) {
            int v = f.integer(n, path);
            for (int s = 0; s < count; s++) out[s] = new int[] {v, v, v};
        } else {
            if (!n.isArray()) throw f.error(path, "expected a list, found " + JsonFields.describe(n));
            if (n.size() != count) throw f.error(path, "has " + n.size() + " entries, expected " + count);
            for (int s = 0; s < count; s++) {
                JsonNode e = n.get(s);
                String ep = path + "[" + s + "]";
                if (e.isNumber()) {
                    int v = f.integer(e, ep);
                    out[s] = new int[] {v, v, v};
                } else {
                    out[s] = f.intArray(e, ep);
                    if (out[s].length != 3) throw f.error(ep, "expected 3 entries (z, y, x), found " + out[s].length);
                }
            }
        }
        for (int s = 0; s < count; s++) {
            for (int v : out[s]) if (v < 1) throw f.error(path + "[" + s + "]", "entries must be >= 1, found " + v);
        }
        return out;
    }
}

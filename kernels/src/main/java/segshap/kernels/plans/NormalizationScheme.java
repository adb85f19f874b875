package segshap.kernels.plans;

import segshap.kernels.InputException;

/** nnU-Net's per-channel intensity normalisation schemes, by their class name in plans.json. */
public enum NormalizationScheme {
    CT("CTNormalization"),
    ZSCORE("ZScoreNormalization"),
    NONE("NoNormalization"),
    RESCALE_TO_01("RescaleTo01Normalization"),
    RGB_TO_01("RGBTo01Normalization");

    private final String planName;

    NormalizationScheme(String planName) {
        this.planName = planName;
    }

    /** The class name used in plans.json {@code normalization_schemes}. */
    public String planName() {
        return planName;
    }

    /**
     * The scheme named {@code name} in plans.json.
     *
     * @throws InputException naming {@code where} if the scheme is unknown
     */
    public static NormalizationScheme ofPlanName(String name, String where) {
        for (NormalizationScheme s : values()) {
            if (s.planName.equals(name)) return s;
        }
        throw new InputException(where + ": unsupported normalization scheme '" + name + "'; supported: "
                + "CTNormalization, ZScoreNormalization, NoNormalization, RescaleTo01Normalization, RGBTo01Normalization");
    }
}

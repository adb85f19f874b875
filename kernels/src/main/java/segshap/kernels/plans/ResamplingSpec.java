package segshap.kernels.plans;

/**
 * One resampling function of the plans ({@code resampling_fn_data} / {@code _probabilities} and kwargs).
 *
 * @param function        nnU-Net function name, e.g. {@code resample_data_or_seg_to_shape}
 * @param isSeg           whether the data are label maps
 * @param order           spline order in-plane (and in 3D when not separate-z): 0, 1 or 3
 * @param orderZ          spline order along the separate z axis
 * @param forceSeparateZ  {@code null} = automatic decision (anisotropy &gt; 3), else forced on/off
 */
public record ResamplingSpec(String function, boolean isSeg, int order, int orderZ, Boolean forceSeparateZ) {}

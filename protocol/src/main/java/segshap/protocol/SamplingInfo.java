package segshap.protocol;

/**
 * How the coalitions were chosen.
 *
 * @param budget      coalitions allowed (excluding the empty and full coalitions)
 * @param evaluations coalitions actually evaluated (including empty and full)
 * @param exact       true when all 2^M coalitions were enumerated
 * @param seed        seed of the sampling design
 * @param allocation  {@code equal} or {@code kernel} size allocation ({@code exact} in exact mode)
 */
public record SamplingInfo(long budget, long evaluations, boolean exact, long seed, String allocation) {}

package segshap.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How the coalitions were chosen.
 *
 * @param budget      coalitions allowed (excluding the empty and full coalitions)
 * @param evaluations coalitions actually evaluated (including empty and full)
 * @param exact       true when all 2^M coalitions were enumerated
 * @param seed        seed of the sampling design
 * @param allocation  {@code equal} or {@code kernel} size allocation ({@code exact} in exact mode)
 * @param design      {@code pairs} or {@code walks} for a sampled design, {@code exact} in exact mode; {@code null} in
 *                    reports written before designs could be chosen (they used pairs)
 * @param tileForwards tile forwards the Shapley estimate ran (baseline and curves not included); {@code null} when not
 *                    counted
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SamplingInfo(long budget, long evaluations, boolean exact, long seed, String allocation, String design,
                           Long tileForwards) {
    /** Sampling info without design and forward count (reports of earlier versions). */
    public SamplingInfo(long budget, long evaluations, boolean exact, long seed, String allocation) {
        this(budget, evaluations, exact, seed, allocation, null, null);
    }
}

package segshap.engine.explain;

import segshap.kernels.InputException;

/**
 * The coalition budget: a number of coalitions, {@code exact} (all 2^M − 2) or {@code auto} (grow until the
 * Covert–Lee criterion holds, at most {@code maxBudget}).
 *
 * @param mode      how to spend it
 * @param budget    coalitions for {@link Mode#FIXED}
 * @param maxBudget the ceiling of {@link Mode#AUTO}
 */
public record BudgetSpec(Mode mode, int budget, int maxBudget) {
    /** Default ceiling of {@code auto}. */
    public static final int DEFAULT_MAX_BUDGET = 8192;
    /** Default budget: exact for up to 11 units, sampled beyond. */
    public static final int DEFAULT_BUDGET = 2048;

    /** How the budget is spent. */
    public enum Mode { FIXED, EXACT, AUTO }

    /** Parses {@code N}, {@code exact} or {@code auto}; the message names the option. */
    public static BudgetSpec parse(String text, int maxBudget, String option) {
        String t = text.trim();
        if (t.equalsIgnoreCase("exact")) return new BudgetSpec(Mode.EXACT, 0, maxBudget);
        if (t.equalsIgnoreCase("auto")) return new BudgetSpec(Mode.AUTO, 0, maxBudget);
        try {
            int n = Integer.parseInt(t);
            if (n < 2) throw new InputException(option + " " + n + ": a budget must be at least 2 coalitions");
            return new BudgetSpec(Mode.FIXED, n, n);
        } catch (NumberFormatException e) {
            throw new InputException(option + " '" + text + "': expected a number of coalitions, 'exact' or 'auto'");
        }
    }

    @Override
    public String toString() {
        return switch (mode) {
            case FIXED -> Integer.toString(budget);
            case EXACT -> "exact";
            case AUTO -> "auto";
        };
    }
}

/**
 * Coalition evaluation: a coalition m (a set of kept units) → the four scores TP, FP, Dice, Soft Dice.
 *
 * <p>{@link segshap.engine.coalition.ReferenceCoalitionEvaluator} does it the plain way (perturb, run every
 * relevant tile, fuse over B, score) and is the reference the fast path is tested against.
 * {@link segshap.engine.coalition.CachedCoalitionEvaluator} uses the {@code m|U_s} rule: a tile's input is
 * fully determined by the bits of m on the units meeting it, so clean tiles reuse the baseline and any
 * repeated pattern reuses a cached tile output over {@code s ∩ B}. Both produce the same numbers bit for bit,
 * because each tile is forwarded on the same input and fused in the same order.
 */
package segshap.engine.coalition;

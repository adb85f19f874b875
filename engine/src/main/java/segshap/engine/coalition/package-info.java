/**
 * Coalitions and what it takes to evaluate one: a {@link segshap.engine.coalition.Coalition} is a set of kept
 * units (players), a {@link segshap.engine.coalition.Game} maps coalitions to the K value functions, and
 * {@link segshap.engine.coalition.Perturbation} masks the removed units.
 *
 * <p>{@link segshap.engine.coalition.TilePlan} is the fixed, network-free part of an explanation (relevant
 * tiles, {@code U_s}, crops {@code s ∩ B}, fusion, scoring). A tile's input is fully determined by the
 * coalition's bits on the units meeting it ({@code m|U_s}, a {@link segshap.engine.coalition.TileKey}), so
 * clean tiles reuse the {@link segshap.engine.coalition.Baseline} and any repeated pattern reuses a
 * {@link segshap.engine.coalition.TileCache} entry. {@link segshap.engine.coalition.ReferenceCoalitionEvaluator}
 * does it the plain way (perturb, forward every relevant tile, fuse, score); the streaming pipeline
 * ({@code segshap.engine.pipeline}) must match it bit for bit, which holds because each tile is forwarded on
 * the same input and {@link segshap.engine.coalition.TilePlan#fuse} fuses in relevant-tile order.
 */
package segshap.engine.coalition;

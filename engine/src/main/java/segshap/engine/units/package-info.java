/**
 * Interpretable units on the network grid and the perturbation that removes them (paper §III.B–C).
 *
 * <p>A {@link segshap.engine.units.UnitPartitioner} builds a {@link segshap.engine.units.UnitPartition} of
 * kind {@link segshap.engine.units.UnitKind#ORGANS}, {@link segshap.engine.units.UnitKind#REGULAR} (FCC cells
 * in world mm, {@link segshap.engine.units.FccLattice}) or {@link segshap.engine.units.UnitKind#HYBRID}
 * (FCC cell × organ) inside an ROI's receptive-field support. Units are addressed by index in a fixed
 * order; units that cannot change the prediction are kept in the list but excluded (attribution 0).
 * Masking units for a coalition is {@link segshap.engine.coalition.Perturbation}'s job.
 */
package segshap.engine.units;

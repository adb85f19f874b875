/**
 * Voxel grids and label maps, on any grid: {@link segshap.engine.grid.GridGeometry} (voxel index → world mm),
 * {@link segshap.engine.grid.LabelMap}, nearest-neighbour {@link segshap.engine.grid.LabelResampling} between
 * grids in world space, and {@link segshap.engine.grid.ConnectedComponents}.
 */
package segshap.engine.grid;

/**
 * The region of interest on nnU-Net's network grid and its exact receptive-field support.
 *
 * <p>Everything here lives on the network grid: the CT after nnU-Net's transpose, crop and resampling to
 * the plan's spacing, axes (z, y, x). {@link segshap.engine.grid.GridGeometry} maps its voxel indices to
 * world millimetres (x, y, z). An ROI R ({@link segshap.engine.roi.Roi}) comes from a mask or from a
 * connected component of the baseline prediction ({@link segshap.engine.grid.ConnectedComponents});
 * its bounding box B selects the sliding-window tiles that can change any logit inside B, whose union is
 * the {@link segshap.engine.roi.ReceptiveFieldSupport}.
 */
package segshap.engine.roi;

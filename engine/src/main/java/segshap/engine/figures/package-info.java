/**
 * PNG figures of an explanation: {@link segshap.engine.figures.AttributionFigure} draws three orthogonal
 * slices through the ROI centroid with the CT (soft-tissue window W 400 / L 40 HU), φ as a blue – white –
 * red overlay and the ROI contour, one figure per value function; {@link segshap.engine.figures.CurvePlot}
 * draws the MoRF / LeRF perturbation curves of one value function with JFreeChart.
 *
 * <p>Concepts. Volumes are (z, y, x) tensors in the file's voxel order (NIfTI array transposed (2,1,0)),
 * voxel i, j, k = tensor x, y, z. φ is shown on a symmetric scale ±max|φ| over the whole volume, so the
 * colour of 0 is the same in every figure and red / blue of equal strength mean equal |φ|; opacity rises
 * from 0 at φ = 0 so the CT shows through where units matter little. Panels are resampled for display
 * only (CT bilinear; φ, ROI and unit ids nearest) to square millimetre pixels at one scale for all three
 * panels. With the voxel → RAS affine the view is radiological (patient's right on image left; sagittal
 * with anterior on the left) and edges carry R/L/A/P/S/I; without it, edges name voxel-index directions.
 * Rendering uses Java2D and ImageIO headless, with no clock or random input: the same inputs give the
 * same image.
 */
package segshap.engine.figures;

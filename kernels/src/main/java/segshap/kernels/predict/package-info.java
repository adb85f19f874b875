/**
 * The predictor that chains nnU-Net's inference steps ({@link segshap.kernels.predict.NnunetPredictor}) on a
 * forward backend the caller creates and closes, and the mapping of label-like volumes between the CT's grid
 * and the network grid ({@link segshap.kernels.predict.NetworkGridMapping}).
 */
package segshap.kernels.predict;

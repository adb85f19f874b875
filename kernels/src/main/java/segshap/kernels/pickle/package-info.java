/**
 * Writing Python pickles of plain values ({@link segshap.kernels.pickle.PickleWriter}): dict, list, tuple, str,
 * int, float, bool and None, so that {@code pickle.load} reads them without numpy or any other module. segshap
 * writes nnU-Net's {@code <case>.pkl} with it. Reading is a different concern: torch checkpoints are read by the
 * strict unpickler in {@code segshap.kernels.checkpoint}, which knows torch's globals; this package knows none.
 */
package segshap.kernels.pickle;

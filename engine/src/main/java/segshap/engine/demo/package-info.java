/**
 * The built-in demo: synthetic torso CTs with organ labels, and the small nnU-Net v2 model shipped with segshap.
 *
 * <p>{@link segshap.engine.demo.PhantomGenerator} draws a {@link segshap.engine.demo.Phantom} for a seed on a
 * {@link segshap.engine.demo.PhantomGrid}: a CT in Hounsfield units, an organ label map in TotalSegmentator's
 * {@code total} numbering ({@link segshap.engine.units.TotalSegmentatorLabels}) and the ground truth of the demo
 * task (1 spleen, 2 lymph nodes). Arrays are flat float32 in nnU-Net's axis order (z, y, x); the NIfTI affine
 * of a grid maps the transposed (x, y, z) array to RAS+ millimetres.
 *
 * <p>The model in {@code resources/segshap/demo-model/} (plans.json, dataset.json,
 * fold_0/checkpoint_final.pth) is a genuine nnU-Net v2 {@code 3d_fullres} PlainConvUNet trained on phantoms of
 * seeds 1000–1059 by {@code tools/train_demo_model.py}; its README records the command, the training log and
 * the Dice measured on held-out seeds 9001–9005. Held-out phantoms for a demo or a test must come from seeds
 * outside 1000–1059 and 8001–8002 (validation).
 *
 * <p>Coordinates inside the generator are phantom millimetres: u towards the patient's left, v towards
 * posterior, w towards superior; world RAS+ is (−u, −v, w).
 */
package segshap.engine.demo;

import segshap.engine.units.TotalSegmentatorLabels;

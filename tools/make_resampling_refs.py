#!/usr/bin/python3
"""Resampling references for segshap.kernels.preprocess.Resampling.

Provenance: written for segshap; run with the system interpreter (numpy 1.24.2, scipy 1.10.1,
scikit-image 0.19.3):

    /usr/bin/python3 tools/make_resampling_refs.py    # (re)writes kernels/src/test/resources/preprocess/resampling/

nnU-Net v2 (2.8.1) resamples with `resample_data_or_seg_to_shape`. Its image path calls scikit-image
`resize(x, new_shape, order, mode='edge', anti_aliasing=False)` -- the exact call is made below. The rest of
the function (separate-z decision, per-slice in-plane resize, the move along the thick axis with
`scipy.ndimage.map_coordinates(order=order_z, mode='nearest')`, the one-hot label path of
batchgenerators' `resize_segmentation`, output dtype = input dtype) is re-written here from
research/nnunet-inference.md section 7.4 (nnU-Net itself is not installed), in our own words.

Export references (export_*): float16 and float32 logits on a small network grid taken back to the original
array order through resampling (order 1, separate-z), argmax, crop reversal and transpose_backward [1, 2, 0];
probabilities with torch 1.13's float32 softmax, as nnU-Net's LabelManager computes them.

Also writes float64 input/output pairs of plain skimage resize calls ("doubleResize"), to check the double
computation before it is rounded to float32.

Writes, for each case NAME: NAME.input.npy (c,z,y,x; float32, or float16 for the export-like cases),
NAME.expected.npy (same dtype) and one entry in cases.json with the arguments and the separate-z decision.
cases.json also lists compute_new_shape examples (Python round = half to even, on float64).
Small random volumes (seeded), every file well under 100 kB.
"""
import json
import os

import numpy as np
import torch
from scipy.ndimage import map_coordinates
from skimage.transform import resize

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "kernels", "src", "test", "resources",
                       "preprocess", "resampling")
ANISO_THRESHOLD = 3  # nnunetv2.configuration.ANISO_THRESHOLD


# ---------------------------------------------------------------- nnU-Net's logic, re-written from the spec

def compute_new_shape(old_shape, old_spacing, new_spacing):
    # int(round(old_spacing / new_spacing * old_shape)), Python round = half to even
    return [int(round(s / t * n)) for s, t, n in zip(old_spacing, new_spacing, old_shape)]


def lowres_axes(spacing):
    spacing = np.array(spacing, dtype=float)
    return list(np.where(max(spacing) / spacing == 1)[0])


def is_anisotropic(spacing):
    return (np.max(spacing) / np.min(spacing)) > ANISO_THRESHOLD


def separate_z_decision(force_separate_z, current_spacing, new_spacing):
    if force_separate_z is not None:
        do_sep = force_separate_z
        axes = lowres_axes(current_spacing) if force_separate_z else None
    elif is_anisotropic(current_spacing):
        do_sep, axes = True, lowres_axes(current_spacing)
    elif is_anisotropic(new_spacing):
        do_sep, axes = True, lowres_axes(new_spacing)
    else:
        do_sep, axes = False, None
    if axes is not None:
        if len(axes) > 1:  # ties between 2 or 3 axes switch separate-z off
            return False, None
        return do_sep, int(axes[0])
    return do_sep, None


def resize_labels(seg, new_shape, order):
    # batchgenerators resize_segmentation: order 0 resizes the label values directly; otherwise one-hot per
    # label (ascending), each resized and thresholded at >= 0.5, later labels overwrite earlier ones
    if order == 0:
        return resize(seg.astype(float), new_shape, order, mode="edge", clip=True, anti_aliasing=False).astype(seg.dtype)
    out = np.zeros(new_shape, dtype=seg.dtype)
    for label in np.sort(np.unique(seg)):
        onehot = resize((seg == label).astype(float), new_shape, order, mode="edge", clip=True, anti_aliasing=False)
        out[onehot >= 0.5] = label
    return out


def resize_image(img, new_shape, order):
    return resize(img, new_shape, order, mode="edge", anti_aliasing=False)


def resample_data_or_seg_to_shape(data, new_shape, current_spacing, new_spacing, is_seg, order, order_z,
                                  force_separate_z):
    do_sep, axis = separate_z_decision(force_separate_z, current_spacing, new_spacing)
    shape = np.array(data.shape[1:])
    new_shape = np.array(new_shape)
    if np.all(shape == new_shape):
        return data, do_sep, axis
    resize_fn = resize_labels if is_seg else resize_image
    out = np.zeros((data.shape[0], *new_shape), dtype=data.dtype)
    work = data.astype(float)
    for c in range(data.shape[0]):
        if not do_sep:
            out[c] = resize_fn(work[c], new_shape, order)
            continue
        inplane_shape = [n for d, n in enumerate(new_shape) if d != axis]
        stack_shape = new_shape.copy()
        stack_shape[axis] = shape[axis]
        stack = np.zeros(stack_shape)
        for s in range(shape[axis]):
            index = [slice(None)] * 3
            index[axis] = s
            stack[tuple(index)] = resize_fn(work[c][tuple(index)], inplane_shape, order)
        if shape[axis] == new_shape[axis]:
            out[c] = stack
            continue
        # along the thick axis: coordinates scale * (o + 0.5) - 0.5 per axis (scale 1 in-plane)
        grids = np.mgrid[:new_shape[0], :new_shape[1], :new_shape[2]].astype(float)
        coords = np.array([float(stack.shape[d]) / new_shape[d] * (grids[d] + 0.5) - 0.5 for d in range(3)])
        if not is_seg or order_z == 0:
            out[c] = map_coordinates(stack, coords, order=order_z, mode="nearest")
        else:
            for label in np.sort(np.unique(stack)):
                moved = map_coordinates((stack == label).astype(float), coords, order=order_z, mode="nearest")
                out[c][np.round(moved) > 0.5] = label
    return out, do_sep, axis


def export_logits(logits, geometry, order=1, order_z=0):
    """convert_predicted_logits_to_segmentation_with_correct_shape, label model: resample the logits to the cropped
    shape (current = configuration spacing, new = transposed case spacing; output dtype = logits dtype), argmax
    (first maximum wins), insert into zeros at the bbox, transpose back; probabilities = torch float32 softmax,
    background 1 outside the crop."""
    g = geometry
    resampled, _, _ = resample_data_or_seg_to_shape(logits, g["shapeAfterCroppingBeforeResamplingZyx"],
                                                    g["targetSpacingZyxMm"], g["spacingTransposedZyxMm"], False,
                                                    order, order_z, None)
    seg_cropped = resampled.argmax(0)
    probs_cropped = torch.softmax(torch.from_numpy(resampled).float(), 0).numpy()
    (z0, z1), (y0, y1), (x0, x1) = g["bbox"]
    seg = np.zeros(g["shapeBeforeCroppingZyx"], dtype=np.uint8)
    seg[z0:z1, y0:y1, x0:x1] = seg_cropped
    probs = np.zeros((logits.shape[0], *g["shapeBeforeCroppingZyx"]), dtype=np.float32)
    probs[0] = 1
    probs[:, z0:z1, y0:y1, x0:x1] = probs_cropped
    tb = g["transposeBackward"]
    return seg.transpose(tb), probs.transpose([0] + [i + 1 for i in tb]), probs_cropped.argmax(0)


# ---------------------------------------------------------------- cases

def image(rng, shape, channels=1):
    # smooth trend + noise + a few spikes, so cubic interpolation overshoots and the clip to [min, max] acts
    z, y, x = np.meshgrid(*[np.linspace(0, 1, n) for n in shape], indexing="ij")
    vols = []
    for c in range(channels):
        v = 300 * np.sin(3 * z + 2 * y - x + c) + 50 * rng.standard_normal(shape)
        v[rng.random(shape) < 0.03] = 1000.0 * (c + 1)
        vols.append(v)
    return np.stack(vols).astype(np.float32)


def labels(rng, shape, values=(0, 1, 2, 5)):
    coarse = rng.choice(values, size=[max(1, n // 2) for n in shape])
    full = np.kron(coarse, np.ones((2, 2, 2)))[: shape[0], : shape[1], : shape[2]]
    pad = [(0, n - f) for n, f in zip(shape, full.shape)]
    return np.pad(full, pad, mode="edge")[None].astype(np.float32)


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    rng = np.random.default_rng(20260907)
    iso = [1.0, 1.0, 1.0]
    cases = []

    def add(name, data, new_shape, current, new, is_seg=False, order=3, order_z=0, force=None):
        out, do_sep, axis = resample_data_or_seg_to_shape(data, new_shape, current, new, is_seg, order, order_z,
                                                          force)
        np.save(os.path.join(OUT_DIR, name + ".input.npy"), data)
        np.save(os.path.join(OUT_DIR, name + ".expected.npy"), np.ascontiguousarray(out))
        cases.append({"name": name, "inputShape": list(data.shape), "newShapeZyx": [int(n) for n in new_shape],
                      "currentSpacingZyx": current, "newSpacingZyx": new, "isSeg": is_seg, "order": order,
                      "orderZ": order_z, "forceSeparateZ": force, "dtype": str(data.dtype),
                      "expectDoSeparateZ": bool(do_sep), "expectAxis": -1 if axis is None else axis})

    small = (7, 9, 11)
    # 3D skimage resize (no separate-z), up- and down-sampling mixed per axis
    for order in (0, 1, 3):
        add(f"plain_order{order}_7x9x11_to_10x5x13", image(rng, small), (10, 5, 13), iso, iso, order=order)
        add(f"plain_order{order}_7x9x11_to_4x16x6", image(rng, small), (4, 16, 6), iso, iso, order=order)
    add("plain_order3_two_channels", image(rng, small, 2), (9, 12, 8), iso, iso, order=3)
    add("plain_order3_one_axis_unchanged", image(rng, small), (7, 13, 11), iso, iso, order=3)
    add("plain_order3_12x20x18_to_30x16x25", image(rng, (12, 20, 18)), (30, 16, 25), iso, iso, order=3)
    add("plain_order1_downsample_by_3", image(rng, (12, 18, 15)), (4, 6, 5), iso, iso, order=1)

    # separate-z chosen from the current spacing: (5.0, 1.17, 1.17) -> (2, 2, 2)
    aniso, target = [5.0, 1.17, 1.17], [2.0, 2.0, 2.0]
    ns = compute_new_shape(small, aniso, target)
    for order in (0, 1, 3):
        add(f"sepz_current_order{order}_orderz0", image(rng, small), ns, aniso, target, order=order)
    add("sepz_current_order3_orderz1", image(rng, small), ns, aniso, target, order=3, order_z=1)
    add("sepz_current_order3_orderz3", image(rng, small), ns, aniso, target, order=3, order_z=3)
    add("sepz_current_two_channels", image(rng, small, 2), ns, aniso, target, order=3)
    # separate-z from the new spacing (current isotropic), thick axis 0
    add("sepz_new_spacing_axis0", image(rng, small), (3, 12, 14), [1.0, 1.0, 1.0], [4.0, 0.8, 0.8], order=3)
    # thick axis 1 and 2
    add("sepz_axis1", image(rng, small), (10, 20, 8), [1.0, 4.0, 1.0], [0.7, 1.8, 1.4], order=3)
    add("sepz_axis2", image(rng, small), (5, 6, 30), [1.0, 1.0, 4.5], [1.4, 1.5, 1.65], order=1)
    # separate-z with the thick axis unchanged (only the in-plane resize happens)
    add("sepz_axis0_unchanged", image(rng, small), (7, 5, 6), [5.0, 1.0, 1.0], [5.0, 1.8, 1.8], order=3)
    # ties: two axes share the max spacing -> separate-z off
    add("tie_two_axes_off", image(rng, small), (12, 14, 6), [4.0, 4.0, 1.0], [2.0, 2.5, 1.8], order=3)
    # forced on with isotropic spacing -> three-way tie -> off; forced on with a single max axis -> on
    add("forced_on_isotropic_is_off", image(rng, small), (9, 6, 8), iso, iso, order=3, force=True)
    add("forced_on_axis2", image(rng, small), (9, 6, 15), [1.0, 1.0, 2.0], [1.0, 1.5, 1.4], order=3, force=True)
    # forced off despite anisotropy
    add("forced_off_anisotropic", image(rng, small), ns, aniso, target, order=3, force=False)
    # threshold: ratio exactly 3 is not anisotropic (strictly greater)
    add("ratio_exactly_3_is_isotropic", image(rng, small), (10, 9, 8), [3.0, 1.0, 1.0], [1.5, 1.0, 1.4], order=3)

    # label maps (is_seg): order 0 direct; order 1 one-hot; separate-z with order_z 0 and 1
    add("seg_order0_plain", labels(rng, small), (10, 5, 13), iso, iso, is_seg=True, order=0)
    add("seg_order1_onehot_plain", labels(rng, small), (10, 5, 13), iso, iso, is_seg=True, order=1)
    add("seg_order1_sepz_orderz0", labels(rng, small), ns, aniso, target, is_seg=True, order=1, order_z=0)
    add("seg_order1_sepz_orderz1", labels(rng, small), ns, aniso, target, is_seg=True, order=1, order_z=1)

    # export-like: float16 logits, order 1 / order_z 0, output stored as float16
    logits = (image(rng, (6, 8, 9), 3) / 60.0).astype(np.float16)
    add("fp16_logits_sepz_back", logits, (15, 11, 12), [5.0, 1.2, 1.2], [2.0, 0.88, 0.9], order=1, order_z=0)
    add("fp16_logits_plain_back", (image(rng, (6, 8, 9), 2) / 60.0).astype(np.float16), (9, 11, 7),
        [2.0, 1.2, 1.2], [1.4, 0.88, 1.5], order=1, order_z=0)

    # skimage resize itself kept in float64, to check the double computation before any float32 rounding
    double_cases = []
    for name, shape, new_shape, order in [("double_resize_3d_order3", (7, 9, 11), (10, 5, 13), 3),
                                          ("double_resize_3d_order1", (7, 9, 11), (4, 16, 6), 1),
                                          ("double_resize_2d_order3", (9, 11), (5, 16), 3)]:
        x = rng.standard_normal(shape) * 100.0
        np.save(os.path.join(OUT_DIR, name + ".input.npy"), x)
        np.save(os.path.join(OUT_DIR, name + ".expected.npy"), resize_image(x, new_shape, order))
        double_cases.append({"name": name, "shape": list(shape), "newShape": list(new_shape), "order": order})

    # export: a case read as (12, 9, 10) at spacing (0.9, 0.85, 3.0), transpose_forward [2, 0, 1] (backward
    # [1, 2, 0]), cropped in the transposed frame to bbox z 1..9, y 2..11, x 0..7, resampled to (4.0, 1.3, 1.2) mm
    # -> network grid (6, 6, 5); export resamples back with separate-z along axis 0 (4.0 / 1.2 > 3)
    geometry = {"spacingZyxMm": [0.9, 0.85, 3.0], "transposeForward": [2, 0, 1], "transposeBackward": [1, 2, 0],
                "spacingTransposedZyxMm": [3.0, 0.9, 0.85], "shapeBeforeCroppingZyx": [10, 12, 9],
                "bbox": [[1, 9], [2, 11], [0, 7]], "shapeAfterCroppingBeforeResamplingZyx": [8, 9, 7],
                "targetSpacingZyxMm": [4.0, 1.3, 1.2]}
    geometry["networkShapeZyx"] = compute_new_shape(geometry["shapeAfterCroppingBeforeResamplingZyx"],
                                                    geometry["spacingTransposedZyxMm"], geometry["targetSpacingZyxMm"])
    logits32 = (rng.standard_normal((3, *geometry["networkShapeZyx"])) * 3.0).astype(np.float32)
    logits32[2, :, :3] = logits32[1, :, :3]  # heads 1 and 2 tie in a slab: the first maximum (1) must win
    logits16 = logits32.astype(np.float16)
    export_cases = []
    for name, logits in [("export_fp16", logits16), ("export_fp32", logits32)]:
        seg, probs, seg_from_probs = export_logits(logits, geometry)
        np.save(os.path.join(OUT_DIR, name + ".logits.npy"), logits)
        np.save(os.path.join(OUT_DIR, name + ".seg_zyx.npy"), np.ascontiguousarray(seg))
        np.save(os.path.join(OUT_DIR, name + ".probabilities_czyx.npy"), np.ascontiguousarray(probs))
        export_cases.append({"name": name, "dtype": str(logits.dtype),
                             "labelsPerValue": [int((seg == v).sum()) for v in range(3)],
                             "argmaxOfProbabilitiesDiffersFromLogitsVoxels": int((seg_from_probs != np.asarray(
                                 resample_data_or_seg_to_shape(logits, geometry["shapeAfterCroppingBeforeResamplingZyx"],
                                                               geometry["targetSpacingZyxMm"],
                                                               geometry["spacingTransposedZyxMm"], False, 1, 0,
                                                               None)[0]).argmax(0)).sum())})

    new_shape_examples = []
    for shape, old, new in [((7, 5, 3), (2.5, 2.5, 0.5), (1.0, 1.0, 1.0)),  # 17.5 -> 18, 12.5 -> 12, 1.5 -> 2
                            ((5, 9, 11), (0.5, 1.5, 2.5), (1.0, 1.0, 1.0)),  # 2.5 -> 2, 13.5 -> 14, 27.5 -> 28
                            ((41, 69, 61), (2.0, 0.800000011920929, 0.800000011920929),
                             (2.0, 0.800000011920929, 0.800000011920929)),
                            ((7, 9, 11), (5.0, 1.17, 1.17), (2.0, 2.0, 2.0)),
                            ((120, 512, 512), (2.5, 0.7421875, 0.7421875), (1.5, 1.5, 1.5)),
                            ((33, 100, 100), (3.0, 0.75, 0.75), (2.0, 1.5, 1.5))]:  # 49.5 -> 50 (even)
        new_shape_examples.append({"shapeZyx": list(shape), "oldSpacingZyx": list(old), "newSpacingZyx": list(new),
                                   "expectedZyx": compute_new_shape(shape, old, new)})

    with open(os.path.join(OUT_DIR, "cases.json"), "w") as f:
        json.dump({"provenance": "tools/make_resampling_refs.py; numpy 1.24.2, scipy 1.10.1, scikit-image 0.19.3",
                   "cases": cases, "doubleResize": double_cases,
                   "export": {"geometry": geometry, "resampling": {"function": "resample_data_or_seg_to_shape",
                                                                   "isSeg": False, "order": 1, "orderZ": 0},
                              "cases": export_cases}, "computeNewShape": new_shape_examples}, f, indent=1)
    print(f"wrote {len(cases)} cases to {OUT_DIR}")


if __name__ == "__main__":
    main()

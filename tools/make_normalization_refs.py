#!/usr/bin/python3
"""Normalisation and non-zero-mask references for segshap.kernels.preprocess.

Provenance: written for segshap; run with the system interpreter (numpy 1.24.2, scipy 1.10.1):

    /usr/bin/python3 tools/make_normalization_refs.py    # (re)writes kernels/src/test/resources/preprocess/normalization/

nnU-Net v2's normalisation schemes (research/nnunet-inference.md section 7.3) re-written here in numpy, in our own
words, with the same dtypes and operation order: float32 arrays, Python-float statistics meeting float32 arrays,
numpy's float32 mean()/std() for ZScore. The non-zero mask is nnU-Net's create_nonzero_mask: any channel != 0, then
scipy.ndimage.binary_fill_holes.

Files: case.input.npy (2, z, y, x) float32 with a zero border, a zero hole inside the body and a cavity open to the
border; case.mask.npy (z, y, x) uint8 = filled non-zero mask; one <scheme>.expected.npy per scheme (channel 0 of the
input unless said otherwise).
"""
import os

import numpy as np
from scipy.ndimage import binary_fill_holes

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "kernels", "src", "test", "resources",
                       "preprocess", "normalization")
EPS = 1e-8  # nnU-Net's epsilon for a float32 target


def zscore(image, mask=None):
    image = image.astype(np.float32, copy=True)
    if mask is not None:
        mean = image[mask].mean()
        std = image[mask].std()
        image[mask] = (image[mask] - mean) / max(std, EPS)
    else:
        mean = image.mean()
        std = image.std()
        image -= mean
        image /= max(std, EPS)
    return image


def rescale_to_01(image):
    image = image.astype(np.float32, copy=True)
    image -= image.min()
    image /= np.clip(image.max(), a_min=EPS, a_max=None)
    return image


def rgb_to_01(image):
    image = image.astype(np.float32, copy=True)
    image /= 255.
    return image


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    rng = np.random.default_rng(20260908)
    shape = (9, 31, 27)  # 7533 voxels: several levels of numpy's pairwise summation
    data = np.zeros((2, *shape), dtype=np.float32)
    body = (slice(1, 8), slice(3, 29), slice(2, 25))
    data[(0, *body)] = (rng.standard_normal((7, 26, 23)) * 37.5 + 412.25).astype(np.float32)
    data[(1, *body)] = rng.uniform(0, 255, (7, 26, 23)).round().astype(np.float32)
    data[:, 3:6, 10:15, 8:12] = 0  # enclosed hole: filled in the mask
    data[:, 2:5, 3:9, 2:6] = 0     # cavity touching the body's edge next to the zero border: stays outside
    data[1, 0, 0, 0] = 7.0         # a lone non-zero voxel in channel 1 only widens the box to the corner
    mask = binary_fill_holes(np.any(data != 0, axis=0))

    np.save(os.path.join(OUT_DIR, "case.input.npy"), data)
    np.save(os.path.join(OUT_DIR, "case.mask.npy"), mask.astype(np.uint8))
    np.save(os.path.join(OUT_DIR, "zscore.expected.npy"), zscore(data[0]))
    np.save(os.path.join(OUT_DIR, "zscore_masked.expected.npy"), zscore(data[0], mask))
    np.save(os.path.join(OUT_DIR, "rescale_to_01.expected.npy"), rescale_to_01(data[0]))
    np.save(os.path.join(OUT_DIR, "rgb_to_01.expected.npy"), rgb_to_01(data[1]))
    print("wrote", OUT_DIR)


if __name__ == "__main__":
    main()
